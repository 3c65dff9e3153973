import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { BASE_OT_COUNT } from '../ot/base.ts'
import { expectMpcError } from '../ot/testing/expectMpcError.ts'
import { finishPairSetup, respondPairSetup, startPairSetup } from './pairSetup.ts'
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

  test('each sender seed is the receiver seed selected by Δ, in both directions', () => {
    expect(one.setupSid).toEqual(two.setupSid)
    for (const [s, r] of [
      [one, two],
      [two, one],
    ] as const) {
      for (let l = 0; l < BASE_OT_COUNT; l++) {
        const chosen = bit(s.sender.delta, l) === 1 ? r.receiver.seeds1 : r.receiver.seeds0
        expect(seedOf(s.sender.seeds, l)).toEqual(seedOf(chosen, l))
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

  test('own index as peer is rejected', () => {
    expect(() => startPairSetup({ self: 1, peer: 1, keyId: KEY_ID, epoch: 0, sid })).toThrow(
      new RangeError('"peer" must not be the own index'),
    )
  })
})
