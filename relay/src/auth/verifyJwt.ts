/**
 * Verifies the relay-auth JWT that WalletConnect clients put in the `auth` query parameter
 * (docs/RELAY.md#connection-and-auth). The token's format, header and claim rules are
 * @tessera/protocol's (`decodeRelayJwt` and its checks); the Ed25519 signature over
 * `header.payload` is verified here. Returns a reason code instead of throwing so the upgrade
 * handler can answer 401 with it. Never logs or returns the token itself.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import {
  checkRelayJwtClaims,
  checkRelayJwtHeader,
  decodeRelayJwt,
  type RelayJwtCheck,
  type RelayJwtRejection,
  readRelayJwtIssuer,
} from '@tessera/protocol'

export type JwtResult = { ok: true; clientId: string } | { ok: false; reason: RelayJwtRejection }

export function verifyRelayJwt(token: string | null | undefined, check: RelayJwtCheck): JwtResult {
  const decoded = decodeRelayJwt(token)
  if (!decoded.ok) return decoded
  const { header, claims, signature, signingInput } = decoded.jwt
  const headerRejection = checkRelayJwtHeader(header)
  if (headerRejection !== undefined) return { ok: false, reason: headerRejection }
  const issuer = readRelayJwtIssuer(claims)
  if (issuer === undefined) return { ok: false, reason: 'bad_iss' }
  if (signature.length !== 64) return { ok: false, reason: 'bad_signature' }
  let valid = false
  try {
    valid = ed25519.verify(signature, new TextEncoder().encode(signingInput), issuer.publicKey)
  } catch {
    valid = false
  }
  if (!valid) return { ok: false, reason: 'bad_signature' }
  // Claims are checked only once the signature holds, so their errors cannot be probed for free.
  const claimRejection = checkRelayJwtClaims(claims, check)
  if (claimRejection !== undefined) return { ok: false, reason: claimRejection }
  return { ok: true, clientId: issuer.iss }
}
