import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { getBit } from './bits.ts'
import { KAPPA, type OteMessage, oteReceive, oteSend, XI } from './extension.ts'
import { dealOtSetup } from './testing/dealOtSetup.ts'
import { expectMpcError } from './testing/expectMpcError.ts'

const ALICE = 1
const BOB = 2

describe('KOS / SoftSpokenOT extension', () => {
  const { sender, receiver } = dealOtSetup()
  const sid = randomBytes(32)
  const bob = oteReceive(receiver, sid)
  const alice = oteSend(sender, sid, bob.message, { self: ALICE, peer: BOB })

  test('correlation: q_j = t_j ⊕ x_j·Δ for every useful OT', () => {
    const delta32 = Array.from({ length: 8 }, (_, i) =>
      new DataView(sender.delta.buffer, sender.delta.byteOffset).getUint32(4 * i, true),
    )
    let ones = 0
    for (let j = 0; j < XI; j++) {
      const x = getBit(bob.choices, j)
      ones += x
      for (let i = 0; i < KAPPA / 32; i++) {
        const expected =
          ((bob.rows[j * 8 + i] as number) ^ (x === 1 ? (delta32[i] as number) : 0)) >>> 0
        expect(alice.rows[j * 8 + i]).toBe(expected)
      }
    }
    // The choice bits are random: all-zero or all-one would make the test vacuous.
    expect(ones).toBeGreaterThan(100)
    expect(ones).toBeLessThan(XI - 100)
  })

  test('a different sid gives unrelated rows', () => {
    const other = oteReceive(receiver, randomBytes(32))
    expect(other.rows).not.toEqual(bob.rows)
  })

  const expectBan = (message: OteMessage) =>
    expectMpcError(() => oteSend(sender, sid, message, { self: ALICE, peer: BOB }), {
      code: 'Ban',
      culprit: BOB,
      pair: [ALICE, BOB],
      message: `OT extension: consistency check failed for the receiver ${BOB}`,
    })

  test('tampered u, x̂ or t̂ → Ban naming the receiver and the pair', () => {
    const flip = (bytes: Uint8Array, at: number) => {
      const out = bytes.slice()
      out[at] = (out[at] as number) ^ 1
      return out
    }
    expectBan({ ...bob.message, u: flip(bob.message.u, 1000) })
    expectBan({ ...bob.message, u: flip(bob.message.u, bob.message.u.length - 1) })
    expectBan({ ...bob.message, xHat: flip(bob.message.xHat, 3) })
    expectBan({ ...bob.message, tHat: flip(bob.message.tHat, 17) })
  })

  test('a message for another sid → Ban', () => {
    expectBan(oteReceive(receiver, randomBytes(32)).message)
  })

  test('a short field is Malformed, not a Ban', () => {
    expectMpcError(
      () =>
        oteSend(
          sender,
          sid,
          { ...bob.message, xHat: new Uint8Array(15) },
          { self: ALICE, peer: BOB },
        ),
      { code: 'Malformed', culprit: BOB, message: 'OT extension: "xHat" expected 16 bytes' },
    )
  })
})
