/**
 * Reading and checking a relay-auth JWT as the relay does (docs/RELAY.md#connection-and-auth), in
 * the order the relay applies them: `decodeRelayJwt` (three canonical base64url parts, JSON
 * objects), `checkRelayJwtHeader` (alg, typ), `readRelayJwtIssuer` (`iss` a did:key), then — once
 * the relay has verified the Ed25519 signature over `signingInput` itself — `checkRelayJwtClaims`
 * (exp, iat skew, aud byte for byte). Each answers with a reason code instead of throwing, so the
 * relay can answer 401 with it. Never returns or logs the token.
 */
import { base64ToBytes } from '../encoding/base64.ts'
import { decodeDidKey } from './didKey.ts'
import { RELAY_MAX_JWT_CHARS } from './limits.ts'

/** Why a token was refused; the relay sends it in the 401 body and counts it in metrics. */
export type RelayJwtRejection =
  | 'missing'
  | 'malformed'
  | 'bad_alg'
  | 'bad_typ'
  | 'bad_iss'
  | 'bad_signature'
  | 'expired'
  | 'iat_in_future'
  | 'bad_aud'

export type DecodedRelayJwt = {
  readonly header: Record<string, unknown>
  readonly claims: Record<string, unknown>
  readonly signature: Uint8Array
  /** `header.payload` as it came: what the signature covers. */
  readonly signingInput: string
}

export interface RelayJwtCheck {
  /** Accepted `aud` values, compared byte for byte (docs/RELAY.md#6-exact-audience). */
  readonly audiences: readonly string[]
  /** Current time in seconds. */
  readonly nowSec: number
  /** How far `iat` may lie in the future (clock skew between client and relay). */
  readonly skewSec: number
}

export function decodeRelayJwt(
  token: string | null | undefined,
): { ok: true; jwt: DecodedRelayJwt } | { ok: false; reason: 'missing' | 'malformed' } {
  if (token === null || token === undefined || token === '') return { ok: false, reason: 'missing' }
  if (typeof token !== 'string' || token.length > RELAY_MAX_JWT_CHARS) {
    return { ok: false, reason: 'malformed' }
  }
  const parts = token.split('.')
  if (parts.length !== 3) return { ok: false, reason: 'malformed' }
  const [h, p, s] = parts as [string, string, string]
  const header = decodeJsonPart(h)
  const claims = decodeJsonPart(p)
  const signature = base64ToBytes(s, 'url')
  if (header === undefined || claims === undefined || signature === undefined) {
    return { ok: false, reason: 'malformed' }
  }
  return { ok: true, jwt: { header, claims, signature, signingInput: `${h}.${p}` } }
}

export function checkRelayJwtHeader(
  header: Record<string, unknown>,
): 'bad_alg' | 'bad_typ' | undefined {
  if (header.alg !== 'EdDSA') return 'bad_alg'
  if (header.typ !== undefined && header.typ !== 'JWT') return 'bad_typ'
  return undefined
}

/** `iss` and the Ed25519 public key it names, or `undefined` when it is not an Ed25519 did:key. */
export function readRelayJwtIssuer(
  claims: Record<string, unknown>,
): { readonly iss: string; readonly publicKey: Uint8Array } | undefined {
  const { iss } = claims
  if (typeof iss !== 'string') return undefined
  try {
    return { iss, publicKey: decodeDidKey(iss) }
  } catch {
    return undefined
  }
}

/** Checks only once the signature holds, so their errors cannot be probed for free. */
export function checkRelayJwtClaims(
  claims: Record<string, unknown>,
  check: RelayJwtCheck,
): 'expired' | 'iat_in_future' | 'bad_aud' | undefined {
  const { aud, iat, exp } = claims
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp < check.nowSec) return 'expired'
  if (typeof iat === 'number' && iat > check.nowSec + check.skewSec) return 'iat_in_future'
  if (typeof aud !== 'string' || !check.audiences.includes(aud)) return 'bad_aud'
  return undefined
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  const bytes = base64ToBytes(part, 'url')
  if (bytes === undefined) return undefined
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    return value as Record<string, unknown>
  } catch {
    return undefined
  }
}
