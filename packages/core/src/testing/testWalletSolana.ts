/**
 * Test-only: the Solana half of core's test wallet (NOT exported from the package). Answers the
 * session requests tagged `solana:<genesis>` the way a signer would, with a plain Ed25519 key:
 * params read by @tessera/protocol's `parseSolanaParams` first (malformed base58, oversized or
 * unparseable transactions are -32602 and go no further), the account checked (4100), then the
 * request counts as approved (`approved`, what a UI would have shown) and is signed:
 * `solana_signMessage` over the message, `solana_signTransaction` over the transaction's message
 * bytes, answered `{ signature: base58 }`. Must never be used outside tests and benches.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import {
  type JsonValue,
  parseSolanaParams,
  providerError,
  RPC_ERROR_CODES,
  type SessionRequest,
  type SolanaParams,
} from '@tessera/protocol'

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** Base58 (Bitcoin alphabet) of a few bytes; core has no base58 dependency of its own. */
function base58(bytes: Uint8Array): string {
  let value = 0n
  for (const b of bytes) value = (value << 8n) | BigInt(b)
  let out = ''
  while (value > 0n) {
    out = ALPHABET[Number(value % 58n)] + out
    value /= 58n
  }
  for (const b of bytes) {
    if (b !== 0) break
    out = `1${out}`
  }
  return out
}

export interface SolanaTestWallet {
  /** The account's address (base58 of the Ed25519 public key). */
  readonly address: string
  /** Requests that passed validation and were signed, in order (what reached "approval"). */
  readonly approved: readonly SolanaParams[]
  /** Pairing offer: every chain → [address]. */
  accounts(): { [chainId: string]: string[] }
  handle(request: SessionRequest): Promise<JsonValue>
}

export function createSolanaTestWallet(
  privateKey: `0x${string}`,
  chainIds: readonly string[],
): SolanaTestWallet {
  // Its own key, derived from the wallet's: Ed25519 and secp256k1 never share a secret.
  const secret = sha256(new TextEncoder().encode(`tessera test wallet solana ${privateKey}`))
  const publicKey = ed25519.getPublicKey(secret)
  const address = base58(publicKey)
  const approved: SolanaParams[] = []
  return {
    address,
    approved,
    accounts: () => Object.fromEntries(chainIds.map((id) => [id, [address]])),
    async handle(request) {
      if (request.chainId === undefined || !chainIds.includes(request.chainId)) {
        throw providerError(
          RPC_ERROR_CODES.unrecognizedChain,
          'The Solana chain is not known to the wallet.',
        )
      }
      if (request.method !== 'solana_signMessage' && request.method !== 'solana_signTransaction') {
        throw providerError(
          RPC_ERROR_CODES.unsupportedMethod,
          'The test wallet does not support this method on Solana.',
        )
      }
      const params = parseSolanaParams(request.method, request.params)
      if (params.pubkey !== address) {
        throw providerError(
          RPC_ERROR_CODES.unauthorized,
          'The pubkey is not a Solana account of this wallet.',
        )
      }
      approved.push(params)
      return { signature: base58(ed25519.sign(params.message, secret)) }
    },
  }
}
