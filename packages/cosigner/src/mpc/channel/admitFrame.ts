/**
 * The checks every frame (each chunk too) passes before it is buffered or dispatched: a new
 * sub-stream starts at round 1 with a fresh sid; an open one gets exactly its next round, and
 * only after the co-signer answered the previous one. Pure: returns the refusal, if any, and
 * whether it ends the open stream.
 */
import type { CosignerErrorCode } from '@tessera/protocol/cosigner'
import type { Frame, Stream } from './channelTypes.ts'

export interface Refusal {
  code: CosignerErrorCode
  message: string
  /** Set when the frame belongs to an open stream, which the refusal ends with this reason. */
  ends?: string
}

export function admitFrame(
  frame: Frame,
  existing: Stream | undefined,
  sidUsed: boolean,
): Refusal | undefined {
  if (existing === undefined) {
    if (sidUsed)
      return {
        code: 'SidReused',
        message: `sid ${frame.sid.slice(0, 16)}… was already used on this connection; never reuse a sid`,
      }
    if (frame.round !== 1)
      return {
        code: 'OutOfOrder',
        message: `no open sub-stream ${frame.sid.slice(0, 16)}…: a sub-stream starts at round 1, got round ${frame.round}`,
      }
    return undefined
  }
  if (frame.protocol !== existing.protocol)
    return {
      code: 'OutOfOrder',
      message: `sub-stream runs "${existing.protocol}", frame says "${frame.protocol}"`,
      ends: 'protocol switched mid-stream',
    }
  if (existing.busy)
    return {
      code: 'OutOfOrder',
      message: `round ${frame.round} arrived before the co-signer answered round ${existing.expectedRound - 1}`,
      ends: 'frame out of order',
    }
  if (frame.round !== existing.expectedRound)
    return {
      code: 'OutOfOrder',
      message: `sub-stream expected round ${existing.expectedRound}, got round ${frame.round}`,
      ends: 'frame out of order',
    }
  return undefined
}
