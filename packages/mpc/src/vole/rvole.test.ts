import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { oteReceive, oteSend } from '../ot/extension.ts'
import { OT_PARAMS } from '../ot/params.ts'
import { dealOtSetup } from '../ot/testing/dealOtSetup.ts'
import { expectMpcError } from '../ot/testing/expectMpcError.ts'
import { gadgetVector, type VoleMessage, voleChi, voleReceive, voleSend } from './rvole.ts'
import { modQ, Q, readScalar } from './scalars.ts'

const ALICE = 3
const BOB = 1
const gadget = gadgetVector(randomBytes(32))
const { sender, receiver } = dealOtSetup()

function randomScalar(): bigint {
  return readScalar(randomBytes(32), 0) % Q
}

function run(inputs: [bigint, bigint]) {
  const sid = randomBytes(32)
  const bob = oteReceive(receiver, sid)
  const chi = voleChi(gadget, bob.choices)
  const { rows } = oteSend(sender, sid, bob.message, { self: ALICE, peer: BOB })
  const alice = voleSend({ gadget, sid, rows, delta: sender.delta, inputs })
  const finish = (message: VoleMessage) =>
    voleReceive({
      gadget,
      sid,
      rows: bob.rows,
      choices: bob.choices,
      message,
      pair: { self: BOB, peer: ALICE },
    })
  return { chi, alice, finish }
}

describe('random vector OLE', () => {
  test('c + d = a·χ for random inputs, including 0 and q − 1', () => {
    for (const inputs of [
      [randomScalar(), randomScalar()],
      [0n, Q - 1n],
    ] as [bigint, bigint][]) {
      const { chi, alice, finish } = run(inputs)
      const { d } = finish(alice.message)
      expect(modQ(alice.c[0] + d[0])).toBe(modQ(inputs[0] * chi))
      expect(modQ(alice.c[1] + d[1])).toBe(modQ(inputs[1] * chi))
      expect(chi).not.toBe(0n)
    }
  })

  const { alice, finish } = run([randomScalar(), randomScalar()])
  const flip = (bytes: Uint8Array, at: number) => {
    const out = bytes.slice()
    out[at] = (out[at] as number) ^ 1
    return out
  }
  const ban = {
    code: 'Ban',
    culprit: ALICE,
    pair: [BOB, ALICE],
    message: `vOLE: consistency check failed for the sender ${ALICE}`,
  } as const

  test('tampered ã (one row, any component) → Ban naming Alice and the pair', () => {
    // Rows of 3 scalars (a_1, a_2, â): the first, one inside, the last byte of the last row.
    for (const at of [
      31,
      32 * 3 * 100 + 5,
      32 * 3 * 100 + 32 * 2 + 7,
      32 * 3 * 511 + 32 * 2 + 31,
    ]) {
      expect(at).toBeLessThan(alice.message.aTilde.length)
      expectMpcError(
        () => finish({ ...alice.message, aTilde: flip(alice.message.aTilde, at) }),
        ban,
      )
    }
  })

  test('tampered η̃ or μ̂ → Ban', () => {
    expectMpcError(() => finish({ ...alice.message, eta: flip(alice.message.eta, 20) }), ban)
    expectMpcError(() => finish({ ...alice.message, muHat: flip(alice.message.muHat, 0) }), ban)
  })

  test('non-canonical or short fields are Malformed', () => {
    const eta = alice.message.eta.slice()
    eta.fill(0xff, 0, 32)
    expectMpcError(() => finish({ ...alice.message, eta }), {
      code: 'Malformed',
      culprit: ALICE,
      message: 'vOLE: "eta" is not a canonical scalar',
    })
    expectMpcError(() => finish({ ...alice.message, muHat: new Uint8Array(31) }), {
      code: 'Malformed',
      culprit: ALICE,
      message: 'vOLE: "muHat" expected 32 bytes',
    })
  })
})

describe('random vector OLE on the v2 set (ξ = 416 rows from SoftSpokenOT k = 2)', () => {
  const v2 = dealOtSetup(undefined, 2)
  const gadget416 = gadgetVector(randomBytes(32), OT_PARAMS[2].xi)

  function run2(inputs: [bigint, bigint]) {
    const sid = randomBytes(32)
    const bob = oteReceive(v2.receiver, sid, undefined, OT_PARAMS[2])
    const chi = voleChi(gadget416, bob.choices)
    const pair = { self: ALICE, peer: BOB }
    const { rows } = oteSend(v2.sender, sid, bob.message, pair, OT_PARAMS[2])
    const alice = voleSend({ gadget: gadget416, sid, rows, delta: v2.sender.delta, inputs })
    const finish = (message: VoleMessage) =>
      voleReceive({
        gadget: gadget416,
        sid,
        rows: bob.rows,
        choices: bob.choices,
        message,
        pair: { self: BOB, peer: ALICE },
      })
    return { chi, alice, finish }
  }

  test('c + d = a·χ, ã is 416 × 3 scalars, and a tampered ã is a Ban', () => {
    const inputs: [bigint, bigint] = [randomScalar(), randomScalar()]
    const { chi, alice, finish } = run2(inputs)
    expect(alice.message.aTilde.length).toBe(416 * 3 * 32)
    const { d } = finish(alice.message)
    expect(modQ(alice.c[0] + d[0])).toBe(modQ(inputs[0] * chi))
    expect(modQ(alice.c[1] + d[1])).toBe(modQ(inputs[1] * chi))
    const aTilde = alice.message.aTilde.slice()
    aTilde[32 * 700] = (aTilde[32 * 700] as number) ^ 1
    expectMpcError(() => finish({ ...alice.message, aTilde }), {
      code: 'Ban',
      culprit: ALICE,
      pair: [BOB, ALICE],
      message: `vOLE: consistency check failed for the sender ${ALICE}`,
    })
  })

  test('the v2 gadget vector is the first 416 entries of the v1 one', () => {
    const sid = randomBytes(32)
    expect(gadgetVector(sid, 416)).toEqual(gadgetVector(sid).slice(0, 416))
  })
})
