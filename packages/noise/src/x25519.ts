/**
 * X25519 (RFC 7748 §5): the Montgomery ladder of noble-curves' `abstract/montgomery.ts`
 * (MIT, Paul Miller), narrowed to curve25519, with the same checks: the scalar is clamped, the
 * top bit of u is masked and u reduced mod p, the five u of small order are refused before the
 * ladder runs (https://cr.yp.to/ecdh.html#validate), and the swaps use noble's full-width
 * interpolation instead of a {0, 1} multiplier (see `cswap`). It lives here so a dapp bundle does
 * not load `@noble/curves` up front: noble's `x25519` computes public keys through the whole
 * Ed25519 curve, and the relay login's Ed25519 fallback (`@tessera/core`) loads that curve on
 * demand only — a module both needed would be loaded up front in full. Checked against noble's
 * `x25519` and the RFC 7748 vectors in `x25519.test.ts`. Must never branch on secret bits.
 */
import { checkBytes } from './bytes.ts'

// RFC 7748 §4.1: p = 2^255 − 19; a24 = (486662 − 2) / 4.
const P = 2n ** 255n - 19n
const A24 = 121665n
const BASE_U = 9n
/** Every u whose order divides the cofactor 8, reduced mod p (noble's `lowOrderU`, X25519 list). */
const LOW_ORDER_U = new Set([
  0n,
  1n,
  P - 1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
])
// Offset keeping the swap's dividend positive and of one size class (noble's `cswap` rationale).
const SIX_P = 6n * P

const modP = (n: bigint): bigint => {
  const r = n % P
  return r >= 0n ? r : r + P
}

/** r^(2^k) mod p: k squarings. */
function square(r: bigint, k: number): bigint {
  for (let i = 0; i < k; i++) r = (r * r) % P
  return r
}

/** x^(p−2) mod p (a field inverse), by the addition chain of ed25519's x^(2^252 − 3). */
function invert(x: bigint): bigint {
  const b2 = (((x * x) % P) * x) % P // x^3
  const b4 = (square(b2, 2) * b2) % P // x^15
  const b5 = (square(b4, 1) * x) % P // x^31
  const b10 = (square(b5, 5) * b5) % P
  const b20 = (square(b10, 10) * b10) % P
  const b40 = (square(b20, 20) * b20) % P
  const b80 = (square(b40, 40) * b40) % P
  const b160 = (square(b80, 80) * b80) % P
  const b240 = (square(b160, 80) * b80) % P
  const b250 = (square(b240, 10) * b10) % P
  const pow_p_5_8 = (square(b250, 2) * x) % P // x^(2^252 − 3)
  return (square(pow_p_5_8, 3) * b2) % P // x^(2^255 − 21) = x^(p − 2)
}

/** 32 little-endian bytes → integer. */
function fromBytes(bytes: Uint8Array): bigint {
  let n = 0n
  for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number)
  return n
}

/** Integer in [0, p) → 32 little-endian bytes. */
function toBytes(n: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) {
    out[i] = Number(n & 255n)
    n >>= 8n
  }
  return out
}

/** RFC 7748 §5 decodeScalar25519: clear the 3 low bits and bit 255, set bit 254. */
function decodeScalar(scalar: Uint8Array): bigint {
  const k = Uint8Array.from(checkBytes(scalar, 'secretKey', 32))
  k[0] = (k[0] as number) & 248
  k[31] = ((k[31] as number) & 127) | 64
  return fromBytes(k)
}

/** RFC 7748 §5 decodeUCoordinate: mask bit 255, accept non-canonical values reduced mod p. */
function decodeU(u: Uint8Array): bigint {
  const copy = Uint8Array.from(checkBytes(u, 'publicKey', 32))
  copy[31] = (copy[31] as number) & 127
  return modP(fromBytes(copy))
}

/** `P` to keep, `P + 1` to swap, from the low bit of `swap`, with every operand full-width. */
const cmask = (swap: bigint): bigint => P + swap - ((swap >> 1n) << 1n)

/**
 * Conditional swap by interpolation: x_2' = (6p + x_3 − x_2)·mask + x_2 mod p, x_3' = x_2 + x_3 − x_2'.
 * `mask` = p keeps, p + 1 swaps; both inputs must be reduced mod p. BigInt has no constant-time
 * contract; this only avoids the short-cuts a {0, 1} selector would take (noble's notes).
 */
function cswap(mask: bigint, a: bigint, b: bigint): [bigint, bigint] {
  const kept = ((SIX_P + b - a) * mask + a) % P
  return [kept, a + b - kept]
}

/** RFC 7748 §5 ladder: u-coordinate of [k]u, 255 rounds whatever the scalar. */
function ladder(u: bigint, k: bigint): bigint {
  let x2 = 1n
  let z2 = 0n
  let x3 = u
  let z3 = 1n
  // The low bit of kx >> t is k_t XOR k_(t+1): the RFC's carried `swap`, without state. Bit 254
  // of a clamped k is set and nothing above it, so the width of kx >> t depends on t only.
  const kx = k ^ (k >> 1n)
  for (let t = 254n; t >= 0n; t--) {
    const mask = cmask(kx >> t)
    ;[x2, x3] = cswap(mask, x2, x3)
    ;[z2, z3] = cswap(mask, z2, z3)
    const A = x2 + z2
    const AA = modP(A * A)
    const B = x2 - z2
    const BB = modP(B * B)
    const E = AA - BB
    const C = x3 + z3
    const D = x3 - z3
    const DA = modP(D * A)
    const CB = modP(C * B)
    x3 = modP((DA + CB) * (DA + CB))
    z3 = modP(u * modP((DA - CB) * (DA - CB)))
    x2 = modP(AA * BB)
    z2 = modP(E * (AA + modP(A24 * E)))
  }
  // The trailing swap: the RFC's `swap` is k_0 here.
  const mask = cmask(k)
  ;[x2] = cswap(mask, x2, x3)
  ;[z2] = cswap(mask, z2, z3)
  return modP(x2 * invert(z2))
}

/** X25519(k, u); throws on a low-order u (the output would be all-zero, RFC 7748 §6.1). */
function scalarMult(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const u = decodeU(publicKey)
  // Refused before the ladder: running it against the static key would hand an unauthenticated
  // peer a timing oracle for nothing (noble's note).
  if (LOW_ORDER_U.has(u)) throw new Error('invalid private or public key received')
  const out = ladder(u, decodeScalar(secretKey))
  if (out === 0n) throw new Error('invalid private or public key received')
  return toBytes(out)
}

const BASE = toBytes(BASE_U)

export const x25519 = {
  getPublicKey: (secretKey: Uint8Array): Uint8Array => scalarMult(secretKey, BASE),
  getSharedSecret: scalarMult,
}
