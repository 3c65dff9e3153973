/**
 * `signRelayJwt`: the relay-auth token put in the `auth` query parameter on every connect
 * (RELAY.md "Connection and auth"): header `{"alg":"EdDSA","typ":"JWT"}`, payload
 * `{iss, sub, aud, iat, exp = iat + 86400}`, Ed25519 over the ASCII `header.payload`, base64url.
 * `aud` is the relay URL exactly as configured (RELAY.md pitfall 6). The private key stays inside
 * the identity: it is never read, copied, logged or put in the token.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import { bytesToBase64 } from '@tessera/protocol'
import type { RelayIdentity } from './relayIdentity.ts'

/** RELAY.md: `exp = iat + 86400`. */
export const RELAY_JWT_TTL_SECONDS = 86_400

export interface RelayJwtParameters {
  /** The client's Ed25519 key (its stable relay identity). */
  readonly identity: RelayIdentity
  /** The relay URL exactly as configured. */
  readonly aud: string
  /** Unix seconds. */
  readonly iat: number
  /** 32 random bytes naming this token (`sub`), as WalletConnect clients send. */
  readonly subject: Uint8Array
}

const encoder = new TextEncoder()
const json = (value: unknown): string => bytesToBase64(encoder.encode(JSON.stringify(value)), 'url')

export async function signRelayJwt({
  identity,
  aud,
  iat,
  subject,
}: RelayJwtParameters): Promise<string> {
  if (!Number.isSafeInteger(iat) || iat < 0) {
    throw new RangeError(`"iat" expected a non-negative integer, got ${String(iat)}`)
  }
  const payload = {
    iss: identity.clientId,
    sub: bytesToHex(subject),
    aud,
    iat,
    exp: iat + RELAY_JWT_TTL_SECONDS,
  }
  const data = `${json({ alg: 'EdDSA', typ: 'JWT' })}.${json(payload)}`
  return `${data}.${bytesToBase64(await identity.sign(encoder.encode(data)), 'url')}`
}
