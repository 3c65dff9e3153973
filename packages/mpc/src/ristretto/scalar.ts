/**
 * Scalars of ristretto255 (mod ℓ = 2^252 + 27742317777372353535851937790883648493) for the
 * constant-time multiplications: range check and signed 4-bit recoding. The recoding is plain
 * integer arithmetic, no branch or index on a digit. (The bigint → bytes step is BigInt work like
 * the rest of the callers' scalar handling.) Never log a scalar or its digits.
 */

export const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n

/** Throws unless k is a bigint in [0, ℓ) (the error never shows k). */
export function checkScalar(k: bigint): void {
  if (typeof k !== 'bigint' || k < 0n || k >= ORDER) {
    throw new RangeError('scalar expected a bigint in [0, ℓ)')
  }
}

/**
 * 64 signed digits d_i ∈ [−8, 8) with k = Σ d_i·16^i, for k in [0, ℓ) (so the top nibble is at
 * most 1 and no carry leaves digit 63). The caller zeroes the array after use.
 */
export function signedDigits(k: bigint): Int8Array {
  const digits = new Int8Array(64)
  let v = k
  for (let i = 0; i < 32; i++, v >>= 8n) {
    const byte = Number(v & 0xffn)
    digits[2 * i] = byte & 15
    digits[2 * i + 1] = byte >>> 4
  }
  let carry = 0
  for (let i = 0; i < 64; i++) {
    const x = (digits[i] as number) + carry
    carry = (x + 8) >> 4
    digits[i] = x - (carry << 4)
  }
  return digits
}

/** 1 when a === b, else 0, for small non-negative integers (no branch). */
export function eqBit(a: number, b: number): number {
  return ((a ^ b) - 1) >>> 31
}
