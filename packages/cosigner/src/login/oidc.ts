/**
 * OIDC ID-token login, bring-your-own-login (docs/AUTH.md#oidc): discovery → `issuer`,
 * `jwks_uri`; the JWKS cached as its cache headers allow and refetched once on an unknown `kid`
 * (at most once per cooldown); `kid` required; algorithms RS256/ES256/EdDSA only (never `none`
 * or HS*); `iss` exact; `aud` contains our client id, `azp` checked when there are several
 * audiences or when present; `exp`/`nbf`/`iat` with ≤ 60 s skew; `nonce` when expected.
 * The identity is `sub`, never the email. Never logs tokens.
 */
import { decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose'
import { CosignerError } from '../errors.ts'
import { joseReason } from '../jwt/joseReason.ts'
import { freshnessMs } from './cacheControl.ts'
import { type FetchLike, fetchText } from './fetchText.ts'
import { type LoginIdentity, oidcIdentity } from './identity.ts'

export const OIDC_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const

export interface OidcOptions {
  issuer: string
  clientId: string
  now: () => number
  fetch?: FetchLike
  /** Minimum time between two JWKS fetches caused by unknown kids. */
  refetchCooldownMs?: number
  skewSec?: number
  timeoutMs?: number
}

export interface OidcLogin extends LoginIdentity {
  sub: string
  /** Token expiry, ms: how long its single-use claim must be kept. */
  expiresAt: number
  /**
   * What makes this login single-use: the verified `sub`, `iat`, `jti` and `nonce`, never the
   * token text — a token whose signature is re-encoded (spare base64url bits, ECDSA `(r, n−s)`)
   * carries the same claims and is the same login.
   */
  replayKey: string
}

interface Cached<T> {
  value: T
  freshUntil: number
}

const reject = (reason: string, cause?: unknown): never => {
  throw new CosignerError('LoginFailed', `OIDC ID token rejected: ${reason}`, { cause })
}

export function createOidcVerifier(options: OidcOptions) {
  const fetch = options.fetch ?? globalThis.fetch
  const skew = options.skewSec ?? 60
  const cooldown = options.refetchCooldownMs ?? 60_000
  let discovery: Cached<{ jwksUri: string }> | undefined
  let jwks: Cached<JWK[]> | undefined
  let lastJwksFetch = Number.NEGATIVE_INFINITY
  let jwksFetches = 0

  async function getJson(url: string, what: string) {
    const { status, headers, text } = await fetchText(
      fetch,
      url,
      { method: 'GET' },
      {
        platform: `OIDC issuer ${options.issuer}`,
        timeoutMs: options.timeoutMs ?? 5000,
        maxBytes: 256 * 1024,
      },
    )
    if (status !== 200) {
      throw new CosignerError('LoginUnavailable', `OIDC ${what} answered HTTP ${status}`, {
        retryable: true,
      })
    }
    try {
      return { headers, json: JSON.parse(text) as Record<string, unknown> }
    } catch (error) {
      throw new CosignerError('LoginUnavailable', `OIDC ${what} is not JSON`, { cause: error })
    }
  }

  async function discover(): Promise<string> {
    if (discovery !== undefined && options.now() < discovery.freshUntil)
      return discovery.value.jwksUri
    const url = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`
    const { headers, json } = await getJson(url, 'discovery document')
    if (json.issuer !== options.issuer) {
      throw new CosignerError(
        'Misconfigured',
        `OIDC discovery names issuer "${String(json.issuer)}", configured "${options.issuer}"`,
      )
    }
    const jwksUri = json.jwks_uri
    if (typeof jwksUri !== 'string' || !/^https?:\/\//.test(jwksUri)) {
      throw new CosignerError('Misconfigured', 'OIDC discovery has no absolute jwks_uri')
    }
    discovery = {
      value: { jwksUri },
      freshUntil: options.now() + freshnessMs(headers, options.now(), 3600_000),
    }
    return jwksUri
  }

  async function fetchJwks(): Promise<JWK[]> {
    const uri = await discover()
    lastJwksFetch = options.now()
    jwksFetches++
    const { headers, json } = await getJson(uri, 'JWKS')
    if (!Array.isArray(json.keys))
      throw new CosignerError('LoginUnavailable', 'OIDC JWKS has no "keys" array')
    const keys = (json.keys as JWK[]).filter((k) => typeof k === 'object' && k !== null)
    jwks = { value: keys, freshUntil: options.now() + freshnessMs(headers, options.now(), 300_000) }
    return keys
  }

  async function findKey(kid: string): Promise<JWK | undefined> {
    const keys =
      jwks !== undefined && options.now() < jwks.freshUntil ? jwks.value : await fetchJwks()
    const found = keys.find((k) => k.kid === kid)
    if (found !== undefined) return found
    // Unknown kid: the issuer may have rotated. Refetch once, not more often than the cooldown.
    if (options.now() - lastJwksFetch < cooldown) return undefined
    return (await fetchJwks()).find((k) => k.kid === kid)
  }

  return {
    issuer: options.issuer,
    get jwksFetches() {
      return jwksFetches
    },
    async verify(idToken: string, expected: { nonce?: string } = {}): Promise<OidcLogin> {
      let header: ReturnType<typeof decodeProtectedHeader>
      try {
        header = decodeProtectedHeader(idToken)
      } catch (error) {
        return reject('malformed token', error)
      }
      const alg = String(header.alg)
      if (!(OIDC_ALGORITHMS as readonly string[]).includes(alg))
        return reject(`algorithm "${alg}" not allowed`)
      if (typeof header.kid !== 'string' || header.kid === '') return reject('"kid" header missing')
      const jwk = await findKey(header.kid)
      if (jwk === undefined) return reject('no key in the issuer JWKS matches the token’s "kid"')
      if (jwk.alg !== undefined && jwk.alg !== alg)
        return reject(`key "${header.kid}" is for ${jwk.alg}, token uses ${alg}`)
      if (jwk.use !== undefined && jwk.use !== 'sig')
        return reject(`key "${header.kid}" is not a signing key`)
      let key: Awaited<ReturnType<typeof importJWK>>
      try {
        key = await importJWK(jwk, alg)
      } catch (error) {
        return reject(`key "${header.kid}" does not fit ${alg}`, error)
      }
      let payload: Record<string, unknown>
      try {
        payload = (
          await jwtVerify(idToken, key, {
            algorithms: [alg],
            issuer: options.issuer,
            currentDate: new Date(options.now()),
            clockTolerance: skew,
            requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
          })
        ).payload as Record<string, unknown>
      } catch (error) {
        return reject(joseReason(error, alg), error)
      }
      const aud = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud as unknown[])
      if (!Array.isArray(aud) || !aud.includes(options.clientId))
        return reject('"aud" does not contain our client id')
      if (aud.length > 1 && payload.azp === undefined)
        return reject('"azp" missing with several audiences')
      if (payload.azp !== undefined && payload.azp !== options.clientId)
        return reject('"azp" is not our client id')
      if (typeof payload.iat !== 'number' || payload.iat > options.now() / 1000 + skew) {
        return reject('"iat" is in the future')
      }
      if (expected.nonce !== undefined && payload.nonce !== expected.nonce)
        return reject('"nonce" mismatch')
      const sub = payload.sub
      if (typeof sub !== 'string') return reject('"sub" missing')
      let identity: LoginIdentity
      try {
        identity = oidcIdentity(options.issuer, sub)
      } catch (error) {
        // A well-signed token naming an identity we cannot store: the request is bad, not the login.
        throw new CosignerError(
          'BadRequest',
          'OIDC ID token rejected: "sub" must be 1–255 characters without white space, ":", control or format (bidi, zero-width) characters',
          { cause: error },
        )
      }
      const jti = typeof payload.jti === 'string' ? payload.jti : ''
      const nonce = typeof payload.nonce === 'string' ? payload.nonce : ''
      const replayKey = JSON.stringify([sub, payload.iat, jti, nonce])
      return { ...identity, sub, expiresAt: (payload.exp as number) * 1000, replayKey }
    },
  }
}

export type OidcVerifier = ReturnType<typeof createOidcVerifier>
