/**
 * The versioned pair-state codec (docs/THRESHOLD.md#security-parameters): v1 states stored before
 * SoftSpokenOT k = 2 decode byte for byte as before and keep their parameter set; v2 states
 * round-trip; nothing decodes under the wrong version.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { expectMpcError } from '../ot/testing/expectMpcError.ts'
import { banPair, decodePairOtState, encodePairOtState, type PairOtState } from './pairState.ts'

function stream(label: string) {
  let counter = 0
  return (length: number) => {
    const out = new Uint8Array(length)
    for (let at = 0; at < length; at += 32) {
      const block = sha256(utf8ToBytes(`${label}/${counter++}`))
      out.set(block.subarray(0, Math.min(32, length - at)), at)
    }
    return out
  }
}

function v1State(): PairOtState {
  const rng = stream('pair-state-v1')
  return {
    v: 1,
    self: 1,
    peer: 2,
    keyId: 'key-1',
    epoch: 7,
    setupSid: rng(32),
    sender: { delta: rng(32), seeds: rng(8192) },
    receiver: { seeds0: rng(8192), seeds1: rng(8192) },
    banned: false,
  }
}

function v2State(): PairOtState {
  const rng = stream('pair-state-v2')
  return {
    v: 2,
    self: 2,
    peer: 1,
    keyId: 'key-1',
    epoch: 7,
    setupSid: rng(32),
    sender: { delta: rng(32), seeds: rng(12288) },
    receiver: { leaves: rng(16384) },
    banned: false,
  }
}

const malformed = {
  code: 'Malformed' as const,
  culprit: undefined,
  message: 'pair OT state does not decode',
}

describe('pair OT state codec, v1 and v2', () => {
  test('v1: the bytes the encoder wrote before v2 existed (pinned from that encoder) decode to v1', () => {
    const bytes = encodePairOtState(v1State())
    expect(bytes.length).toBe(24656)
    expect(bytesToHex(sha256(bytes))).toBe(
      'c639b8cc76d7100dce7ed3108fe9f5f89e1e74037ca063f71cf04ffe4a8d66e0',
    )
    const back = decodePairOtState(bytes)
    expect(back).toEqual(v1State())
    expect(back.v).toBe(1)
  })

  test('v2 round-trips: Δ, 3 leaves per block for the sender, 4 for the receiver', () => {
    const bytes = encodePairOtState(v2State())
    expect(bytes.length).toBe(24656 - 3 * 8192 + 12288 + 16384)
    expect(decodePairOtState(bytes)).toEqual(v2State())
  })

  test('a banned v2 state stays banned with every leaf wiped', () => {
    const s = v2State()
    banPair(s)
    const back = decodePairOtState(encodePairOtState(s))
    expect(back.banned).toBe(true)
    expect(back.sender.seeds.every((b) => b === 0)).toBe(true)
    expect((back.receiver as { leaves: Uint8Array }).leaves.every((b) => b === 0)).toBe(true)
    expect(back.sender.delta.every((b) => b === 0)).toBe(true)
  })

  test('no state is read under the other version: a swapped version byte is Malformed', () => {
    const one = encodePairOtState(v1State())
    one[1] = 2
    expectMpcError(() => decodePairOtState(one), malformed)
    const two = encodePairOtState(v2State())
    two[1] = 1
    expectMpcError(() => decodePairOtState(two), malformed)
    two[1] = 3
    expectMpcError(() => decodePairOtState(two), malformed)
  })

  test('a state whose receiver part does not match its version is refused by the encoder', () => {
    const s = { ...v2State(), v: 1 as const }
    expect(() => encodePairOtState(s)).toThrow(
      new RangeError('a v1 pair OT state holds seeds0 and seeds1'),
    )
  })
})
