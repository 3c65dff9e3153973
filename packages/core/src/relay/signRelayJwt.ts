/**
 * `signRelayJwt`: the relay-auth token put in the `auth` query parameter on every connect
 * (docs/RELAY.md#connection-and-auth). The header, claims and compact encoding are
 * @tessera/protocol's (`buildRelayJwtClaims`, `encodeRelayJwtSigningInput`, `encodeRelayJwt`);
 * this only signs, with the identity's Ed25519 key (WebCrypto, or noble where it has none).
 * The private key stays inside the identity: it is never read, copied, logged or put in the token.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { buildRelayJwtClaims, encodeRelayJwt, encodeRelayJwtSigningInput } from '@tessera/protocol'
import type { RelayIdentity } from './relayIdentity.ts'

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

export async function signRelayJwt({
  identity,
  aud,
  iat,
  subject,
}: RelayJwtParameters): Promise<string> {
  const claims = buildRelayJwtClaims({ iss: identity.clientId, aud, iat, subject })
  const signingInput = encodeRelayJwtSigningInput(claims)
  return encodeRelayJwt(signingInput, await identity.sign(utf8ToBytes(signingInput)))
}
