/**
 * Our session JWTs (docs/AUTH.md#our-jwts): ES256, TTL ≤ 15 minutes, `aud` = this co-signer,
 * `sub` = the login identity, `dapp` = the dapp id, optional `cnf.x25519` binding the device's
 * Noise static key. Verification accepts only ES256 from our own key set, exact `iss` and `aud`,
 * and `exp`/`nbf`/`iat` against an injected clock with no skew (we issue them ourselves).
 * Never logs a token.
 */
import { type KeyObject, randomUUID } from 'node:crypto'
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose'
import { CosignerError } from '../errors.ts'
import { joseReason } from './joseReason.ts'
import { SESSION_ALG, type SigningKey } from './signingKeys.ts'

export const MAX_SESSION_TTL_SEC = 15 * 60

export interface SessionClaims {
  sub: string
  dapp: string
  /** The login platform (`wechat`, `alipay`, `telegram`, `oidc`). */
  amr: string
  /** Device X25519 static key (base64url), when the signer sent one at login. */
  cnf?: { x25519: string }
  /**
   * WeChat logins: the user's openid for this mini-program, which WeChat's SOTER check needs
   * (docs/AUTH.md#soter-biometrics) even when the identity is the unionid.
   */
  openid?: string
}

export interface Session extends SessionClaims {
  jti: string
  iat: number
  exp: number
}

export interface SessionTokenOptions {
  issuer: string
  audience: string
  ttlSec: number
  now: () => number
}

export async function issueSessionToken(
  key: SigningKey,
  claims: SessionClaims,
  options: SessionTokenOptions,
): Promise<{ token: string; expiresAt: number }> {
  if (
    !Number.isInteger(options.ttlSec) ||
    options.ttlSec < 1 ||
    options.ttlSec > MAX_SESSION_TTL_SEC
  ) {
    throw new RangeError(`session TTL must be 1..${MAX_SESSION_TTL_SEC} s, got ${options.ttlSec}`)
  }
  const iat = Math.floor(options.now() / 1000)
  const exp = iat + options.ttlSec
  const token = await new SignJWT({
    dapp: claims.dapp,
    amr: [claims.amr],
    ...(claims.cnf === undefined ? {} : { cnf: claims.cnf }),
    ...(claims.openid === undefined ? {} : { openid: claims.openid }),
  })
    .setProtectedHeader({ alg: SESSION_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key.privateKey)
  return { token, expiresAt: exp * 1000 }
}

export async function verifySessionToken(
  token: string,
  resolveKey: (kid: string) => Promise<KeyObject | undefined>,
  options: Omit<SessionTokenOptions, 'ttlSec'>,
): Promise<Session> {
  const reject = (reason: string, cause?: unknown): never => {
    throw new CosignerError('Unauthorized', `session token rejected: ${reason}`, { cause })
  }
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(token)
  } catch (error) {
    return reject('malformed token', error)
  }
  if (header.alg !== SESSION_ALG) return reject(`algorithm "${String(header.alg)}" not allowed`)
  if (typeof header.kid !== 'string') return reject('"kid" header missing')
  const key = await resolveKey(header.kid)
  if (key === undefined) return reject('unknown "kid"')
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [SESSION_ALG],
      issuer: options.issuer,
      audience: options.audience,
      currentDate: new Date(options.now()),
      requiredClaims: ['sub', 'exp', 'iat', 'nbf', 'jti'],
    })
    const { sub, jti, iat, exp, dapp, amr, cnf, openid } = payload as Record<string, unknown>
    if (openid !== undefined && typeof openid !== 'string') return reject('"openid" malformed')
    if (typeof dapp !== 'string') return reject('"dapp" claim missing')
    if (!Array.isArray(amr) || typeof amr[0] !== 'string') return reject('"amr" claim missing')
    if ((exp as number) - (iat as number) > MAX_SESSION_TTL_SEC) {
      return reject(`lifetime exceeds ${MAX_SESSION_TTL_SEC} s`)
    }
    if ((iat as number) * 1000 > options.now()) return reject('"iat" is in the future')
    const binding = cnf as { x25519?: unknown } | undefined
    if (binding !== undefined && typeof binding.x25519 !== 'string')
      return reject('"cnf" malformed')
    return {
      sub: sub as string,
      jti: jti as string,
      iat: iat as number,
      exp: exp as number,
      dapp,
      amr: amr[0],
      ...(binding === undefined ? {} : { cnf: { x25519: binding.x25519 as string } }),
      ...(openid === undefined ? {} : { openid: openid as string }),
    }
  } catch (error) {
    if (error instanceof CosignerError) throw error
    return reject(joseReason(error, header.alg), error)
  }
}
