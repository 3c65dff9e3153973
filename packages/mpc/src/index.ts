/**
 * Public API of @tessera/mpc: explicit named exports only (STYLE.md §9). Nothing internal is
 * re-exported with `export *`. The Worker API is the `./worker` subpath.
 */

export {
  KEY_SHARE_VERSION,
  type KeyShare,
  MAX_PARTIES,
  MIN_PARTIES,
  type PublicKeyState,
  publicKeyState,
  validateKeyShare,
  validatePublicKeyState,
} from './dkg/keyShare.ts'
export { deserializeKeyShare, serializeKeyShare } from './dkg/keyShareCodec.ts'
export { type CurveName, curveInfo, type GroupElement } from './encoding/curve.ts'
export { decodePoint, encodePoint } from './encoding/points.ts'
export type { Rng } from './encoding/random.ts'
export { decodeScalar, encodeScalar } from './encoding/scalars.ts'
export { MpcError, type MpcErrorKind } from './errors.ts'
export {
  type SplitOptions,
  splitExistingKeyIntoShares,
} from './import/splitExistingKeyIntoShares.ts'
