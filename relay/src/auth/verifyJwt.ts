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
 * The signature is verified with `jose` (`compactVerify`, EdDSA only, with the issuer's Ed25519
 * key imported as an OKP JWK): only the `did:key` decoding is ours. jose verifies asynchronously, so
 * the verdict is a promise (the upgrade gate waits for it; startRelay.ts).
 */

import {
  checkRelayJwtClaims,
  checkRelayJwtHeader,
  decodeRelayJwt,
  RELAY_RULES,
  type RelayJwtCheck,
  type RelayJwtRejection,
  readRelayJwtIssuer,
} from '@tessera/protocol'
import { base64url, compactVerify, importJWK } from 'jose'

/** The protocol's reasons, and the relay's own: no usable `iat`, a lifetime over one day. */
export type JwtRejection = RelayJwtRejection | 'bad_iat' | 'lifetime_too_long'

export type JwtResult = { ok: true; clientId: string } | { ok: false; reason: JwtRejection }

/** Longest accepted `exp − iat`, in seconds. */
export const MAX_JWT_LIFETIME_SEC = RELAY_RULES.ttl.jwtSeconds

export async function verifyRelayJwt(
  token: string | null | undefined,
  check: RelayJwtCheck,
): Promise<JwtResult> {
  const decoded = decodeRelayJwt(token)
  if (!decoded.ok) return decoded
  const { header, claims, signature } = decoded.jwt
  const headerRejection = checkRelayJwtHeader(header)
  if (headerRejection !== undefined) return { ok: false, reason: headerRejection }
  const issuer = readRelayJwtIssuer(claims)
  if (issuer === undefined) return { ok: false, reason: 'bad_iss' }
  if (signature.length !== 64) return { ok: false, reason: 'bad_signature' }
  try {
    const key = await importJWK(
      { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(issuer.publicKey) },
      'EdDSA',
    )
    await compactVerify(token as string, key, { algorithms: ['EdDSA'] })
  } catch {
    return { ok: false, reason: 'bad_signature' }
  }
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
