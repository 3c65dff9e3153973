/**
 * ristretto255 on Float64 limbs (RFC 9496): decode/encode, batch double-and-encode, constant-time
 * fixed- and variable-base multiplication for secret scalars, add/sub/equals/identity, and
 * hash_to_ristretto255. Bit-identical to @noble/curves' ristretto255 (the tests compare). Points
 * are representatives (`Pt`): compare them with `equals`, never coordinate by coordinate.
 */
export { encodeDoubled } from './batch.ts'
export { decode, encode } from './encoding.ts'
export { DEFAULT_DST, fromUniformBytes, hashToGroup } from './hash.ts'
export { basePoint, type FixedBaseTable, fixedBaseTable, mul, mulBase, mulFixed } from './mul.ts'
export {
  addInto,
  clonePoint,
  doubleInto,
  equals,
  isIdentity,
  negInto,
  newPoint as identity,
  type Pt,
  subInto,
} from './point.ts'
export { checkScalar, ORDER } from './scalar.ts'
