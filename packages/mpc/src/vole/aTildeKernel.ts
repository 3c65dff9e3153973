/**
 * The kernel writing one ã scalar (DKLs23 §5.1, the correlated-OT correction ã = p0 − p1 + α):
 * canonical big-endian bytes of (p0 − p1 + α) mod q from 24-bit limbs in Float64 (limbs.ts).
 * Straight-line code on locals, written so that every intermediate stays an integer below about
 * 2^50.79. No generator or bound proof is committed: limbs.test.ts backs it with property tests
 * against BigInt (random inputs, edge values, results 0, 1 and q − 1). Must never branch on or
 * index memory by limb values.
 */
const B = 16777216 // 2^24
const R = 1 / B
const INV16 = 1 / 65536

/**
 * Writes (p0 − p1 + α) mod q as 32 bytes big-endian at byte off of out. p0, p1: 16 pad limbs at po;
 * al: 17 limbs at ao of α + 2^129·q in a borrowed form whose limbs 0..15 lie in [2^24 − 1, 2^25),
 * so every limb of the sum is ≥ 0 and the value is positive (see alphaLimbs in limbs.ts).
 */
export function aTildeTo(
  out: DataView,
  off: number,
  p0: Float64Array,
  p1: Float64Array,
  po: number,
  al: Float64Array,
  ao: number,
): void {
  let t: number
  const x0 = (p0[po] as number) - (p1[po] as number) + (al[ao] as number)
  const x1 = (p0[po + 1] as number) - (p1[po + 1] as number) + (al[ao + 1] as number)
  const x2 = (p0[po + 2] as number) - (p1[po + 2] as number) + (al[ao + 2] as number)
  const x3 = (p0[po + 3] as number) - (p1[po + 3] as number) + (al[ao + 3] as number)
  const x4 = (p0[po + 4] as number) - (p1[po + 4] as number) + (al[ao + 4] as number)
  const x5 = (p0[po + 5] as number) - (p1[po + 5] as number) + (al[ao + 5] as number)
  const x6 = (p0[po + 6] as number) - (p1[po + 6] as number) + (al[ao + 6] as number)
  const x7 = (p0[po + 7] as number) - (p1[po + 7] as number) + (al[ao + 7] as number)
  const x8 = (p0[po + 8] as number) - (p1[po + 8] as number) + (al[ao + 8] as number)
  const x9 = (p0[po + 9] as number) - (p1[po + 9] as number) + (al[ao + 9] as number)
  const x10 = (p0[po + 10] as number) - (p1[po + 10] as number) + (al[ao + 10] as number)
  const x11 = (p0[po + 11] as number) - (p1[po + 11] as number) + (al[ao + 11] as number)
  const x12 = (p0[po + 12] as number) - (p1[po + 12] as number) + (al[ao + 12] as number)
  const x13 = (p0[po + 13] as number) - (p1[po + 13] as number) + (al[ao + 13] as number)
  const x14 = (p0[po + 14] as number) - (p1[po + 14] as number) + (al[ao + 14] as number)
  const x15 = (p0[po + 15] as number) - (p1[po + 15] as number) + (al[ao + 15] as number)
  const x16 = al[ao + 16] as number
  let c0 = x0 + x11 * 12500736
  let c1 = x1 + x11 * 7548873 + x12 * 12500736
  let c2 = x2 + x11 * 4205985 + x12 * 7548873 + x13 * 12500736
  let c3 = x3 + x11 * 12017604 + x12 * 4205985 + x13 * 7548873 + x14 * 12500736
  let c4 = x4 + x11 * 2300240 + x12 * 12017604 + x13 * 4205985 + x14 * 7548873
  c4 += x15 * 12500736
  let c5 = x5 + x11 * 83281 + x12 * 2300240 + x13 * 12017604 + x14 * 4205985
  c5 += x15 * 7548873 + x16 * 12500736
  let c6 = x6 + x12 * 83281 + x13 * 2300240 + x14 * 12017604 + x15 * 4205985
  c6 += x16 * 7548873
  let c7 = x7 + x13 * 83281 + x14 * 2300240 + x15 * 12017604 + x16 * 4205985
  let c8 = x8 + x14 * 83281 + x15 * 2300240 + x16 * 12017604
  let c9 = x9 + x15 * 83281 + x16 * 2300240
  let c10 = x10 + x16 * 83281
  let c11 = 0
  t = Math.floor(c0 * R)
  c0 -= t * B
  c1 += t
  t = Math.floor(c1 * R)
  c1 -= t * B
  c2 += t
  t = Math.floor(c2 * R)
  c2 -= t * B
  c3 += t
  t = Math.floor(c3 * R)
  c3 -= t * B
  c4 += t
  t = Math.floor(c4 * R)
  c4 -= t * B
  c5 += t
  t = Math.floor(c5 * R)
  c5 -= t * B
  c6 += t
  t = Math.floor(c6 * R)
  c6 -= t * B
  c7 += t
  t = Math.floor(c7 * R)
  c7 -= t * B
  c8 += t
  t = Math.floor(c8 * R)
  c8 -= t * B
  c9 += t
  t = Math.floor(c9 * R)
  c9 -= t * B
  c10 += t
  t = Math.floor(c10 * R)
  c10 -= t * B
  c11 += t
  // Split at 2^256 (bit 16 of limb 10): 2^256 ≡ c, so h·2^256 folds as h·c.
  let h = Math.floor(c10 * INV16)
  c10 -= h * 65536
  h += c11 * 256
  const h1 = Math.floor(h * R)
  const h0 = h - h1 * B
  c0 += h0 * 13221567
  c1 += h0 * 10580783 + h1 * 13221567
  c2 += h0 * 12861485 + h1 * 10580783
  c3 += h0 * 5289823 + h1 * 12861485
  c4 += h0 * 5317401 + h1 * 5289823
  c5 += h0 * 325 + h1 * 5317401
  c6 += h1 * 325
  t = Math.floor(c0 * R)
  c0 -= t * B
  c1 += t
  t = Math.floor(c1 * R)
  c1 -= t * B
  c2 += t
  t = Math.floor(c2 * R)
  c2 -= t * B
  c3 += t
  t = Math.floor(c3 * R)
  c3 -= t * B
  c4 += t
  t = Math.floor(c4 * R)
  c4 -= t * B
  c5 += t
  t = Math.floor(c5 * R)
  c5 -= t * B
  c6 += t
  t = Math.floor(c6 * R)
  c6 -= t * B
  c7 += t
  t = Math.floor(c7 * R)
  c7 -= t * B
  c8 += t
  t = Math.floor(c8 * R)
  c8 -= t * B
  c9 += t
  t = Math.floor(c9 * R)
  c9 -= t * B
  c10 += t
  // Z < 2^256 + 2^167 < 2q: Z ≥ q exactly when W = Z + c reaches 2^256 (bit s).
  let w0 = c0 + 13221567
  let w1 = c1 + 10580783
  let w2 = c2 + 12861485
  let w3 = c3 + 5289823
  let w4 = c4 + 5317401
  let w5 = c5 + 325
  let w6 = c6
  let w7 = c7
  let w8 = c8
  let w9 = c9
  let w10 = c10
  t = Math.floor(w0 * R)
  w0 -= t * B
  w1 += t
  t = Math.floor(w1 * R)
  w1 -= t * B
  w2 += t
  t = Math.floor(w2 * R)
  w2 -= t * B
  w3 += t
  t = Math.floor(w3 * R)
  w3 -= t * B
  w4 += t
  t = Math.floor(w4 * R)
  w4 -= t * B
  w5 += t
  t = Math.floor(w5 * R)
  w5 -= t * B
  w6 += t
  t = Math.floor(w6 * R)
  w6 -= t * B
  w7 += t
  t = Math.floor(w7 * R)
  w7 -= t * B
  w8 += t
  t = Math.floor(w8 * R)
  w8 -= t * B
  w9 += t
  t = Math.floor(w9 * R)
  w9 -= t * B
  w10 += t
  const s = Math.floor(w10 * INV16)
  w10 -= s * 65536
  // Select Z or W − 2^256 arithmetically (s is secret: no branch), then eight big-endian words.
  const r0 = (c0 + s * (w0 - c0)) | 0
  const r1 = (c1 + s * (w1 - c1)) | 0
  const r2 = (c2 + s * (w2 - c2)) | 0
  const r3 = (c3 + s * (w3 - c3)) | 0
  const r4 = (c4 + s * (w4 - c4)) | 0
  const r5 = (c5 + s * (w5 - c5)) | 0
  const r6 = (c6 + s * (w6 - c6)) | 0
  const r7 = (c7 + s * (w7 - c7)) | 0
  const r8 = (c8 + s * (w8 - c8)) | 0
  const r9 = (c9 + s * (w9 - c9)) | 0
  const r10 = (c10 + s * (w10 - c10)) | 0
  out.setUint32(off + 28, r0 | (r1 << 24))
  out.setUint32(off + 24, (r1 >>> 8) | (r2 << 16))
  out.setUint32(off + 20, (r2 >>> 16) | (r3 << 8))
  out.setUint32(off + 16, r4 | (r5 << 24))
  out.setUint32(off + 12, (r5 >>> 8) | (r6 << 16))
  out.setUint32(off + 8, (r6 >>> 16) | (r7 << 8))
  out.setUint32(off + 4, r8 | (r9 << 24))
  out.setUint32(off + 0, (r9 >>> 8) | (r10 << 16))
}
