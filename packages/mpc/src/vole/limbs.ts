/**
 * Limb form of the vOLE's mod-q values for the unrolled kernels (wideKernels.ts, aTildeKernel.ts,
 * muKernel.ts): little-endian 24-bit limbs in Float64Array, exact below 2^53. Holds the
 * conversions (ChaCha words, big-endian bytes, bigints), the gadget cache and the per-call tables.
 * Must never branch on or index memory by secret values (pads, inputs, β): only public lengths
 * and public bytes (the received ã) may steer control flow.
 */
import { toLimbs } from '../limbs/limbs24.ts'
import { Q } from './scalars.ts'

/** Limbs of a scalar (< 2^264) and of a 384-bit pad. */
export const LIMBS = 11
export const PAD_LIMBS = 16

/** Four limbs from 96 bits given as 32-bit words, least significant first. */
function group(a: number, b: number, c: number, out: Float64Array, o: number): void {
  out[o] = a & 0xffffff
  out[o + 1] = (a >>> 24) | ((b & 0xffff) << 8)
  out[o + 2] = (b >>> 16) | ((c & 0xff) << 16)
  out[o + 3] = c >>> 8
}

/**
 * The first `pads` (≤ 4) pads of a row (48 ChaCha words) as 16 limbs each. Pad k is the 384-bit
 * integer Σ_i W_i·2^(64(5−i)) with W_i = w[12k+2i] + 2^32·w[12k+2i+1] (the little-endian 64-bit
 * reading of its 48 bytes, most significant word first): the same value on every host.
 */
export function padLimbs(w: Uint32Array, out: Float64Array, pads = 4): void {
  for (let k = 0; k < pads; k++) {
    const o = 12 * k
    const d = 16 * k
    group(w[o + 10] as number, w[o + 11] as number, w[o + 8] as number, out, d)
    group(w[o + 9] as number, w[o + 6] as number, w[o + 7] as number, out, d + 4)
    group(w[o + 4] as number, w[o + 5] as number, w[o + 2] as number, out, d + 8)
    group(w[o + 3] as number, w[o] as number, w[o + 1] as number, out, d + 12)
  }
}

/** 11 limbs of the 32 big-endian bytes at b[off] (no range check: see isCanonicalAt). */
export function bytesToLimbs(b: Uint8Array, off: number, out: Float64Array, oo: number): void {
  for (let p = 0; p < 10; p++) {
    const i = off + 31 - 3 * p
    out[oo + p] = (b[i] as number) | ((b[i - 1] as number) << 8) | ((b[i - 2] as number) << 16)
  }
  out[oo + 10] = (b[off + 1] as number) | ((b[off] as number) << 8)
}

/**
 * Whether the 32 big-endian bytes at b[off] encode a value below q. Public data only: q begins
 * with 15 bytes 0xff, so any other first word settles it without the slow comparison.
 */
export function isCanonicalAt(b: Uint8Array, off: number): boolean {
  if (((b[off] as number) & (b[off + 1] as number) & (b[off + 2] as number)) !== 0xff) return true
  if (b[off + 3] !== 0xff) return true
  let v = 0n
  for (let i = 0; i < 32; i++) v = (v << 8n) | BigInt(b[off + i] as number)
  return v < Q
}

const gadgets = new WeakMap<readonly bigint[], Float64Array>()

/** The public gadget vector as 11 limbs per entry, cached by array identity (one per pair). */
export function gadgetLimbs(gadget: readonly bigint[]): Float64Array {
  let g = gadgets.get(gadget)
  if (g === undefined) {
    g = new Float64Array(gadget.length * LIMBS)
    for (let j = 0; j < gadget.length; j++) toLimbs(gadget[j] as bigint, g, LIMBS * j, LIMBS)
    gadgets.set(gadget, g)
  }
  return g
}

/**
 * Θ_i = θ·2^(24i) mod q for i < 11 (row i at 11·i): θ·Y becomes Σ_i Y_i·Θ_i, eleven columns
 * instead of a 512-bit product to reduce (muKernel.ts).
 */
export function thetaTable(theta: bigint): Float64Array {
  const t = new Float64Array(LIMBS * LIMBS)
  for (let i = 0; i < LIMBS; i++) toLimbs((theta << BigInt(24 * i)) % Q, t, LIMBS * i, LIMBS)
  return t
}

const SHIFT = 2n ** 129n * Q // a multiple of q above 2^384, below 2^386
const B = 2 ** 24

/**
 * 17 limbs per α_k (k < 4) for aTildeTo: K = α + 2^129·q written with borrows, limb 0 raised by
 * 2^24 and limbs 1..15 by 2^24 − 1 (limb 16 lowered by 1), so limbs 0..15 lie in [2^24 − 1, 2^25)
 * and p0 − p1 + K stays non-negative limb by limb for any pads.
 */
export function alphaLimbs(alpha: readonly bigint[]): Float64Array {
  const out = new Float64Array(17 * alpha.length)
  for (let k = 0; k < alpha.length; k++) {
    const o = 17 * k
    toLimbs((alpha[k] as bigint) + SHIFT, out, o, 17)
    out[o] = (out[o] as number) + B
    for (let i = 1; i < 16; i++) out[o + i] = (out[o + i] as number) + B - 1
    out[o + 16] = (out[o + 16] as number) - 1
  }
  return out
}
