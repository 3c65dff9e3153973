/**
 * Test double of an OIDC issuer (docs/AUTH.md#test-doubles: The test double is a local OIDC issuer
 * with rotating keys): discovery, a JWKS served with a configurable `Cache-Control: max-age`, keys
 * of every allowed algorithm, rotation and retirement, and a signer that can forge any header.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto'
import { type JWK, SignJWT } from 'jose'
import { type HttpDouble, startHttpDouble } from './httpDouble.ts'

export type DoubleAlg = 'RS256' | 'ES256' | 'EdDSA'

interface Key {
  kid: string
  alg: DoubleAlg
  privateKey: KeyObject
  jwk: JWK
}

export interface OidcDouble extends HttpDouble {
  issuer: string
  /** Adds a key; it becomes the one `sign` uses. */
  rotate(alg?: DoubleAlg): string
  /** Removes a key from the JWKS (tokens it signed stop verifying once the cache refreshes). */
  retire(kid: string): void
  sign(
    claims: Record<string, unknown>,
    options?: { kid?: string; header?: Record<string, unknown> },
  ): Promise<string>
  maxAgeSec: number
  readonly jwksFetches: number
}

function newKey(alg: DoubleAlg): Key {
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519')
  const kid = randomBytes(8).toString('hex')
  const jwk = { ...(pair.publicKey.export({ format: 'jwk' }) as JWK), kid, alg, use: 'sig' }
  return { kid, alg, privateKey: pair.privateKey, jwk }
}

export async function startOidcDouble(): Promise<OidcDouble> {
  const keys: Key[] = []
  let current: Key | undefined
  let jwksFetches = 0
  const state = { maxAgeSec: 300 }
  let issuer = ''
  const server = await startHttpDouble((req, res) => {
    if (req.url.pathname === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({
          issuer,
          jwks_uri: `${issuer}/jwks`,
          id_token_signing_alg_values_supported: ['RS256', 'ES256', 'EdDSA'],
        }),
      )
      return
    }
    if (req.url.pathname === '/jwks') {
      jwksFetches++
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Cache-Control': `public, max-age=${state.maxAgeSec}`,
      })
      res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }))
      return
    }
    res.writeHead(404)
    res.end()
  })
  issuer = server.url
  const double: OidcDouble = {
    ...server,
    issuer,
    get maxAgeSec() {
      return state.maxAgeSec
    },
    set maxAgeSec(value) {
      state.maxAgeSec = value
    },
    get jwksFetches() {
      return jwksFetches
    },
    rotate(alg = 'RS256') {
      current = newKey(alg)
      keys.push(current)
      return current.kid
    },
    retire(kid) {
      const i = keys.findIndex((k) => k.kid === kid)
      if (i >= 0) keys.splice(i, 1)
    },
    async sign(claims, options = {}) {
      const key = options.kid === undefined ? current : keys.find((k) => k.kid === options.kid)
      if (key === undefined) throw new Error('no such key in the double')
      return new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header })
        .sign(key.privateKey)
    },
  }
  double.rotate('RS256')
  return double
}
