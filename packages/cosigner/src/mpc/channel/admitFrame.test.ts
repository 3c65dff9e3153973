/**
 * The admission rules of a frame, alone: a fresh sid starts at round 1, a spent sid is refused,
 * an open stream takes exactly its next round once answered, and each refusal of an open stream
 * names why it ends it.
 */
import { describe, expect, test } from 'vitest'
import { admitFrame } from './admitFrame.ts'
import type { Frame, Stream } from './channelTypes.ts'

const SID = 'ab'.repeat(32)
const frame = (round: number, protocol = 'echo'): Frame => ({
  type: 'data',
  sid: SID,
  protocol,
  round,
  payload: new Uint8Array(0),
})
const stream = (expectedRound: number, busy = false): Stream => ({
  protocol: 'echo',
  keyId: undefined,
  expectedRound,
  busy,
  run: undefined,
  ended: undefined,
  controller: new AbortController(),
  timer: undefined,
  stepping: undefined,
})

describe('admitFrame', () => {
  test('a new sub-stream: round 1 with a fresh sid only', () => {
    expect(admitFrame(frame(1), undefined, false)).toBeUndefined()
    expect(admitFrame(frame(1), undefined, true)).toEqual({
      code: 'SidReused',
      message: `sid ${SID.slice(0, 16)}… was already used on this connection; never reuse a sid`,
    })
    expect(admitFrame(frame(2), undefined, false)).toEqual({
      code: 'OutOfOrder',
      message: `no open sub-stream ${SID.slice(0, 16)}…: a sub-stream starts at round 1, got round 2`,
    })
  })

  test('an open sub-stream: its next round once answered; every refusal ends it', () => {
    expect(admitFrame(frame(2), stream(2), true)).toBeUndefined()
    expect(admitFrame(frame(2, 'dkg'), stream(2), true)).toEqual({
      code: 'OutOfOrder',
      message: 'sub-stream runs "echo", frame says "dkg"',
      ends: 'protocol switched mid-stream',
    })
    expect(admitFrame(frame(2), stream(2, true), true)).toEqual({
      code: 'OutOfOrder',
      message: 'round 2 arrived before the co-signer answered round 1',
      ends: 'frame out of order',
    })
    expect(admitFrame(frame(3), stream(2), true)).toEqual({
      code: 'OutOfOrder',
      message: 'sub-stream expected round 2, got round 3',
      ends: 'frame out of order',
    })
  })
})
