/**
 * The punctured PRF of SoftSpokenOT k = 2 (Roy, CRYPTO 2022, after the GGM-tree PPRF of Boyle et
 * al.), built from the pair's 1-of-2 base OTs in the pair setup (docs/THRESHOLD.md#base-ot-and-ot-extension).
 * Block i uses base OTs 2i and 2i + 1 as the two levels of a depth-2 tree:
 * - level 1: the random-OT pads of instance 2i are the two children a_0, a_1 of the root;
 * - leaves: s_{(y,z)} = H(sid, i, z, a_y), leaf index x = y + 2z;
 * - level 2: the base-OT sender (the future extension receiver, who knows every leaf) sends the
 *   correction e_z = s_{(0,z)} ⊕ s_{(1,z)} ⊕ p_z[2i], z ∈ {0, 1}: 64 bytes per block.
 * The base-OT receiver with choices c = ¬Δ learns a_{c_0} (both its leaves) and, through
 * e_{c_1}, s_{(¬c_0, c_1)}: every leaf except x = Δ_i = (¬c_0, ¬c_1). It keeps them by
 * m = x ⊕ Δ_i ∈ {1, 2, 3}, so the extension never indexes by Δ. A wrong correction makes the
 * receiver's leaves inconsistent with the sender's: the first OT-extension check fails (a Ban of
 * the pair naming the sender of the correction). Leaves, pads and Δ are secret: never logged,
 * selected with masks, never by a branch or an index on a secret bit.
 */
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { BASE_OT_COUNT } from './base.ts'

const BLOCKS = BASE_OT_COUNT / 2
/** Bytes of the correction message: two 32-byte values per block. */
export const PPRF_CORRECTION_BYTES = 64 * BLOCKS

function child(sid: Uint8Array, block: number, z: number, a: Uint8Array): Uint8Array {
  return taggedHash(TAGS.otPprf, sid, Uint8Array.of(block >>> 8, block & 0xff, z), a)
}

/** out[o..o+32) ← bit ? y : x, with a mask (no branch on the secret bit). */
function select(bit: number, x: Uint8Array, y: Uint8Array, out: Uint8Array, o: number): void {
  const m = -bit & 0xff
  for (let k = 0; k < 32; k++) out[o + k] = ((x[k] as number) & ~m) | ((y[k] as number) & m)
}

/**
 * Base-OT sender's side: from its pads (κ × 32 bytes each) the κ/2 × 4 leaves (leaf x of block i at
 * 32·(4i + x)) and the correction message (e_0 ‖ e_1 per block).
 */
export function pprfExpand(sid: Uint8Array, pads0: Uint8Array, pads1: Uint8Array) {
  const leaves = new Uint8Array(32 * 4 * BLOCKS)
  const correction = new Uint8Array(PPRF_CORRECTION_BYTES)
  for (let i = 0; i < BLOCKS; i++) {
    const a0 = pads0.subarray(64 * i, 64 * i + 32)
    const a1 = pads1.subarray(64 * i, 64 * i + 32)
    for (let z = 0; z < 2; z++) {
      const s0 = child(sid, i, z, a0)
      const s1 = child(sid, i, z, a1)
      leaves.set(s0, 32 * (4 * i + 2 * z))
      leaves.set(s1, 32 * (4 * i + 2 * z + 1))
      const pad = (z === 0 ? pads0 : pads1).subarray(64 * i + 32, 64 * i + 64)
      const o = 64 * i + 32 * z
      for (let k = 0; k < 32; k++)
        correction[o + k] = (s0[k] as number) ^ (s1[k] as number) ^ (pad[k] as number)
      s0.fill(0)
      s1.fill(0)
    }
  }
  return { leaves, correction }
}

/**
 * Base-OT receiver's side (choices ¬Δ): from the pads it received (κ × 32 bytes, k_{c_l}), Δ and
 * the correction, the 3 known leaves of every block by m = x ⊕ Δ_i (at 32·(3i + m − 1)).
 */
export function pprfPuncture(
  sid: Uint8Array,
  seeds: Uint8Array,
  delta: Uint8Array,
  correction: Uint8Array,
): Uint8Array {
  const slots = new Uint8Array(32 * 3 * BLOCKS)
  const e = new Uint8Array(32)
  for (let i = 0; i < BLOCKS; i++) {
    // c_1 = ¬Δ_{2i+1}: the choice of the level-2 instance.
    const c1 = 1 ^ (((delta[i >>> 2] as number) >>> (2 * (i & 3) + 1)) & 1)
    const a = seeds.subarray(64 * i, 64 * i + 32)
    const h0 = child(sid, i, 0, a)
    const h1 = child(sid, i, 1, a)
    const o = 96 * i
    select(c1, h1, h0, slots, o) // m = 1: s_{(c_0, ¬c_1)}
    select(c1, h0, h1, slots, o + 64) // m = 3: s_{(c_0, c_1)}
    select(c1, correction.subarray(64 * i, 64 * i + 32), correction.subarray(64 * i + 32), e, 0)
    const pad = seeds.subarray(64 * i + 32, 64 * i + 64)
    // m = 2: s_{(¬c_0, c_1)} = e_{c_1} ⊕ p_{c_1} ⊕ s_{(c_0, c_1)}.
    for (let k = 0; k < 32; k++)
      slots[o + 32 + k] = (e[k] as number) ^ (pad[k] as number) ^ (slots[o + 64 + k] as number)
    h0.fill(0)
    h1.fill(0)
  }
  e.fill(0)
  return slots
}
