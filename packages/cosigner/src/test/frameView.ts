/**
 * Test utility: `/v1/mpc` frames as plain objects the channel tests compare against — a data frame
 * as `{sid, protocol, round, keyId?, payload}` with the payload in base64url, an error frame as
 * `{sid, protocol?, round?, error: {code, message, retryable, kind?, culprit?}}` — and back
 * (`frameOf`), so a test writes a frame in one line. The wire form is protocol's binary one.
 */

import { base64urlnopad } from '@scure/base'
import {
  COSIGNER_RETRYABLE_CODES,
  type CosignerDataFrame,
  type CosignerFrame,
} from '@tessera/protocol/cosigner'

export type FrameView = Record<string, unknown>

export function viewOf(frame: CosignerFrame): FrameView {
  if (frame.type === 'data') {
    const { type: _, payload, ...rest } = frame
    return { ...rest, payload: base64urlnopad.encode(payload) }
  }
  const { type: _, error, ...rest } = frame
  return { ...rest, error: { ...error, retryable: COSIGNER_RETRYABLE_CODES.has(error.code) } }
}

/** A data frame from its fields; `payload` as base64url text or bytes. */
export function frameOf(fields: {
  sid: string
  protocol: string
  round: number
  keyId?: string
  part?: number
  parts?: number
  payload: string | Uint8Array
}): CosignerDataFrame {
  const { payload, ...rest } = fields
  return {
    type: 'data',
    ...rest,
    payload: typeof payload === 'string' ? base64urlnopad.decode(payload) : payload,
  }
}
