/**
 * Verifies the relay-auth JWT that WalletConnect clients put in the `auth` query parameter
 * (RELAY.md "Connection and auth"): EdDSA over `header.payload`, `iss` a `did:key`, `exp`, `iat`
 * skew and `aud` among the relay's public URLs. Returns a reason code instead of throwing so the
 * upgrade handler can answer 401 with it. Never logs or returns the token itself.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { decodeDidKey } from './didKey.ts'

/** Why a token was refused; sent in the 401 body and counted in metrics. */
export type JwtRejection =
  | 'missing'
  | 'malformed'
  | 'bad_alg'
  | 'bad_typ'
  | 'bad_iss'
  | 'bad_signature'
  | 'expired'
  | 'iat_in_future'
  | 'bad_aud'

export type JwtResult = { ok: true; clientId: string } | { ok: false; reason: JwtRejection }

export interface JwtCheck {
  /** Accepted `aud` values, compared byte for byte (RELAY.md pitfall 6). */
  audiences: readonly string[]
  /** Current time in seconds. */
  nowSec: number
  /** How far `iat` may lie in the future (clock skew between client and relay). */
  skewSec: number
}

/** A JWT is a few hundred bytes; anything far longer is not one of ours. */
const MAX_TOKEN_CHARS = 4096

export function verifyRelayJwt(token: string | null | undefined, check: JwtCheck): JwtResult {
  if (token === null || token === undefined || token === '') return { ok: false, reason: 'missing' }
  if (token.length > MAX_TOKEN_CHARS) return { ok: false, reason: 'malformed' }
  const parts = token.split('.')
  if (parts.length !== 3) return { ok: false, reason: 'malformed' }
  const [h, p, s] = parts as [string, string, string]
  const header = decodeJsonPart(h)
  const payload = decodeJsonPart(p)
  const signature = decodeBase64Url(s)
  if (header === undefined || payload === undefined || signature === undefined) {
    return { ok: false, reason: 'malformed' }
  }
  if (header.alg !== 'EdDSA') return { ok: false, reason: 'bad_alg' }
  if (header.typ !== undefined && header.typ !== 'JWT') return { ok: false, reason: 'bad_typ' }
  const { iss, aud, iat, exp } = payload
  if (typeof iss !== 'string') return { ok: false, reason: 'bad_iss' }
  let publicKey: Uint8Array
  try {
    publicKey = decodeDidKey(iss)
  } catch {
    return { ok: false, reason: 'bad_iss' }
  }
  if (signature.length !== 64) return { ok: false, reason: 'bad_signature' }
  const signed = new TextEncoder().encode(`${h}.${p}`)
  let valid = false
  try {
    valid = ed25519.verify(signature, signed, publicKey)
  } catch {
    valid = false
  }
  if (!valid) return { ok: false, reason: 'bad_signature' }
  // Claims are checked only once the signature holds, so their errors cannot be probed for free.
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp < check.nowSec) {
    return { ok: false, reason: 'expired' }
  }
  if (typeof iat === 'number' && iat > check.nowSec + check.skewSec) {
    return { ok: false, reason: 'iat_in_future' }
  }
  if (typeof aud !== 'string' || !check.audiences.includes(aud)) {
    return { ok: false, reason: 'bad_aud' }
  }
  return { ok: true, clientId: iss }
}

const BASE64URL = /^[A-Za-z0-9_-]*$/

function decodeBase64Url(part: string): Uint8Array | undefined {
  if (!BASE64URL.test(part)) return undefined
  return new Uint8Array(Buffer.from(part, 'base64url'))
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64Url(part)
  if (bytes === undefined) return undefined
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    return value as Record<string, unknown>
  } catch {
    return undefined
  }
}
