/**
 * docs/THRESHOLD.md#base-ot-and-ot-extension: the bootstrapped pair setup (one base-OT batch; the
 * reverse direction's base OTs are random OTs of a checked extension). Its output has the shape of
 * the two-batch setup's (every leaf but x = Δ_i per block, in both directions) and signs; every new
 * check fails with its exact error: a tampered extension, a wrong correction, wrong lengths, steps
 * out of order.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { BASE_OT_COUNT } from '../ot/base.ts'
import { PPRF_CORRECTION_BYTES } from '../ot/pprf.ts'
import { expectMpcError } from '../ot/testing/expectMpcError.ts'
import {
  type PairBootMessage2,
  pairBootAnswer,
  pairBootCheck,
  pairBootFinish,
  pairBootStart,
} from './pairBootstrap.ts'
import type { PairOtState } from './pairState.ts'
import { dealKey, KEY_ID, sign } from './testing/harness.ts'

const seedOf = (bytes: Uint8Array, l: number) => bytes.subarray(32 * l, 32 * l + 32)
const bit = (bytes: Uint8Array, l: number) => ((bytes[l >>> 3] as number) >>> (l & 7)) & 1

function setup(edit2?: (m: PairBootMessage2) => PairBootMessage2) {
  const sid = randomBytes(32)
  const a = pairBootStart({ self: 1, peer: 2, keyId: KEY_ID, epoch: 0, sid })
  const b = pairBootAnswer({ self: 2, peer: 1, keyId: KEY_ID, epoch: 0, sid }, a.message)
  const m2 = edit2 === undefined ? b.message : edit2(b.message)
  return { sid, a, b, m2 }
}

function flipByte(bytes: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice()
  out[at] = (out[at] as number) ^ 1
  return out
}

async function signWith(one: PairOtState, two: PairOtState) {
  const { shares } = dealKey(2, 3)
  return sign({
    shares,
    signers: [1, 2],
    pairs: { 1: { 2: one }, 2: { 1: two } },
    messageHash: randomBytes(32),
  })
}

describe('bootstrapped pair setup (one base-OT batch)', () => {
  const { a, b, m2 } = setup()
  const checked = pairBootCheck(a.state, m2)
  const one = checked.pair
  const two = pairBootFinish(b.state, checked.message)

  test('both directions: the sender holds every leaf but x = Δ_i of each block, by m = x ⊕ Δ_i', () => {
    expect(one.setupSid).toEqual(two.setupSid)
    expect([one.v, two.v, one.self, one.peer, two.self, two.peer]).toEqual([2, 2, 1, 2, 2, 1])
    for (const [s, r] of [
      [one, two],
      [two, one],
    ] as const) {
      const leaves = (r.receiver as { leaves: Uint8Array }).leaves
      for (let i = 0; i < BASE_OT_COUNT / 2; i++) {
        const d = bit(s.sender.delta, 2 * i) | (bit(s.sender.delta, 2 * i + 1) << 1)
        for (let m = 1; m < 4; m++) {
          expect(seedOf(s.sender.seeds, 3 * i + m - 1)).toEqual(seedOf(leaves, 4 * i + (m ^ d)))
          expect(seedOf(s.sender.seeds, 3 * i + m - 1)).not.toEqual(seedOf(leaves, 4 * i + d))
        }
      }
    }
  })

  test('the two Δ are independent of each other (Δ_B comes from the extension choices)', () => {
    expect(one.sender.delta).not.toEqual(two.sender.delta)
    expect(one.sender.delta.some((x) => x !== 0)).toBe(true)
    expect(two.sender.delta.some((x) => x !== 0)).toBe(true)
  })

  test('the pair signs', async () => {
    const sigs = await signWith(one, two)
    expect(sigs.get(1)?.compact).toEqual(sigs.get(2)?.compact)
  })

  test('steps run once and in order', () => {
    expect(() => pairBootCheck(a.state, m2)).toThrow('pair setup: check called at step 2')
    expect(() => pairBootFinish(b.state, checked.message)).toThrow(
      'pair setup: finish called at step 2',
    )
  })
})

describe('checks of the bootstrapped setup', () => {
  test('a tampered extension row correction (u) → Abort naming B, before anything is derived', () => {
    const { a, m2 } = setup((m) => ({ ...m, ote: { ...m.ote, u: flipByte(m.ote.u, 100) } }))
    expectMpcError(() => pairBootCheck(a.state, m2), {
      code: 'Abort',
      culprit: 2,
      message: 'pair setup: the bootstrap OT extension from party 2 fails its consistency check',
    })
    expect(a.state.delta.every((x) => x === 0)).toBe(true)
  })

  test('a tampered x̂ or t̂ digest → Abort naming B', () => {
    for (const field of ['xHat', 'tHat'] as const) {
      const { a, m2 } = setup((m) => ({
        ...m,
        ote: { ...m.ote, [field]: flipByte(m.ote[field], 0) },
      }))
      expectMpcError(() => pairBootCheck(a.state, m2), {
        code: 'Abort',
        culprit: 2,
        message: 'pair setup: the bootstrap OT extension from party 2 fails its consistency check',
      })
    }
  })

  test("a tampered direction-1 correction fails the bootstrap check (A's leaves disagree)", () => {
    // Both halves of block 40, so the tamper hits whichever one A uses.
    const { a, m2 } = setup((m) => ({
      ...m,
      correction: flipByte(flipByte(m.correction, 64 * 40 + 3), 64 * 40 + 35),
    }))
    expectMpcError(() => pairBootCheck(a.state, m2), {
      code: 'Abort',
      culprit: 2,
      message: 'pair setup: the bootstrap OT extension from party 2 fails its consistency check',
    })
  })

  test('wrong lengths in message 2 → Malformed naming B', () => {
    const cases: [string, (m: PairBootMessage2) => unknown][] = [
      ['reply.a', (m) => ({ ...m, reply: { a: m.reply.a.subarray(1) } })],
      ['correction', (m) => ({ ...m, correction: m.correction.subarray(1) })],
      ['ote.u', (m) => ({ ...m, ote: { ...m.ote, u: new Uint8Array(128 * 68) } })],
      ['ote.xHat', (m) => ({ ...m, ote: { ...m.ote, xHat: new Uint8Array(15) } })],
      ['ote.tHat', (m) => ({ ...m, ote: { ...m.ote, tHat: undefined } })],
    ]
    const sizes: Record<string, number> = {
      'reply.a': 32,
      correction: PPRF_CORRECTION_BYTES,
      'ote.u': 128 * 48,
      'ote.xHat': 16,
      'ote.tHat': 32,
    }
    for (const [title, edit] of cases) {
      const { a, m2 } = setup((m) => edit(m) as PairBootMessage2)
      expectMpcError(() => pairBootCheck(a.state, m2), {
        code: 'Malformed',
        culprit: 2,
        message: `pair setup: "${title}" expected Uint8Array of length ${sizes[title]}`,
      })
    }
  })

  test('a message 3 correction of the wrong length → Malformed naming A', () => {
    const { a, b, m2 } = setup()
    const { message } = pairBootCheck(a.state, m2)
    expectMpcError(() => pairBootFinish(b.state, { correction: message.correction.subarray(1) }), {
      code: 'Malformed',
      culprit: 1,
      message: `pair setup: "correction" expected Uint8Array of length ${PPRF_CORRECTION_BYTES}`,
    })
  })

  test('a tampered direction-2 correction passes the setup and bans the pair at its first signature, naming A', async () => {
    // As in the two-batch setup: B cannot check it without the punctured leaf; the first
    // OT-extension check in direction 2 (B the sender) fails.
    const { a, b, m2 } = setup()
    const { message, pair: one } = pairBootCheck(a.state, m2)
    const correction = flipByte(flipByte(message.correction, 64 * 40 + 3), 64 * 40 + 35)
    const two = pairBootFinish(b.state, { correction })
    let error: unknown
    try {
      await signWith(one, two)
    } catch (e) {
      error = e
    }
    expectMpcError(
      () => {
        throw error
      },
      {
        code: 'Ban',
        culprit: 1,
        pair: [1, 2],
        message: 'OT extension: consistency check failed for the receiver 1',
      },
    )
  })
})
