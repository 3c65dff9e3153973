/**
 * Verifies the relay-auth JWT that WalletConnect clients put in the `auth` query parameter
 * (docs/RELAY.md#connection-and-auth). The token's format, header and claim rules are
 * @tessera/protocol's (`decodeRelayJwt` and its checks); the Ed25519 signature over
 * `header.payload` is verified here. Returns a reason code instead of throwing so the upgrade
 * handler can answer 401 with it. Never logs or returns the token itself.
 *
 * On top of the protocol's claim checks, the relay requires `iat` (a whole number of seconds) and
 * caps the lifetime `exp − iat` at WalletConnect's one day (`RELAY_RULES.ttl.jwtSeconds`): a
 * token with `exp` in milliseconds, `exp = 1e15` or no `iat` would otherwise stay valid for ages.
 * The signature is verified with @noble/curves, synchronously: the upgrade gate and the
 * `@tessera/relay/testing` export callers rely on a synchronous verdict.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import {
  checkRelayJwtClaims,
  checkRelayJwtHeader,
  decodeRelayJwt,
  RELAY_RULES,
  type RelayJwtCheck,
  type RelayJwtRejection,
  readRelayJwtIssuer,
} from '@tessera/protocol'

/** The protocol's reasons, and the relay's own: no usable `iat`, a lifetime over one day. */
export type JwtRejection = RelayJwtRejection | 'bad_iat' | 'lifetime_too_long'

export type JwtResult = { ok: true; clientId: string } | { ok: false; reason: JwtRejection }

/** Longest accepted `exp − iat`, in seconds. */
export const MAX_JWT_LIFETIME_SEC = RELAY_RULES.ttl.jwtSeconds

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
  const { iat, exp } = claims as { iat?: unknown; exp: number }
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat < 0) {
    return { ok: false, reason: 'bad_iat' }
  }
  if (exp - iat > MAX_JWT_LIFETIME_SEC) return { ok: false, reason: 'lifetime_too_long' }
  return { ok: true, clientId: issuer.iss }
}
