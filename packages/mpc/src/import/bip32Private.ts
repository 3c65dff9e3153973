/**
 * BIP32 private derivation (master key + CKDpriv, hardened and normal), used ONLY to import an
 * existing seed-phrase wallet before it is split (docs/THRESHOLD.md#import-and-export: import of an
 * existing key). Every intermediate key is wiped; the result must be split and then erased by the
 * caller.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { clean, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { u32be } from '../encoding/codec.ts'
import { curveInfo } from '../encoding/curve.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'

const HARDENED = 0x80000000

export function parseFullPath(path: string): number[] {
  const parts = path.split('/')
  if (parts[0] !== 'm') throw new RangeError('path must start with "m"')
  return parts.slice(1).map((p) => {
    const m = /^(\d+)(['hH]?)$/.exec(p)
    if (m === null) throw new RangeError(`invalid path step "${p}"`)
    const i = Number(m[1])
    if (i >= HARDENED) throw new RangeError(`path index ${i} too large`)
    return m[2] === '' ? i : i + HARDENED
  })
}

/** Derives (privateKey, chainCode) at `path` from a BIP39 seed. */
export function derivePrivate(
  seed: Uint8Array,
  path: string,
): { privateKey: Uint8Array; chainCode: Uint8Array } {
  const I = hmac(sha512, utf8ToBytes('Bitcoin seed'), seed)
  let key: Uint8Array = I.slice(0, 32)
  let chainCode = I.slice(32)
  clean(I)
  decodeScalar('secp256k1', key, 'master key')
  for (const index of parseFullPath(path)) {
    const data =
      index >= HARDENED
        ? concatBytes(Uint8Array.of(0), key, u32be(index))
        : concatBytes(secp256k1.getPublicKey(key, true), u32be(index))
    const J = hmac(sha512, chainCode, data)
    const IL = decodeScalar('secp256k1', J.subarray(0, 32), 'IL', { allowZero: true })
    const child = modN('secp256k1', IL + decodeScalar('secp256k1', key, 'key'))
    if (child === 0n || IL >= curveInfo('secp256k1').order)
      throw new RangeError('BIP32: invalid child, use the next index')
    clean(key, data)
    key = encodeScalar('secp256k1', child)
    chainCode = J.slice(32)
    clean(J)
  }
  return { privateKey: key, chainCode }
}
