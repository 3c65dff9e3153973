/**
 * The key share every protocol consumes (docs/THRESHOLD.md#dkg): one party's Shamir share x_i of
 * the threshold key plus the public state all parties agreed on. `validateKeyShare` checks the
 * invariants of docs/THRESHOLD.md#dkg: x_i·G = X_i, x_i ∉ {0,1}, PK ∉ {O,G}, every t-window of X_k
 * interpolates to PK. Never log a KeyShare, never store `secretShare` as hex.
 */
import { abytes } from '@noble/hashes/utils.js'
import { type CurveName, curveInfo, isCurveName } from '../encoding/curve.ts'
import { expectInt } from '../encoding/expectInt.ts'
import { decodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar } from '../encoding/scalars.ts'
import { interpolatePointsAtZero } from './polynomial.ts'

export const KEY_SHARE_VERSION = 1
export const MIN_PARTIES = 2
export const MAX_PARTIES = 5

export type KeyShare = {
  readonly v: 1
  readonly curve: CurveName
  /** Caller-chosen key identifier, 1–128 printable ASCII characters. */
  readonly keyId: string
  /** Bumped by every refresh or re-share; shares of different epochs never mix. */
  readonly epoch: number
  /** This party's index in [1, n]. */
  readonly index: number
  readonly t: number
  readonly n: number
  /** x_i: 32-byte scalar (big-endian on secp256k1, little-endian on Ed25519). */
  readonly secretShare: Uint8Array
  /** PK: 33-byte compressed (secp256k1) or 32-byte (Ed25519) group public key. */
  readonly publicKey: Uint8Array
  /** X_1..X_n in index order: X_k = x_k·G. */
  readonly publicShares: readonly Uint8Array[]
  /** 32-byte chain code for non-hardened derivation. */
  readonly chainCode: Uint8Array
  /** secp256k1 only: F_Zero seeds shared with party j (j ≠ index); empty on Ed25519. */
  readonly zeroSeeds: Readonly<Record<number, Uint8Array>>
}

/** The public part of a key share, the same at every party. */
export type PublicKeyState = Pick<
  KeyShare,
  'curve' | 'keyId' | 'epoch' | 't' | 'n' | 'publicKey' | 'publicShares' | 'chainCode'
>

const KEY_ID = /^[\x21-\x7e]{1,128}$/

export function validateKeyId(keyId: unknown): string {
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) {
    throw new TypeError('"keyId" expected 1-128 printable ASCII characters')
  }
  return keyId
}

/** Checks the threshold parameters: 2 ≤ t ≤ n ≤ 5. */
export function validateThreshold(t: unknown, n: unknown): void {
  expectInt(n, MIN_PARTIES, MAX_PARTIES, 'n')
  expectInt(t, MIN_PARTIES, n as number, 't')
}

/** Checks the public state: encodings, PK ∉ {O, G}, every t-window of X_k interpolates to PK. */
export function validatePublicKeyState(state: PublicKeyState): void {
  if (!isCurveName(state.curve)) throw new TypeError(`unknown curve "${String(state.curve)}"`)
  const { curve, t, n } = state
  validateKeyId(state.keyId)
  expectInt(state.epoch, 0, 0xffffffff, 'epoch')
  validateThreshold(t, n)
  const pk = decodePoint(curve, state.publicKey, 'publicKey')
  if (pk.equals(curveInfo(curve).base)) throw new RangeError('"publicKey" is the generator')
  abytes(state.chainCode, 32, 'chainCode')
  if (!Array.isArray(state.publicShares) || state.publicShares.length !== n) {
    throw new RangeError(`"publicShares" expected ${n} points`)
  }
  const points = state.publicShares.map((x, k) => decodePoint(curve, x, `publicShares[${k}]`))
  for (let start = 1; start + t - 1 <= n; start++) {
    const window = Array.from({ length: t }, (_, k) => start + k)
    const image = interpolatePointsAtZero(
      curve,
      window,
      window.map((k) => points[k - 1] as (typeof points)[number]),
    )
    if (!image.equals(pk)) {
      throw new RangeError(`publicShares ${window.join(',')} do not interpolate to publicKey`)
    }
  }
}

/** Full check of a share: the public state plus x_i·G = X_i, x_i ∉ {0,1} and the seed map. */
export function validateKeyShare(share: KeyShare): void {
  if (share.v !== KEY_SHARE_VERSION) throw new RangeError(`unsupported key share v=${share.v}`)
  validatePublicKeyState(share)
  const { curve, n } = share
  expectInt(share.index, 1, n, 'index')
  const x = decodeScalar(curve, share.secretShare, 'secretShare')
  if (x === 1n) throw new RangeError('"secretShare" is one')
  const own = decodePoint(curve, share.publicShares[share.index - 1], 'publicShares[index]')
  if (!mulBase(curve, x).equals(own)) throw new RangeError('secretShare·G ≠ publicShares[index]')
  const seeds = Object.entries(share.zeroSeeds)
  if (curve === 'ed25519' && seeds.length !== 0) throw new RangeError('Ed25519 has no zero seeds')
  for (const [j, seed] of seeds) {
    const peer = Number(j)
    expectInt(peer, 1, n, 'zeroSeeds index')
    if (peer === share.index) throw new RangeError('zeroSeeds contains own index')
    abytes(seed, 32, `zeroSeeds[${peer}]`)
  }
}

/** The public part of a share (safe to send to the UI thread or the co-signer). */
export function publicKeyState(share: KeyShare): PublicKeyState {
  return {
    curve: share.curve,
    keyId: share.keyId,
    epoch: share.epoch,
    t: share.t,
    n: share.n,
    publicKey: share.publicKey.slice(),
    publicShares: share.publicShares.map((x) => x.slice()),
    chainCode: share.chainCode.slice(),
  }
}
