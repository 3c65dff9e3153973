/**
 * Adapts a KeyShare (Ed25519) to noble's FROST packages (THRESHOLD.md "FROST signing"):
 * identifier = index, commitments = [PK] (noble reads only commitments[0] when signing),
 * verifyingShares = X_1..X_n. An optional additive tweak δ (non-hardened derivation) is applied as
 * x_i + δ, PK + δG and X_k + δG (Σλ = 1 makes that equal to adding δ once to the key).
 * The secret package holds x_i: never log it, wipe it after signing.
 */

import type { FrostPublic, FrostSecret } from '@noble/curves/abstract/frost.js'
import { ed25519_FROST } from '@noble/curves/ed25519.js'
import type { KeyShare, PublicKeyState } from '../dkg/keyShare.ts'
import { decodePoint, encodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'

export const frostSuite = ed25519_FROST

export function frostIdentifier(index: number): string {
  return ed25519_FROST.Identifier.fromNumber(index)
}

function tweakPoint(bytes: Uint8Array, delta: bigint, title: string): Uint8Array<ArrayBuffer> {
  // δ = 0: noble validates the encoding itself when it parses the package.
  if (delta === 0n) return Uint8Array.from(bytes)
  const P = decodePoint('ed25519', bytes, title)
  return Uint8Array.from(encodePoint('ed25519', P.add(mulBase('ed25519', delta))))
}

export function frostPublicPackage(state: PublicKeyState, delta = 0n): FrostPublic {
  if (state.curve !== 'ed25519') throw new TypeError('FROST signing here is Ed25519 only')
  const verifyingShares: Record<string, Uint8Array<ArrayBuffer>> = {}
  state.publicShares.forEach((X, k) => {
    verifyingShares[frostIdentifier(k + 1)] = tweakPoint(X, delta, `publicShares[${k}]`)
  })
  return {
    signers: { min: state.t, max: state.n },
    commitments: [tweakPoint(state.publicKey, delta, 'publicKey')],
    verifyingShares,
  }
}

export function frostSecretPackage(share: KeyShare, delta = 0n): FrostSecret {
  const x = decodeScalar('ed25519', share.secretShare, 'secretShare')
  return {
    identifier: frostIdentifier(share.index),
    signingShare: Uint8Array.from(encodeScalar('ed25519', modN('ed25519', x + delta))),
  }
}
