/**
 * One account of a wallet: from the public key state of its secp256k1 and/or Ed25519 threshold
 * keys (public data only: no share is needed), the child keys at `accountPath(index)` by mpc's
 * non-hardened derivation, and their addresses on every chain: EVM (any chain id, eSpace too),
 * Conflux Core per network id, Solana.
 */
import { deriveEd25519, deriveSecp256k1, type PublicKeyState } from '@tessera/mpc'
import type { Address } from 'viem'
import { accountPath } from './accountPath.ts'
import { coreAddress } from './coreAddress.ts'
import { evmAddress } from './evmAddress.ts'
import { solanaAddress } from './solanaAddress.ts'

export type WalletKeys = {
  readonly secp256k1?: PublicKeyState
  readonly ed25519?: PublicKeyState
}

export type Account = {
  readonly index: number
  readonly path: string
  readonly secp256k1?: {
    /** The 33-byte compressed child public key. */
    readonly publicKey: Uint8Array
    /** EVM address, the same on every EVM chain and on Conflux eSpace. */
    readonly address: Address
    /** Conflux Core base32 address by network id. */
    readonly core: Readonly<Record<number, string>>
  }
  readonly ed25519?: { readonly publicKey: Uint8Array; readonly address: string }
}

/** Core networks whose addresses an account lists unless told otherwise: mainnet, testnet. */
export const DEFAULT_CORE_NETWORKS = [1029, 1] as const

export function deriveAccount(
  keys: WalletKeys,
  index: number,
  options: { readonly coreNetworks?: readonly number[] } = {},
): Account {
  const path = accountPath(index)
  if (keys.secp256k1 === undefined && keys.ed25519 === undefined) {
    throw new TypeError('deriveAccount needs a secp256k1 or an Ed25519 key')
  }
  const out: { -readonly [K in keyof Account]: Account[K] } = { index, path }
  if (keys.secp256k1 !== undefined) {
    if (keys.secp256k1.curve !== 'secp256k1')
      throw new TypeError('"secp256k1" key has another curve')
    const { publicKey } = deriveSecp256k1(keys.secp256k1, path)
    const core: Record<number, string> = {}
    for (const id of options.coreNetworks ?? DEFAULT_CORE_NETWORKS)
      core[id] = coreAddress(publicKey, id)
    out.secp256k1 = { publicKey, address: evmAddress(publicKey), core }
  }
  if (keys.ed25519 !== undefined) {
    if (keys.ed25519.curve !== 'ed25519') throw new TypeError('"ed25519" key has another curve')
    const { publicKey } = deriveEd25519(keys.ed25519, path)
    out.ed25519 = { publicKey, address: solanaAddress(publicKey) }
  }
  return out
}
