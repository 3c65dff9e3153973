/**
 * `RelayIdentity`: the relay client's Ed25519 key (docs/RELAY.md#connection-and-auth). Its public
 * half names the client (`did:key`, the mailbox the relay keeps for it); its private half signs
 * the connect JWT. WebCrypto's Ed25519 (Chrome 137+, Safari 17+, Firefox 129+, Node 20) does the
 * work where the platform has it; where it does not (mini-programs, insecure origins, older
 * browsers) noble's Ed25519 is loaded by dynamic `import()`, so a dapp's up-front bundle carries
 * no Ed25519 code. Both produce the same RFC 8032 signatures. The private key is never exported,
 * logged or put in a token; a seed given here is copied, so the caller may wipe its own.
 */
import { base64ToBytes, encodeDidKey } from '@tessera/protocol'

export interface RelayIdentity {
  /** `did:key:z…`: the name the relay knows this client (and its mailbox) by. */
  readonly clientId: string
  /** The Ed25519 (RFC 8032) signature of `data`. */
  sign(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array>
}

/** A relay key as `loadRelayIdentity` stores it: the private half is a non-extractable CryptoKey. */
export interface RelayKeyPair {
  readonly privateKey: CryptoKey
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array
}

export interface RelayCryptoOptions {
  /**
   * The WebCrypto to use; `null` when the platform has none (noble's Ed25519 then, loaded on
   * demand). Default `globalThis.crypto.subtle`, which is absent on insecure origins.
   */
  readonly subtle?: SubtleCrypto | null
}

const ED25519 = { name: 'Ed25519' }
// RFC 8410 §7: an Ed25519 PKCS#8 PrivateKeyInfo is this fixed prefix followed by the 32-byte seed.
const PKCS8_PREFIX = [48, 46, 2, 1, 0, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32]

export function platformSubtle(options: RelayCryptoOptions = {}): SubtleCrypto | null {
  return options.subtle === undefined ? (globalThis.crypto?.subtle ?? null) : options.subtle
}

/** An identity on a WebCrypto key pair (as `generateRelayKeyPair` makes and a store keeps). */
export function relayIdentityFromKeyPair(pair: RelayKeyPair, subtle: SubtleCrypto): RelayIdentity {
  return {
    clientId: encodeDidKey(pair.publicKey),
    sign: async (data) => new Uint8Array(await subtle.sign(ED25519, pair.privateKey, data)),
  }
}

/**
 * A fresh key pair whose private half cannot be exported, or `undefined` when this WebCrypto
 * has no Ed25519 (it then throws NotSupportedError, or a TypeError in older engines).
 */
export async function generateRelayKeyPair(
  subtle: SubtleCrypto,
): Promise<RelayKeyPair | undefined> {
  let pair: CryptoKeyPair
  try {
    pair = (await subtle.generateKey(ED25519, false, ['sign', 'verify'])) as CryptoKeyPair
  } catch {
    return undefined
  }
  const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey))
  return { privateKey: pair.privateKey, publicKey }
}

/** Whether `value` is a usable stored `RelayKeyPair` (a private Ed25519 signing CryptoKey). */
export function isRelayKeyPair(value: unknown): value is RelayKeyPair {
  if (typeof value !== 'object' || value === null || typeof CryptoKey === 'undefined') return false
  const { privateKey, publicKey } = value as Partial<RelayKeyPair>
  return (
    privateKey instanceof CryptoKey &&
    privateKey.type === 'private' &&
    privateKey.algorithm.name === 'Ed25519' &&
    privateKey.usages.includes('sign') &&
    publicKey instanceof Uint8Array &&
    publicKey.length === 32
  )
}

/** An identity on a 32-byte seed (the RFC 8032 private key): WebCrypto if it can, else noble. */
export async function relayIdentityFromSeed(
  seed: Uint8Array,
  options: RelayCryptoOptions = {},
): Promise<RelayIdentity> {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) {
    throw new RangeError('"seed" expected Uint8Array of length 32')
  }
  const subtle = platformSubtle(options)
  if (subtle !== null) {
    const pkcs8 = new Uint8Array(48)
    pkcs8.set(PKCS8_PREFIX)
    pkcs8.set(seed, 16)
    try {
      // The public key is only reachable through an extractable copy; that copy is dropped here.
      const jwk = await subtle.exportKey(
        'jwk',
        await subtle.importKey('pkcs8', pkcs8, ED25519, true, ['sign']),
      )
      // JWK `x` is the raw public key in base64url without padding (RFC 8037 §2).
      const publicKey = base64ToBytes(jwk.x ?? '', 'url')
      const privateKey = await subtle.importKey('pkcs8', pkcs8, ED25519, false, ['sign'])
      if (publicKey?.length === 32)
        return relayIdentityFromKeyPair({ privateKey, publicKey }, subtle)
    } catch {
      // No Ed25519 in this WebCrypto: noble below.
    } finally {
      pkcs8.fill(0)
    }
  }
  const { ed25519 } = await import('./nobleEd25519.ts')
  const secret = seed.slice()
  return {
    clientId: encodeDidKey(ed25519.getPublicKey(secret)),
    sign: async (data) => ed25519.sign(data, secret),
  }
}
