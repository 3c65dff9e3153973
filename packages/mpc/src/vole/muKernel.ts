/**
 * The kernel writing one check value μ of DKLs23 §5.1 (μ_j = ẑ_j + ⟨θ, z_j⟩ for ℓ = 2, negated on
 * Alice's side): canonical big-endian bytes of (E − X − θ_1·Y_1 − θ_2·Y_2) mod q from 24-bit limbs
 * in Float64 (limbs.ts), with θ·Y taken as Σ_i Y_i·(θ·2^(24i) mod q) from a per-call table, so no
 * 512-bit product is formed. Straight-line code on locals, written so that every intermediate
 * stays an integer below about 2^52.05. No generator or bound proof is committed: limbs.test.ts
 * backs it with property tests against BigInt (random inputs, limbs at their bounds, results 0, 1
 * and q − 1). Must never branch on or index memory by limb values.
 */
const B = 16777216 // 2^24
const R = 1 / B
const INV16 = 1 / 65536

/**
 * Writes (E − X − θ_1·Y_1 − θ_2·Y_2) mod q as 32 bytes big-endian at byte off of out. X: 16 limbs
 * below 2^25 at xo (a pad, or z = pad + β·ã); Y_1 at yo and Y_2 at yo + 11: weak scalars from
 * weakReduce; thetas: thetaTable(θ_1), thetaTable(θ_2) (limbs.ts); E: a canonical scalar at eo
 * (β·η̃ for Bob, zero for Alice). Each column starts from the limbs of a constant N ≡ 0 (mod q)
 * chosen above the largest subtrahend, so no column goes negative. One pass: the columns of
 * X + θ_1·Y_1 from N, a carry over limbs 0..9 (each then below 2^24), the columns of θ_2·Y_2 from
 * a second N, then one reduction. The value stays below 2^285, so the fold at 2^256 leaves
 * Z < 2^256 + 2^158 < 2q and one conditional subtraction of q finishes.
 */
export function muPairTo(
  out: DataView,
  off: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  thetas: readonly [Float64Array, Float64Array],
  e: Float64Array,
  eo: number,
): void {
  const t = thetas[0]
  const s = thetas[1]
  let u: number
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
  const e0 = e[eo] as number
  const e1 = e[eo + 1] as number
  const e2 = e[eo + 2] as number
  const e3 = e[eo + 3] as number
  const e4 = e[eo + 4] as number
  const e5 = e[eo + 5] as number
  const e6 = e[eo + 6] as number
  const e7 = e[eo + 7] as number
  const e8 = e[eo + 8] as number
  const e9 = e[eo + 9] as number
  const e10 = e[eo + 10] as number
  let c0 = 3799948932697947 + e0 - x0 - y0 * (t[0] as number) - y1 * (t[11] as number)
  c0 -= y2 * (t[22] as number) + y3 * (t[33] as number) + y4 * (t[44] as number)
  c0 -= y5 * (t[55] as number) + y6 * (t[66] as number) + y7 * (t[77] as number)
  c0 -= y8 * (t[88] as number) + y9 * (t[99] as number) + y10 * (t[110] as number)
  c0 -= x11 * 12500736
  let c1 = 4053247081407219 + e1 - x1 - y0 * (t[1] as number) - y1 * (t[12] as number)
  c1 -= y2 * (t[23] as number) + y3 * (t[34] as number) + y4 * (t[45] as number)
  c1 -= y5 * (t[56] as number) + y6 * (t[67] as number) + y7 * (t[78] as number)
  c1 -= y8 * (t[89] as number) + y9 * (t[100] as number) + y10 * (t[111] as number)
  c1 -= x11 * 7548873 + x12 * 12500736
  let c2 = 4194376519577889 + e2 - x2 - y0 * (t[2] as number) - y1 * (t[13] as number)
  c2 -= y2 * (t[24] as number) + y3 * (t[35] as number) + y4 * (t[46] as number)
  c2 -= y5 * (t[57] as number) + y6 * (t[68] as number) + y7 * (t[79] as number)
  c2 -= y8 * (t[90] as number) + y9 * (t[101] as number) + y10 * (t[112] as number)
  c2 -= x11 * 4205985 + x12 * 7548873 + x13 * 12500736
  let c3 = 4597620375284696 + e3 - x3 - y0 * (t[3] as number) - y1 * (t[14] as number)
  c3 -= y2 * (t[25] as number) + y3 * (t[36] as number) + y4 * (t[47] as number)
  c3 -= y5 * (t[58] as number) + y6 * (t[69] as number) + y7 * (t[80] as number)
  c3 -= y8 * (t[91] as number) + y9 * (t[102] as number) + y10 * (t[113] as number)
  c3 -= x11 * 12017604 + x12 * 4205985 + x13 * 7548873 + x14 * 12500736
  let c4 = 4674803621040467 + e4 - x4 - y0 * (t[4] as number) - y1 * (t[15] as number)
  c4 -= y2 * (t[26] as number) + y3 * (t[37] as number) + y4 * (t[48] as number)
  c4 -= y5 * (t[59] as number) + y6 * (t[70] as number) + y7 * (t[81] as number)
  c4 -= y8 * (t[92] as number) + y9 * (t[103] as number) + y10 * (t[114] as number)
  c4 -= x11 * 2300240 + x12 * 12017604 + x13 * 4205985 + x14 * 7548873
  c4 -= x15 * 12500736
  let c5 = 4258142990372936 + e5 - x5 - y0 * (t[5] as number) - y1 * (t[16] as number)
  c5 -= y2 * (t[27] as number) + y3 * (t[38] as number) + y4 * (t[49] as number)
  c5 -= y5 * (t[60] as number) + y6 * (t[71] as number) + y7 * (t[82] as number)
  c5 -= y8 * (t[93] as number) + y9 * (t[104] as number) + y10 * (t[115] as number)
  c5 -= x11 * 83281 + x12 * 2300240 + x13 * 12017604 + x14 * 4205985
  c5 -= x15 * 7548873
  let c6 = 4004844853472896 + e6 - x6 - y0 * (t[6] as number) - y1 * (t[17] as number)
  c6 -= y2 * (t[28] as number) + y3 * (t[39] as number) + y4 * (t[50] as number)
  c6 -= y5 * (t[61] as number) + y6 * (t[72] as number) + y7 * (t[83] as number)
  c6 -= y8 * (t[94] as number) + y9 * (t[105] as number) + y10 * (t[116] as number)
  c6 -= x12 * 83281 + x13 * 2300240 + x14 * 12017604 + x15 * 4205985
  let c7 = 3863715414121814 + e7 - x7 - y0 * (t[7] as number) - y1 * (t[18] as number)
  c7 -= y2 * (t[29] as number) + y3 * (t[40] as number) + y4 * (t[51] as number)
  c7 -= y5 * (t[62] as number) + y6 * (t[73] as number) + y7 * (t[84] as number)
  c7 -= y8 * (t[95] as number) + y9 * (t[106] as number) + y10 * (t[117] as number)
  c7 -= x13 * 83281 + x14 * 2300240 + x15 * 12017604
  let c8 = 3460471546312857 + e8 - x8 - y0 * (t[8] as number) - y1 * (t[19] as number)
  c8 -= y2 * (t[30] as number) + y3 * (t[41] as number) + y4 * (t[52] as number)
  c8 -= y5 * (t[63] as number) + y6 * (t[74] as number) + y7 * (t[85] as number)
  c8 -= y8 * (t[96] as number) + y9 * (t[107] as number) + y10 * (t[118] as number)
  c8 -= x14 * 83281 + x15 * 2300240
  let c9 = 3383288306907169 + e9 - x9 - y0 * (t[9] as number) - y1 * (t[20] as number)
  c9 -= y2 * (t[31] as number) + y3 * (t[42] as number) + y4 * (t[53] as number)
  c9 -= y5 * (t[64] as number) + y6 * (t[75] as number) + y7 * (t[86] as number)
  c9 -= y8 * (t[97] as number) + y9 * (t[108] as number) + y10 * (t[119] as number)
  c9 -= x15 * 83281
  let c10 = 13204903553730 + e10 - x10 - y0 * (t[10] as number)
  c10 -= y1 * (t[21] as number) + y2 * (t[32] as number) + y3 * (t[43] as number)
  c10 -= y4 * (t[54] as number) + y5 * (t[65] as number) + y6 * (t[76] as number)
  c10 -= y7 * (t[87] as number) + y8 * (t[98] as number) + y9 * (t[109] as number)
  c10 -= y10 * (t[120] as number)
  // θ_2·Y_2 (Y_2 at yo + 11): carry limbs 0..9 first, so a second multiple of q covers it.
  const z0 = y[yo + 11] as number
  const z1 = y[yo + 12] as number
  const z2 = y[yo + 13] as number
  const z3 = y[yo + 14] as number
  const z4 = y[yo + 15] as number
  const z5 = y[yo + 16] as number
  const z6 = y[yo + 17] as number
  const z7 = y[yo + 18] as number
  const z8 = y[yo + 19] as number
  const z9 = y[yo + 20] as number
  const z10 = y[yo + 21] as number
  u = Math.floor(c0 * R)
  c0 -= u * B
  c1 += u
  u = Math.floor(c1 * R)
  c1 -= u * B
  c2 += u
  u = Math.floor(c2 * R)
  c2 -= u * B
  c3 += u
  u = Math.floor(c3 * R)
  c3 -= u * B
  c4 += u
  u = Math.floor(c4 * R)
  c4 -= u * B
  c5 += u
  u = Math.floor(c5 * R)
  c5 -= u * B
  c6 += u
  u = Math.floor(c6 * R)
  c6 -= u * B
  c7 += u
  u = Math.floor(c7 * R)
  c7 -= u * B
  c8 += u
  u = Math.floor(c8 * R)
  c8 -= u * B
  c9 += u
  u = Math.floor(c9 * R)
  c9 -= u * B
  c10 += u
  c0 += 3799948932697947 - z0 * (s[0] as number) - z1 * (s[11] as number)
  c0 -= z2 * (s[22] as number) + z3 * (s[33] as number) + z4 * (s[44] as number)
  c0 -= z5 * (s[55] as number) + z6 * (s[66] as number) + z7 * (s[77] as number)
  c0 -= z8 * (s[88] as number) + z9 * (s[99] as number) + z10 * (s[110] as number)
  c1 += 4053247081407219 - z0 * (s[1] as number) - z1 * (s[12] as number)
  c1 -= z2 * (s[23] as number) + z3 * (s[34] as number) + z4 * (s[45] as number)
  c1 -= z5 * (s[56] as number) + z6 * (s[67] as number) + z7 * (s[78] as number)
  c1 -= z8 * (s[89] as number) + z9 * (s[100] as number) + z10 * (s[111] as number)
  c2 += 4194376519577889 - z0 * (s[2] as number) - z1 * (s[13] as number)
  c2 -= z2 * (s[24] as number) + z3 * (s[35] as number) + z4 * (s[46] as number)
  c2 -= z5 * (s[57] as number) + z6 * (s[68] as number) + z7 * (s[79] as number)
  c2 -= z8 * (s[90] as number) + z9 * (s[101] as number) + z10 * (s[112] as number)
  c3 += 4597620375284696 - z0 * (s[3] as number) - z1 * (s[14] as number)
  c3 -= z2 * (s[25] as number) + z3 * (s[36] as number) + z4 * (s[47] as number)
  c3 -= z5 * (s[58] as number) + z6 * (s[69] as number) + z7 * (s[80] as number)
  c3 -= z8 * (s[91] as number) + z9 * (s[102] as number) + z10 * (s[113] as number)
  c4 += 4674803621040467 - z0 * (s[4] as number) - z1 * (s[15] as number)
  c4 -= z2 * (s[26] as number) + z3 * (s[37] as number) + z4 * (s[48] as number)
  c4 -= z5 * (s[59] as number) + z6 * (s[70] as number) + z7 * (s[81] as number)
  c4 -= z8 * (s[92] as number) + z9 * (s[103] as number) + z10 * (s[114] as number)
  c5 += 4258142990372936 - z0 * (s[5] as number) - z1 * (s[16] as number)
  c5 -= z2 * (s[27] as number) + z3 * (s[38] as number) + z4 * (s[49] as number)
  c5 -= z5 * (s[60] as number) + z6 * (s[71] as number) + z7 * (s[82] as number)
  c5 -= z8 * (s[93] as number) + z9 * (s[104] as number) + z10 * (s[115] as number)
  c6 += 4004844853472896 - z0 * (s[6] as number) - z1 * (s[17] as number)
  c6 -= z2 * (s[28] as number) + z3 * (s[39] as number) + z4 * (s[50] as number)
  c6 -= z5 * (s[61] as number) + z6 * (s[72] as number) + z7 * (s[83] as number)
  c6 -= z8 * (s[94] as number) + z9 * (s[105] as number) + z10 * (s[116] as number)
  c7 += 3863715414121814 - z0 * (s[7] as number) - z1 * (s[18] as number)
  c7 -= z2 * (s[29] as number) + z3 * (s[40] as number) + z4 * (s[51] as number)
  c7 -= z5 * (s[62] as number) + z6 * (s[73] as number) + z7 * (s[84] as number)
  c7 -= z8 * (s[95] as number) + z9 * (s[106] as number) + z10 * (s[117] as number)
  c8 += 3460471546312857 - z0 * (s[8] as number) - z1 * (s[19] as number)
  c8 -= z2 * (s[30] as number) + z3 * (s[41] as number) + z4 * (s[52] as number)
  c8 -= z5 * (s[63] as number) + z6 * (s[74] as number) + z7 * (s[85] as number)
  c8 -= z8 * (s[96] as number) + z9 * (s[107] as number) + z10 * (s[118] as number)
  c9 += 3383288306907169 - z0 * (s[9] as number) - z1 * (s[20] as number)
  c9 -= z2 * (s[31] as number) + z3 * (s[42] as number) + z4 * (s[53] as number)
  c9 -= z5 * (s[64] as number) + z6 * (s[75] as number) + z7 * (s[86] as number)
  c9 -= z8 * (s[97] as number) + z9 * (s[108] as number) + z10 * (s[119] as number)
  c10 += 13204903553730 - z0 * (s[10] as number) - z1 * (s[21] as number)
  c10 -= z2 * (s[32] as number) + z3 * (s[43] as number) + z4 * (s[54] as number)
  c10 -= z5 * (s[65] as number) + z6 * (s[76] as number) + z7 * (s[87] as number)
  c10 -= z8 * (s[98] as number) + z9 * (s[109] as number) + z10 * (s[120] as number)
  let c11 = 0
  u = Math.floor(c0 * R)
  c0 -= u * B
  c1 += u
  u = Math.floor(c1 * R)
  c1 -= u * B
  c2 += u
  u = Math.floor(c2 * R)
  c2 -= u * B
  c3 += u
  u = Math.floor(c3 * R)
  c3 -= u * B
  c4 += u
  u = Math.floor(c4 * R)
  c4 -= u * B
  c5 += u
  u = Math.floor(c5 * R)
  c5 -= u * B
  c6 += u
  u = Math.floor(c6 * R)
  c6 -= u * B
  c7 += u
  u = Math.floor(c7 * R)
  c7 -= u * B
  c8 += u
  u = Math.floor(c8 * R)
  c8 -= u * B
  c9 += u
  u = Math.floor(c9 * R)
  c9 -= u * B
  c10 += u
  u = Math.floor(c10 * R)
  c10 -= u * B
  c11 += u
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
  u = Math.floor(c0 * R)
  c0 -= u * B
  c1 += u
  u = Math.floor(c1 * R)
  c1 -= u * B
  c2 += u
  u = Math.floor(c2 * R)
  c2 -= u * B
  c3 += u
  u = Math.floor(c3 * R)
  c3 -= u * B
  c4 += u
  u = Math.floor(c4 * R)
  c4 -= u * B
  c5 += u
  u = Math.floor(c5 * R)
  c5 -= u * B
  c6 += u
  u = Math.floor(c6 * R)
  c6 -= u * B
  c7 += u
  u = Math.floor(c7 * R)
  c7 -= u * B
  c8 += u
  u = Math.floor(c8 * R)
  c8 -= u * B
  c9 += u
  u = Math.floor(c9 * R)
  c9 -= u * B
  c10 += u
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
  u = Math.floor(w0 * R)
  w0 -= u * B
  w1 += u
  u = Math.floor(w1 * R)
  w1 -= u * B
  w2 += u
  u = Math.floor(w2 * R)
  w2 -= u * B
  w3 += u
  u = Math.floor(w3 * R)
  w3 -= u * B
  w4 += u
  u = Math.floor(w4 * R)
  w4 -= u * B
  w5 += u
  u = Math.floor(w5 * R)
  w5 -= u * B
  w6 += u
  u = Math.floor(w6 * R)
  w6 -= u * B
  w7 += u
  u = Math.floor(w7 * R)
  w7 -= u * B
  w8 += u
  u = Math.floor(w8 * R)
  w8 -= u * B
  w9 += u
  u = Math.floor(w9 * R)
  w9 -= u * B
  w10 += u
  const top = Math.floor(w10 * INV16)
  w10 -= top * 65536
  // Select Z or W − 2^256 arithmetically (s is secret: no branch), then eight big-endian words.
  const r0 = (c0 + top * (w0 - c0)) | 0
  const r1 = (c1 + top * (w1 - c1)) | 0
  const r2 = (c2 + top * (w2 - c2)) | 0
  const r3 = (c3 + top * (w3 - c3)) | 0
  const r4 = (c4 + top * (w4 - c4)) | 0
  const r5 = (c5 + top * (w5 - c5)) | 0
  const r6 = (c6 + top * (w6 - c6)) | 0
  const r7 = (c7 + top * (w7 - c7)) | 0
  const r8 = (c8 + top * (w8 - c8)) | 0
  const r9 = (c9 + top * (w9 - c9)) | 0
  const r10 = (c10 + top * (w10 - c10)) | 0
  out.setUint32(off + 28, r0 | (r1 << 24))
  out.setUint32(off + 24, (r1 >>> 8) | (r2 << 16))
  out.setUint32(off + 20, (r2 >>> 16) | (r3 << 8))
  out.setUint32(off + 16, r4 | (r5 << 24))
  out.setUint32(off + 12, (r5 >>> 8) | (r6 << 16))
  out.setUint32(off + 8, (r6 >>> 16) | (r7 << 8))
  out.setUint32(off + 4, r8 | (r9 << 24))
  out.setUint32(off + 0, (r9 >>> 8) | (r10 << 16))
}
