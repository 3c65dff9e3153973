/**
 * The bridge to noble's `ed25519_FROST` for round 1 only (RFC 9591 §4.1 nonce_generate): a
 * KeyShare becomes noble's secret package {identifier = index, signingShare = x_i}. Rounds 2 and
 * 3 are ours (frostMath.ts), validating each public point once instead of on every call.
 * The secret package holds x_i: never log it, wipe it after use.
 */
import type { FrostSecret } from '@noble/curves/abstract/frost.js'
import { ed25519_FROST } from '@noble/curves/ed25519.js'
import type { KeyShare } from '../dkg/keyShare.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'

export const frostSuite = ed25519_FROST

export function frostIdentifier(index: number): string {
  return ed25519_FROST.Identifier.fromNumber(index)
}

export function frostSecretPackage(share: KeyShare, delta = 0n): FrostSecret {
  const x = decodeScalar('ed25519', share.secretShare, 'secretShare')
  return {
    identifier: frostIdentifier(share.index),
    signingShare: Uint8Array.from(encodeScalar('ed25519', modN('ed25519', x + delta))),
  }
}
