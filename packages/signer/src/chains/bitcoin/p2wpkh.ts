/**
 * Native SegWit v0 pay-to-witness-public-key-hash (BIP141/BIP173) for a compressed secp256k1
 * public key: the witness program HASH160(pk), its output script `0 <20 bytes>` and its bech32
 * address on the network of a CAIP-2 `bip122:` chain. Public data only.
 */
import { ripemd160 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bech32 } from '@scure/base'
import { ChainError } from '../chainError.ts'

const HRP: Readonly<Record<string, string>> = {
  'bip122:000000000019d6689c085ae165831e93': 'bc',
  'bip122:000000000933ea01ad0ee984209779ba': 'tb',
  'bip122:0f9188f13cb7b2c71f2a335e3a4fc328': 'bcrt',
}

export function hash160(bytes: Uint8Array): Uint8Array {
  return ripemd160(sha256(bytes))
}

function compressed(publicKey: Uint8Array): Uint8Array {
  if (!(publicKey instanceof Uint8Array)) throw new TypeError('"publicKey" expected Uint8Array')
  if (publicKey.length !== 33 || (publicKey[0] !== 2 && publicKey[0] !== 3)) {
    throw new RangeError(
      `"publicKey" expected a compressed key of length 33, got length=${publicKey.length}`,
    )
  }
  return publicKey
}

/** `OP_0 <HASH160(pk)>`: the output script the account's coins are locked to. */
export function p2wpkhScript(publicKey: Uint8Array): Uint8Array {
  return Uint8Array.of(0x00, 0x14, ...hash160(compressed(publicKey)))
}

/** The account's bech32 address on `chainId` (`bc1q…`, `tb1q…`, `bcrt1q…`). */
export function p2wpkhAddress(publicKey: Uint8Array, chainId: string): string {
  const hrp = Object.hasOwn(HRP, chainId) ? HRP[chainId] : undefined
  if (hrp === undefined) throw new ChainError('UnknownChain', `${chainId} is not a Bitcoin chain`)
  return bech32.encode(hrp, [0, ...bech32.toWords(hash160(compressed(publicKey)))])
}
