/**
 * hash_to_ristretto255 (RFC 9380 Appendix B, RFC 9496 §4.3.4 MAP): expand_message_xmd with
 * SHA-512 to 64 bytes (noble's implementation, imported, for other DSTs; a direct form of the
 * same two hashes for the default DST), then two one-way maps and an addition,
 * giving the same element as noble's `ristretto255_hasher.hashToCurve` for the same DST. The map
 * is constant-time (masked selects); its inputs here are public hashes anyway.
 */
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js'
import { sha512 } from '@noble/hashes/sha2.js'
import {
  abs,
  add,
  cmov,
  fe,
  feFromBig,
  fromBytes,
  mul,
  neg,
  SQRT_M1,
  sqr,
  sqrtRatioM1,
  sub,
} from './field.ts'
import { addInto, D, newPoint, type Pt } from './point.ts'

export const DEFAULT_DST = 'ristretto255_XMD:SHA-512_R255MAP_RO_'

const ONE = feFromBig(1n)
const MINUS_ONE = fe()
neg(MINUS_ONE, ONE)
// RFC 9496 §4.1.
const SQRT_AD_MINUS_ONE =
  feFromBig(0x376931bf2b8348ac0f3cfcc931f5d1fdaf9d8e0c1b7854bd7e97f6a0497b2e1bn)
const ONE_MINUS_D_SQ =
  feFromBig(0x029072a8b2b3e0d79994abddbe70dfe42c81a138cd5e350fe27c09c1945fc176n)
const D_MINUS_ONE_SQ =
  feFromBig(0x5968b37af66c22414cdcd32f529b4eebd29e4a2cb01e199931ad5aaa44ed4d20n)

const r = fe()
const u = fe()
const v = fe()
const s = fe()
const sp = fe()
const c = fe()
const n = fe()
const tt = fe()
const w0 = fe()
const w1 = fe()
const w2 = fe()
const w3 = fe()
/** RFC 9496 §4.3.4 MAP of the field element t (as read from 32 bytes with bit 255 cleared). */
export function map(t: Float64Array): Pt {
  sqr(r, t)
  mul(r, r, SQRT_M1) // r = SQRT_M1·t²
  add(u, r, ONE)
  mul(u, u, ONE_MINUS_D_SQ) // u = (r + 1)·ONE_MINUS_D_SQ
  mul(tt, r, D)
  sub(v, MINUS_ONE, tt)
  add(tt, r, D)
  mul(v, v, tt) // v = (−1 − r·D)·(r + D)
  const square = sqrtRatioM1(s, u, v)
  mul(sp, s, t)
  abs(sp, sp)
  neg(sp, sp) // s′ = −|s·t|
  cmov(s, sp, s, square)
  cmov(c, r, MINUS_ONE, square)
  sub(n, r, ONE)
  mul(n, n, c)
  mul(n, n, D_MINUS_ONE_SQ)
  sub(n, n, v) // N = c·(r − 1)·D_MINUS_ONE_SQ − v
  mul(w0, s, v)
  add(w0, w0, w0) // 2·s·v
  mul(w1, n, SQRT_AD_MINUS_ONE)
  sqr(tt, s)
  sub(w2, ONE, tt)
  add(w3, ONE, tt)
  const p = newPoint()
  mul(p.x, w0, w3)
  mul(p.y, w2, w1)
  mul(p.z, w1, w3)
  mul(p.t, w0, w2)
  return p
}

/** RFC 9496 §4.3.4 element derivation from 64 uniform bytes: MAP(b[0..32]) + MAP(b[32..64]). */
export function fromUniformBytes(bytes: Uint8Array): Pt {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 64) {
    throw new RangeError('"bytes" expected Uint8Array of length 64')
  }
  const p = map(fromBytes(bytes, 0, true))
  addInto(p, p, map(fromBytes(bytes, 32, true)))
  return p
}

// expand_message_xmd (RFC 9380 §5.3.1) to 64 bytes with SHA-512 and the default DST, without the
// general routine's per-call work: SHA-512's block is 128 bytes, so Z_pad is exactly the first
// block and its state is hashed once here and cloned per call; ell = 1, so b_1 is the output.
// b_0 = H(Z_pad ‖ msg ‖ I2OSP(64, 2) ‖ 0x00 ‖ DST_prime), b_1 = H(b_0 ‖ 0x01 ‖ DST_prime).
const DST_PRIME = Uint8Array.from([...new TextEncoder().encode(DEFAULT_DST), DEFAULT_DST.length])
const TAIL0 = Uint8Array.from([0, 64, 0, ...DST_PRIME])
const ZPAD_STATE = sha512.create().update(new Uint8Array(128))
const B1_INPUT = new Uint8Array(64 + 1 + DST_PRIME.length)
B1_INPUT[64] = 1
B1_INPUT.set(DST_PRIME, 65)

function expandDefault(msg: Uint8Array): Uint8Array {
  const b0 = ZPAD_STATE.clone().update(msg).update(TAIL0).digest()
  B1_INPUT.set(b0, 0)
  return sha512(B1_INPUT)
}

/** hash_to_ristretto255(msg) with noble's default DST unless another is given. */
export function hashToGroup(msg: Uint8Array, dst: string | Uint8Array = DEFAULT_DST): Pt {
  if (dst === DEFAULT_DST) return fromUniformBytes(expandDefault(msg))
  return fromUniformBytes(expand_message_xmd(msg, dst, 64, sha512))
}
