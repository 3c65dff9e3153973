import { ristretto255 } from '@noble/curves/ed25519.js'
/**
 * docs/THRESHOLD.md#dkg: on secp256k1 the pairwise base OTs run inside the DKG rounds (message 1 in
 * the commit round, message 2 in the reveal round, finished at confirm), so a DKG'd key signs with
 * DKLs23 at once; the backup's pairs stay lazy. Tampered pair-setup payloads fail with the exact
 * error code and culprit ("Attacks" 2: identity/invalid points, r_0 = r_1).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { finishPairSetup, respondPairSetup, startPairSetup } from '../dkls23/pairSetup.ts'
import { sign } from '../dkls23/testing/harness.ts'
import { MpcError } from '../errors.ts'
import { expectMpcError } from '../ot/testing/expectMpcError.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { seededRng } from '../test/rng.ts'
import type { KeyShare } from './keyShare.ts'
import type { DkgMessage, DkgRound2Payload, DkgRound3Payload } from './types.ts'

const KEY_ID = 'pair-setup-key'

function keyOf(shares: Map<number, KeyShare>): KeyShare[] {
  return [1, 2, 3].map((i) => shares.get(i) as KeyShare)
}

describe('secp256k1 DKG carries the pairwise OT setup', () => {
  const { shares, pairs } = runDkg({
    curve: 'secp256k1',
    t: 2,
    n: 3,
    online: [1, 2],
    keyId: KEY_ID,
    pairSetup: true,
    rng: seededRng('dkg-pairs'),
  })
  const pk = (shares.get(1) as KeyShare).publicKey

  test('dkgFinish returns one pair state per online peer, bound to the key, none for the backup', () => {
    const one = pairs[1]?.[2]
    const two = pairs[2]?.[1]
    if (one === undefined || two === undefined) throw new Error('no pair states')
    expect(Object.keys(pairs[1] ?? {})).toEqual(['2'])
    expect(Object.keys(pairs[2] ?? {})).toEqual(['1'])
    expect({ self: one.self, peer: one.peer, keyId: one.keyId, epoch: one.epoch }).toEqual({
      self: 1,
      peer: 2,
      keyId: KEY_ID,
      epoch: 0,
    })
    expect(one.setupSid).toEqual(two.setupSid)
    expect(one.banned || two.banned).toBe(false)
  })

  test('the DKG output signs with DKLs23 immediately (no separate setup)', async () => {
    const messageHash = randomBytes(32)
    const sigs = await sign({ shares: keyOf(shares), signers: [1, 2], pairs, messageHash })
    const first = sigs.get(1)
    expect(first?.compact).toEqual(sigs.get(2)?.compact)
    expect(
      secp256k1.verify(first?.compact as Uint8Array, messageHash, pk, {
        prehash: false,
        lowS: true,
      }),
    ).toBe(true)
  })

  test('the backup pair stays lazy: the standalone setup then signs with 1 and 3', async () => {
    const sid = randomBytes(32)
    const a = startPairSetup({ self: 1, peer: 3, keyId: KEY_ID, epoch: 0, sid })
    const b = startPairSetup({ self: 3, peer: 1, keyId: KEY_ID, epoch: 0, sid })
    const ra = respondPairSetup(a.state, b.message)
    const rb = respondPairSetup(b.state, a.message)
    const lazy = { 1: { 3: finishPairSetup(a.state, rb) }, 3: { 1: finishPairSetup(b.state, ra) } }
    const messageHash = randomBytes(32)
    const sigs = await sign({ shares: keyOf(shares), signers: [1, 3], pairs: lazy, messageHash })
    const sig = sigs.get(3)?.compact as Uint8Array
    expect(secp256k1.verify(sig, messageHash, pk, { prehash: false, lowS: true })).toBe(true)
  })
})

type R2 = DkgMessage & { payload: DkgRound2Payload }
type R3 = DkgMessage & { payload: DkgRound3Payload }

/** Runs a 2-of-3 DKG (1, 2 online) where party 1's message of `round` to 2 is rewritten whole. */
function tamperedMessage(round: 2 | 3, edit: (m: DkgMessage) => DkgMessage) {
  return () =>
    runDkg({
      curve: 'secp256k1',
      t: 2,
      n: 3,
      online: [1, 2],
      keyId: KEY_ID,
      pairSetup: true,
      tamper: (m) => (m.from !== 1 || m.round !== round ? m : edit(m)),
    })
}

/** The same, with the pair-setup bytes of that message (round 2: r; round 3: A) rewritten. */
function tampered(round: 2 | 3, edit: (bytes: Uint8Array) => Uint8Array | unknown) {
  return tamperedMessage(round, (m) => {
    if (round === 2) {
      const p = (m as R2).payload
      const r = edit((p.pairSetup as NonNullable<typeof p.pairSetup>).choice.r.slice())
      return { ...m, payload: { ...p, pairSetup: { choice: { r } } } } as DkgMessage
    }
    const p = (m as R3).payload
    const reply = p.pairReply as NonNullable<typeof p.pairReply>
    const a = edit(reply.reply.a.slice())
    return { ...m, payload: { ...p, pairReply: { ...reply, reply: { a } } } } as DkgMessage
  })
}

describe('tampered pair-setup payloads inside DKG messages', () => {
  test('round 2: r_0 = r_1 in one instance → Abort naming the sender', () => {
    expectMpcError(
      tampered(2, (r) => {
        r.copyWithin(5 * 64 + 32, 5 * 64, 5 * 64 + 32)
        return r
      }),
      { code: 'Abort', culprit: 1, message: 'base OT: r_0 = r_1 in instance 5' },
    )
  })

  test('round 2: an identity point → Malformed naming the sender', () => {
    expectMpcError(
      tampered(2, (r) => {
        r.fill(0, 0, 32)
        return r
      }),
      { code: 'Malformed', culprit: 1, message: 'base OT: r_0[0] is the identity' },
    )
  })

  test('round 2: a truncated choice message → Malformed naming the sender', () => {
    expectMpcError(
      tampered(2, (r) => r.subarray(1)),
      {
        code: 'Malformed',
        culprit: 1,
        message:
          'invalid round 2 payload from 1: "pairSetup.choice.r" expected Uint8Array of length 16384, got length=16383',
      },
    )
  })

  test('round 2: the pair-setup message missing → Malformed naming the sender', () => {
    expectMpcError(
      tampered(2, () => undefined),
      {
        code: 'Malformed',
        culprit: 1,
        message: /^invalid round 2 payload from 1: "pairSetup\.choice\.r" expected Uint8Array/,
      },
    )
  })

  test('round 3: an invalid point in the reply → Malformed naming the sender', () => {
    expectMpcError(
      tampered(3, (a) => {
        a.fill(0xff)
        return a
      }),
      { code: 'Malformed', culprit: 1, message: 'base OT: A is not a ristretto255 point' },
    )
  })

  test('round 3: a reply of the old per-instance length → Malformed naming the sender', () => {
    expectMpcError(
      tampered(3, () => new Uint8Array(256 * 32)),
      {
        code: 'Malformed',
        culprit: 1,
        message:
          /^invalid round 3 payload from 1: "pairReply\.reply\.a" expected Uint8Array of length 32/,
      },
    )
  })

  test('round 3: the punctured-PRF correction missing → Malformed naming the sender', () => {
    expectMpcError(
      tamperedMessage(3, (m) => {
        const p = (m as R3).payload
        const { correction: _, ...reply } = p.pairReply as NonNullable<typeof p.pairReply>
        return { ...m, payload: { ...p, pairReply: reply } } as DkgMessage
      }),
      {
        code: 'Malformed',
        culprit: 1,
        message: /^invalid round 3 payload from 1: "pairReply\.correction" expected Uint8Array/,
      },
    )
  })

  test('round 3: an identity point in the reply → Malformed naming the sender', () => {
    expectMpcError(
      tampered(3, (a) => {
        a.fill(0, 0, 32)
        return a
      }),
      { code: 'Malformed', culprit: 1, message: 'base OT: A is the identity' },
    )
  })

  test('round 3: a valid but substituted point passes the DKG and bans the pair at its first signature', async () => {
    // The endemic OT cannot detect a wrong A (the receiver just gets useless pads); DKLs23's
    // OTE/vOLE consistency checks catch the mismatch as a Ban
    // (docs/THRESHOLD.md#base-ot-and-ot-extension).
    const { shares, pairs } = tampered(3, () => ristretto255.Point.BASE.multiply(7n).toBytes())()
    let error: unknown
    try {
      await sign({ shares: keyOf(shares), signers: [1, 2], pairs, messageHash: randomBytes(32) })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(MpcError)
    expect((error as MpcError).code).toBe('Ban')
  })
})
