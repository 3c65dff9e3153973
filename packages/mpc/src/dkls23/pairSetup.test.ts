import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { BASE_OT_COUNT } from '../ot/base.ts'
import { PPRF_CORRECTION_BYTES } from '../ot/pprf.ts'
import { expectMpcError } from '../ot/testing/expectMpcError.ts'
import {
  finishPairSetup,
  parsePairSetupMessage2,
  respondPairSetup,
  startPairSetup,
} from './pairSetup.ts'
import { banPair, decodePairOtState, encodePairOtState, type PairOtState } from './pairState.ts'
import { dealKey, KEY_ID, sign } from './testing/harness.ts'

const seedOf = (bytes: Uint8Array, l: number) => bytes.subarray(32 * l, 32 * l + 32)
const bit = (bytes: Uint8Array, l: number) => ((bytes[l >>> 3] as number) >>> (l & 7)) & 1

describe('pairwise OT setup (real base OT, both directions)', () => {
  const sid = randomBytes(32)
  const a = startPairSetup({ self: 1, peer: 2, keyId: KEY_ID, epoch: 0, sid })
  const b = startPairSetup({ self: 2, peer: 1, keyId: KEY_ID, epoch: 0, sid })
  const replyA = respondPairSetup(a.state, b.message)
  const replyB = respondPairSetup(b.state, a.message)
  const one = finishPairSetup(a.state, replyB)
  const two = finishPairSetup(b.state, replyA)

  test('v2: the sender holds every leaf but x = Δ_i of each block, by m = x ⊕ Δ_i, both directions', () => {
    expect(one.setupSid).toEqual(two.setupSid)
    expect([one.v, two.v]).toEqual([2, 2])
    for (const [s, r] of [
      [one, two],
      [two, one],
    ] as const) {
      const leaves = (r.receiver as { leaves: Uint8Array }).leaves
      for (let i = 0; i < BASE_OT_COUNT / 2; i++) {
        const d = bit(s.sender.delta, 2 * i) | (bit(s.sender.delta, 2 * i + 1) << 1)
        for (let m = 1; m < 4; m++)
          expect(seedOf(s.sender.seeds, 3 * i + m - 1)).toEqual(seedOf(leaves, 4 * i + (m ^ d)))
        // The punctured leaf is nowhere among the sender's three.
        for (let m = 1; m < 4; m++)
          expect(seedOf(s.sender.seeds, 3 * i + m - 1)).not.toEqual(seedOf(leaves, 4 * i + d))
      }
    }
  })

  test('the state round-trips through its codec and signs with a real setup', async () => {
    const back = decodePairOtState(encodePairOtState(one))
    expect(back).toEqual(one)
    const { shares } = dealKey(2, 3)
    const sigs = await sign({
      shares,
      signers: [1, 2],
      pairs: { 1: { 2: back }, 2: { 1: two } },
      messageHash: randomBytes(32),
    })
    expect(sigs.get(1)?.compact).toEqual(sigs.get(2)?.compact)
  })

  test('a banned state stays banned through the codec, with its secrets wiped', () => {
    const copy = decodePairOtState(encodePairOtState(two))
    banPair(copy)
    const back: PairOtState = decodePairOtState(encodePairOtState(copy))
    expect(back.banned).toBe(true)
    expect(back.sender.seeds.every((x) => x === 0)).toBe(true)
  })

  test('steps run once and in order; truncated state is Malformed', () => {
    expect(() => respondPairSetup(a.state, b.message)).toThrow(
      'pair setup: respond called at step 3',
    )
    expect(() => finishPairSetup(a.state, replyB)).toThrow('pair setup: finish called at step 3')
    expectMpcError(() => decodePairOtState(encodePairOtState(one).subarray(1)), {
      code: 'Malformed',
      culprit: undefined,
      message: 'pair OT state does not decode',
    })
  })

  test('message 2 without its correction (a v1 peer) or a short one → Malformed naming the peer', () => {
    const c = startPairSetup({ self: 1, peer: 2, keyId: KEY_ID, epoch: 0, sid })
    const d = startPairSetup({ self: 2, peer: 1, keyId: KEY_ID, epoch: 0, sid })
    const reply = respondPairSetup(d.state, c.message)
    respondPairSetup(c.state, d.message)
    const message = `pair setup: "correction" expected Uint8Array of length ${PPRF_CORRECTION_BYTES} (a v2 pair setup; the peer may set up v1 pairs)`
    expectMpcError(
      () => finishPairSetup(c.state, { reply: reply.reply } as unknown as typeof reply),
      { code: 'Malformed', culprit: 2, message },
    )
    expectMpcError(
      () => parsePairSetupMessage2({ ...reply, correction: reply.correction.subarray(1) }, 2),
      { code: 'Malformed', culprit: 2, message },
    )
  })

  test('own index as peer is rejected', () => {
    expect(() => startPairSetup({ self: 1, peer: 1, keyId: KEY_ID, epoch: 0, sid })).toThrow(
      new RangeError('"peer" must not be the own index'),
    )
  })
})

describe('a tampered punctured-PRF correction', () => {
  test('passes the setup and bans the pair at its first signature, naming the sender of the correction', async () => {
    // The correction cannot be checked by its receiver (it lacks the punctured leaf); a wrong one
    // makes its leaves disagree with the peer's, and the OT-extension check of the first signature
    // fails: a Ban of the pair naming the party that sent the correction (docs/THRESHOLD.md).
    const sid = randomBytes(32)
    const a = startPairSetup({ self: 1, peer: 2, keyId: KEY_ID, epoch: 0, sid })
    const b = startPairSetup({ self: 2, peer: 1, keyId: KEY_ID, epoch: 0, sid })
    const replyA = respondPairSetup(a.state, b.message)
    const replyB = respondPairSetup(b.state, a.message)
    const correction = replyA.correction.slice()
    // Both halves of block 40, so the tamper hits whichever one party 2 uses.
    correction[64 * 40 + 3] = (correction[64 * 40 + 3] as number) ^ 1
    correction[64 * 40 + 35] = (correction[64 * 40 + 35] as number) ^ 1
    const one = finishPairSetup(a.state, replyB)
    const two = finishPairSetup(b.state, { ...replyA, correction })
    const { shares } = dealKey(2, 3)
    let error: unknown
    try {
      await sign({
        shares,
        signers: [1, 2],
        pairs: { 1: { 2: one }, 2: { 1: two } },
        messageHash: randomBytes(32),
      })
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
    expect(two.banned).toBe(true)
  })
})
