import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { oteReceive, oteSend } from '../ot/extension.ts'
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
