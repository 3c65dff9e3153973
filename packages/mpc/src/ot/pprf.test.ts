/**
 * The depth-2 punctured PRF of SoftSpokenOT k = 2 (docs/THRESHOLD.md#base-ot-and-ot-extension):
 * from the base-OT pads, the receiver of the base OTs (choices ¬Δ) gets every leaf but x = Δ_i;
 * a tampered correction changes exactly the leaf it carries.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { BASE_OT_COUNT } from './base.ts'
import { PPRF_CORRECTION_BYTES, pprfExpand, pprfPuncture } from './pprf.ts'

const bit = (bytes: Uint8Array, l: number) => ((bytes[l >>> 3] as number) >>> (l & 7)) & 1
const at = (bytes: Uint8Array, k: number) => bytes.subarray(32 * k, 32 * k + 32)

/** Random OT: the base-OT receiver with choices ¬Δ gets pad p_{¬Δ_l} of instance l. */
function deal(delta = randomBytes(32)) {
  const sid = randomBytes(32)
  const pads0 = randomBytes(32 * BASE_OT_COUNT)
  const pads1 = randomBytes(32 * BASE_OT_COUNT)
  const received = new Uint8Array(32 * BASE_OT_COUNT)
  for (let l = 0; l < BASE_OT_COUNT; l++)
    received.set(at(bit(delta, l) === 1 ? pads0 : pads1, l), 32 * l)
  return { sid, pads0, pads1, received, delta }
}

describe('punctured PRF from 1-of-2 base OTs (k = 2)', () => {
  test('the receiver holds leaf m ⊕ Δ_i in slot m, for every block and Δ', () => {
    for (const delta of [randomBytes(32), new Uint8Array(32), new Uint8Array(32).fill(0xff)]) {
      const d = deal(delta)
      const { leaves, correction } = pprfExpand(d.sid, d.pads0, d.pads1)
      expect(correction.length).toBe(PPRF_CORRECTION_BYTES)
      const slots = pprfPuncture(d.sid, d.received, delta, correction)
      for (let i = 0; i < BASE_OT_COUNT / 2; i++) {
        const di = bit(delta, 2 * i) | (bit(delta, 2 * i + 1) << 1)
        for (let m = 1; m < 4; m++)
          expect(at(slots, 3 * i + m - 1)).toEqual(at(leaves, 4 * i + (m ^ di)))
      }
    }
  })

  test('another sid gives unrelated leaves from the same pads', () => {
    const d = deal()
    const a = pprfExpand(d.sid, d.pads0, d.pads1)
    const b = pprfExpand(randomBytes(32), d.pads0, d.pads1)
    expect(at(a.leaves, 0)).not.toEqual(at(b.leaves, 0))
  })

  test('a tampered correction changes exactly the leaf m = 2 of its block (the one it carries)', () => {
    const d = deal()
    const { correction } = pprfExpand(d.sid, d.pads0, d.pads1)
    const honest = pprfPuncture(d.sid, d.received, d.delta, correction)
    const block = 9
    // The receiver uses e_{c_1}, c_1 = ¬Δ_{2i+1}: tamper that half.
    const half = 1 ^ bit(d.delta, 2 * block + 1)
    const bad = correction.slice()
    bad[64 * block + 32 * half + 5] = (bad[64 * block + 32 * half + 5] as number) ^ 0x10
    const tampered = pprfPuncture(d.sid, d.received, d.delta, bad)
    for (let k = 0; k < 3 * (BASE_OT_COUNT / 2); k++) {
      if (k === 3 * block + 1) expect(at(tampered, k)).not.toEqual(at(honest, k))
      else expect(at(tampered, k)).toEqual(at(honest, k))
    }
  })

  test('known answer: leaves and correction from fixed pads', () => {
    const fill = (n: number, v: number) => new Uint8Array(n).map((_, k) => (k * v) & 0xff)
    const sid = fill(32, 3)
    const { leaves, correction } = pprfExpand(sid, fill(8192, 5), fill(8192, 7))
    const digest = (b: Uint8Array) => bytesToHex(sha256(b)).slice(0, 32)
    // Pinned from this implementation when v2 was introduced: a change is a v2 wire change.
    expect({ leaves: digest(leaves), correction: digest(correction) }).toEqual({
      leaves: '03981e4e1565c9e772294b11e9bb2f67',
      correction: 'b0b9c0de2d73455a343537a258eb00ce',
    })
  })
})
