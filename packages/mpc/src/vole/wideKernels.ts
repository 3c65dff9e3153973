/**
 * Unrolled mod-q kernels for the vOLE sums (24-bit limbs in Float64, see limbs.ts): a 384-bit pad
 * folded to 11 limbs, and the running sums Σ_j g_j·z_j of DKLs23 §5.1 (c and d). Straight-line code
 * on locals, written so that every intermediate stays an integer below about 2^51.46 and Float64 is
 * exact. No generator or bound proof is committed: what backs that claim is limbs.test.ts, property
 * tests against BigInt over random inputs and limbs at their bounds. Must never branch on or index
 * memory by limb values.
 */
const B = 16777216 // 2^24
const R = 1 / B

/** Bound on limb 10 of weakReduce's output (limbs 0..9 are below 2^24). */
export const WEAK_TOP = 33720995

/**
 * out[oo..oo+11) ≡ x[xo..xo+16) (mod q) for pad limbs below 2^25: limbs 11..15 fold through
 * 2^264 ≡ 2^8·c (c = 2^256 − q, the constants below are its limbs). Limbs 0..9 of the result are
 * below 2^24 and limb 10 at most WEAK_TOP (about 2^25): a weak form, good for one product.
 */
export function weakReduce(x: Float64Array, xo: number, out: Float64Array, oo: number): void {
  let t: number
  const x0 = x[xo] as number
  const x1 = x[xo + 1] as number
  const x2 = x[xo + 2] as number
  const x3 = x[xo + 3] as number
  const x4 = x[xo + 4] as number
  const x5 = x[xo + 5] as number
  const x6 = x[xo + 6] as number
  const x7 = x[xo + 7] as number
  const x8 = x[xo + 8] as number
  const x9 = x[xo + 9] as number
  const x10 = x[xo + 10] as number
  const x11 = x[xo + 11] as number
  const x12 = x[xo + 12] as number
  const x13 = x[xo + 13] as number
  const x14 = x[xo + 14] as number
  const x15 = x[xo + 15] as number
  let c0 = x0 + x11 * 12500736
  let c1 = x1 + x11 * 7548873 + x12 * 12500736
  let c2 = x2 + x11 * 4205985 + x12 * 7548873 + x13 * 12500736
  let c3 = x3 + x11 * 12017604 + x12 * 4205985 + x13 * 7548873 + x14 * 12500736
  let c4 = x4 + x11 * 2300240 + x12 * 12017604 + x13 * 4205985 + x14 * 7548873
  c4 += x15 * 12500736
  let c5 = x5 + x11 * 83281 + x12 * 2300240 + x13 * 12017604 + x14 * 4205985
  c5 += x15 * 7548873
  let c6 = x6 + x12 * 83281 + x13 * 2300240 + x14 * 12017604 + x15 * 4205985
  let c7 = x7 + x13 * 83281 + x14 * 2300240 + x15 * 12017604
  let c8 = x8 + x14 * 83281 + x15 * 2300240
  let c9 = x9 + x15 * 83281
  let c10 = x10
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
  out[oo] = c0
  out[oo + 1] = c1
  out[oo + 2] = c2
  out[oo + 3] = c3
  out[oo + 4] = c4
  out[oo + 5] = c5
  out[oo + 6] = c6
  out[oo + 7] = c7
  out[oo + 8] = c8
  out[oo + 9] = c9
  out[oo + 10] = c10
}

/**
 * acc += g·y (no reduction: the 23 limbs hold Σ_j g_j·y_j < 2^531 for ξ = 512 rows) for a
 * canonical g and a weak y from weakReduce, then one carry pass keeps every limb below 2^24.
 */
export function mulAcc(
  acc: Float64Array,
  g: Float64Array,
  go: number,
  y: Float64Array,
  yo: number,
): void {
  let t: number
  const g0 = g[go] as number
  const g1 = g[go + 1] as number
  const g2 = g[go + 2] as number
  const g3 = g[go + 3] as number
  const g4 = g[go + 4] as number
  const g5 = g[go + 5] as number
  const g6 = g[go + 6] as number
  const g7 = g[go + 7] as number
  const g8 = g[go + 8] as number
  const g9 = g[go + 9] as number
  const g10 = g[go + 10] as number
  const y0 = y[yo] as number
  const y1 = y[yo + 1] as number
  const y2 = y[yo + 2] as number
  const y3 = y[yo + 3] as number
  const y4 = y[yo + 4] as number
  const y5 = y[yo + 5] as number
  const y6 = y[yo + 6] as number
  const y7 = y[yo + 7] as number
  const y8 = y[yo + 8] as number
  const y9 = y[yo + 9] as number
  const y10 = y[yo + 10] as number
  let a0 = (acc[0] as number) + g0 * y0
  let a1 = (acc[1] as number) + g0 * y1 + g1 * y0
  let a2 = (acc[2] as number) + g0 * y2 + g1 * y1 + g2 * y0
  let a3 = (acc[3] as number) + g0 * y3 + g1 * y2 + g2 * y1 + g3 * y0
  let a4 = (acc[4] as number) + g0 * y4 + g1 * y3 + g2 * y2 + g3 * y1 + g4 * y0
  let a5 = (acc[5] as number) + g0 * y5 + g1 * y4 + g2 * y3 + g3 * y2 + g4 * y1
  a5 += g5 * y0
  let a6 = (acc[6] as number) + g0 * y6 + g1 * y5 + g2 * y4 + g3 * y3 + g4 * y2
  a6 += g5 * y1 + g6 * y0
  let a7 = (acc[7] as number) + g0 * y7 + g1 * y6 + g2 * y5 + g3 * y4 + g4 * y3
  a7 += g5 * y2 + g6 * y1 + g7 * y0
  let a8 = (acc[8] as number) + g0 * y8 + g1 * y7 + g2 * y6 + g3 * y5 + g4 * y4
  a8 += g5 * y3 + g6 * y2 + g7 * y1 + g8 * y0
  let a9 = (acc[9] as number) + g0 * y9 + g1 * y8 + g2 * y7 + g3 * y6 + g4 * y5
  a9 += g5 * y4 + g6 * y3 + g7 * y2 + g8 * y1 + g9 * y0
  let a10 = (acc[10] as number) + g0 * y10 + g1 * y9 + g2 * y8 + g3 * y7 + g4 * y6
  a10 += g5 * y5 + g6 * y4 + g7 * y3 + g8 * y2 + g9 * y1 + g10 * y0
  let a11 = (acc[11] as number) + g1 * y10 + g2 * y9 + g3 * y8 + g4 * y7 + g5 * y6
  a11 += g6 * y5 + g7 * y4 + g8 * y3 + g9 * y2 + g10 * y1
  let a12 = (acc[12] as number) + g2 * y10 + g3 * y9 + g4 * y8 + g5 * y7 + g6 * y6
  a12 += g7 * y5 + g8 * y4 + g9 * y3 + g10 * y2
  let a13 = (acc[13] as number) + g3 * y10 + g4 * y9 + g5 * y8 + g6 * y7 + g7 * y6
  a13 += g8 * y5 + g9 * y4 + g10 * y3
  let a14 = (acc[14] as number) + g4 * y10 + g5 * y9 + g6 * y8 + g7 * y7 + g8 * y6
  a14 += g9 * y5 + g10 * y4
  let a15 = (acc[15] as number) + g5 * y10 + g6 * y9 + g7 * y8 + g8 * y7 + g9 * y6
  a15 += g10 * y5
  let a16 = (acc[16] as number) + g6 * y10 + g7 * y9 + g8 * y8 + g9 * y7 + g10 * y6
  let a17 = (acc[17] as number) + g7 * y10 + g8 * y9 + g9 * y8 + g10 * y7
  let a18 = (acc[18] as number) + g8 * y10 + g9 * y9 + g10 * y8
  let a19 = (acc[19] as number) + g9 * y10 + g10 * y9
  let a20 = (acc[20] as number) + g10 * y10
  let a21 = acc[21] as number
  let a22 = acc[22] as number
  t = Math.floor(a0 * R)
  a0 -= t * B
  a1 += t
  t = Math.floor(a1 * R)
  a1 -= t * B
  a2 += t
  t = Math.floor(a2 * R)
  a2 -= t * B
  a3 += t
  t = Math.floor(a3 * R)
  a3 -= t * B
  a4 += t
  t = Math.floor(a4 * R)
  a4 -= t * B
  a5 += t
  t = Math.floor(a5 * R)
  a5 -= t * B
  a6 += t
  t = Math.floor(a6 * R)
  a6 -= t * B
  a7 += t
  t = Math.floor(a7 * R)
  a7 -= t * B
  a8 += t
  t = Math.floor(a8 * R)
  a8 -= t * B
  a9 += t
  t = Math.floor(a9 * R)
  a9 -= t * B
  a10 += t
  t = Math.floor(a10 * R)
  a10 -= t * B
  a11 += t
  t = Math.floor(a11 * R)
  a11 -= t * B
  a12 += t
  t = Math.floor(a12 * R)
  a12 -= t * B
  a13 += t
  t = Math.floor(a13 * R)
  a13 -= t * B
  a14 += t
  t = Math.floor(a14 * R)
  a14 -= t * B
  a15 += t
  t = Math.floor(a15 * R)
  a15 -= t * B
  a16 += t
  t = Math.floor(a16 * R)
  a16 -= t * B
  a17 += t
  t = Math.floor(a17 * R)
  a17 -= t * B
  a18 += t
  t = Math.floor(a18 * R)
  a18 -= t * B
  a19 += t
  t = Math.floor(a19 * R)
  a19 -= t * B
  a20 += t
  t = Math.floor(a20 * R)
  a20 -= t * B
  a21 += t
  t = Math.floor(a21 * R)
  a21 -= t * B
  a22 += t
  acc[0] = a0
  acc[1] = a1
  acc[2] = a2
  acc[3] = a3
  acc[4] = a4
  acc[5] = a5
  acc[6] = a6
  acc[7] = a7
  acc[8] = a8
  acc[9] = a9
  acc[10] = a10
  acc[11] = a11
  acc[12] = a12
  acc[13] = a13
  acc[14] = a14
  acc[15] = a15
  acc[16] = a16
  acc[17] = a17
  acc[18] = a18
  acc[19] = a19
  acc[20] = a20
  acc[21] = a21
  acc[22] = a22
}
