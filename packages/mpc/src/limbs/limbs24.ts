/**
 * The limb form shared by the float64 arithmetic of this package (secp256k1 and ristretto255
 * fields in `curve/` and `ristretto/`, the vOLE's mod-q sums in `vole/`): little-endian 24-bit
 * limbs in a Float64Array, exact integers below 2^53. Conversions to and from bigint (public
 * values, constants and the final sums only: BigInt work is not constant-time) and the masked
 * select. Must never branch on or index memory by a limb's value.
 */

/** n limbs of v ≥ 0 (bits at and above 24·n are dropped) into out[off..off+n); returns out. */
export function toLimbs(v: bigint, out: Float64Array, off: number, n: number): Float64Array {
  let x = v
  for (let i = 0; i < n; i++) {
    out[off + i] = Number(x & 0xffffffn)
    x >>= 24n
  }
  return out
}

/** The integer Σ a[off+i]·2^(24i), i < n (limbs may be unnormalised, of either sign). */
export function fromLimbs(a: Float64Array, n: number, off = 0): bigint {
  let v = 0n
  for (let i = n - 1; i >= 0; i--) v = (v << 24n) + BigInt(a[off + i] as number)
  return v
}

/** out = bit ? b : a over `n` limbs for bit ∈ {0, 1}, by arithmetic masking (no branch). */
export function cmov(
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  bit: number,
  n = 11,
): void {
  for (let i = 0; i < n; i++) {
    const x = a[i] as number
    out[i] = x + bit * ((b[i] as number) - x)
  }
}
