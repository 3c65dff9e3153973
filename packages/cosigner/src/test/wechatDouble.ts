/**
 * Test double of WeChat's `jscode2session` (docs/AUTH.md#test-doubles): same path and query names,
 * `grant_type` checked, appid/secret checked, single-use codes with a 5-minute TTL on an
 * injected clock, injectable -1/45011/40226, the 100-per-user-per-minute limit, bodies with and
 * without `errcode: 0` and `unionid`, `Content-Type: text/plain`, and `rid:` suffixes on errors.
 * Also the SOTER server side (docs/AUTH.md#soter-biometrics): `GET /cgi-bin/token` (2-hour
 * access tokens), `POST /cgi-bin/soter/verify_signature` checking the signature (SHA-256 with
 * RSA-PSS, salt length 20) against the key of that openid's device, answering `is_ok`, and
 * 40001/42001 for an unknown/expired access token, 40003 for an unknown openid, 47001 for a body
 * that is not the documented JSON.
 */
import {
  constants,
  createSign,
  createVerify,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto'
import { type HttpDouble, startHttpDouble } from './httpDouble.ts'

export interface WeChatUser {
  openid: string
  unionid?: string
  /** Send `"errcode": 0` in the success body, as some responses do. */
  withErrcodeZero?: boolean
}

export interface WeChatDouble extends HttpDouble {
  appId: string
  secret: string
  issueCode(user: WeChatUser): string
  /** The next answers (of jscode2session or verify_signature) are these errcodes, in order. */
  failNext(...errcodes: number[]): void
  /** Requests received (all, including failures). */
  readonly calls: number
  /** Pause answers until `release()`: lets tests hold a request in flight. */
  hold(): { release(): void }
  /**
   * The SOTER key of this user's phone: `authenticate` is what `wx.startSoterAuthentication`
   * returns after the user's fingerprint or face (resultJSON with `raw` = the challenge and a
   * counter that grows by one per use, signed by the device key WeChat holds for the openid).
   */
  soterDevice(openid: string): { authenticate(challenge: string): SoterResult }
  /** Access tokens issued so far; `revokeAccessTokens` makes every one of them invalid (40001). */
  readonly accessTokensIssued: number
  revokeAccessTokens(): void
}

export interface SoterResult {
  resultJSON: string
  resultJSONSignature: string
}

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40029: 'invalid code',
  40163: 'code been used',
  40226: 'high risk user',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  40013: 'invalid appid',
  40125: 'invalid appsecret',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  40002: 'invalid grant_type',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid openid',
  42001: 'access_token expired',
  47001: 'data format error',
}

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 }

export async function startWeChatDouble(now: () => number = Date.now): Promise<WeChatDouble> {
  const appId = `wx${randomBytes(8).toString('hex')}`
  const secret = randomBytes(16).toString('hex')
  const codes = new Map<string, { user: WeChatUser; issuedAt: number; used: boolean }>()
  const perMinute = new Map<string, number>()
  const failures: number[] = []
  let calls = 0
  let gate: Promise<void> | undefined
  const accessTokens = new Map<string, number>()
  let accessTokensIssued = 0
  const devices = new Map<
    string,
    { privateKey: KeyObject; publicKey: KeyObject; counter: number }
  >()
  const device = (openid: string) => {
    let d = devices.get(openid)
    if (d === undefined) {
      d = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }), counter: 0 }
      devices.set(openid, d)
    }
    return d
  }

  const send = (res: import('node:http').ServerResponse, body: string) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end(body)
  }
  const error = (res: import('node:http').ServerResponse, errcode: number) =>
    send(
      res,
      JSON.stringify({
        errcode,
        errmsg: `${ERRMSG[errcode] ?? 'error'}, rid: ${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`,
      }),
    )

  const server = await startHttpDouble(async (req, res) => {
    calls++
    if (gate !== undefined) await gate
    if (req.method === 'GET' && req.url.pathname === '/cgi-bin/token') {
      const q = req.url.searchParams
      if (q.get('grant_type') !== 'client_credential') return error(res, 40002)
      if (q.get('appid') !== appId) return error(res, 40013)
      if (q.get('secret') !== secret) return error(res, 40125)
      const token = randomBytes(24).toString('base64url')
      accessTokens.set(token, now() + 7200_000)
      accessTokensIssued++
      return send(res, JSON.stringify({ access_token: token, expires_in: 7200 }))
    }
    if (req.method === 'POST' && req.url.pathname === '/cgi-bin/soter/verify_signature') {
      const injected = failures.shift()
      if (injected !== undefined) return error(res, injected)
      const expiresAt = accessTokens.get(req.url.searchParams.get('access_token') ?? '')
      if (expiresAt === undefined) return error(res, 40001)
      if (now() >= expiresAt) return error(res, 42001)
      let body: Record<string, unknown>
      try {
        body = JSON.parse(req.body) as Record<string, unknown>
      } catch {
        return error(res, 47001)
      }
      const { openid, json_string, json_signature } = body
      if (typeof json_string !== 'string' || typeof json_signature !== 'string')
        return error(res, 47001)
      const d = typeof openid === 'string' ? devices.get(openid) : undefined
      if (d === undefined) return error(res, 40003)
      const ok = createVerify('sha256')
        .update(json_string)
        .verify({ key: d.publicKey, ...PSS }, json_signature, 'base64')
      return send(res, JSON.stringify({ errcode: 0, errmsg: 'ok', is_ok: ok }))
    }
    if (req.method !== 'GET' || req.url.pathname !== '/sns/jscode2session') {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      res.end('not found')
      return
    }
    const q = req.url.searchParams
    const injected = failures.shift()
    if (injected !== undefined) return error(res, injected)
    if (!q.get('appid')) return error(res, 41002)
    if (q.get('appid') !== appId) return error(res, 40013)
    if (!q.get('secret')) return error(res, 41004)
    if (q.get('secret') !== secret) return error(res, 40125)
    if (q.get('grant_type') !== 'authorization_code') return error(res, 40002)
    const code = q.get('js_code')
    if (!code) return error(res, 41008)
    const entry = codes.get(code)
    if (entry === undefined || now() - entry.issuedAt > 5 * 60_000) return error(res, 40029)
    if (entry.used) return error(res, 40163)
    const minute = `${entry.user.openid}:${Math.floor(now() / 60_000)}`
    const count = (perMinute.get(minute) ?? 0) + 1
    perMinute.set(minute, count)
    if (count > 100) return error(res, 45011)
    entry.used = true
    send(
      res,
      JSON.stringify({
        ...(entry.user.withErrcodeZero ? { errcode: 0, errmsg: 'ok' } : {}),
        session_key: randomBytes(16).toString('base64'),
        openid: entry.user.openid,
        ...(entry.user.unionid === undefined ? {} : { unionid: entry.user.unionid }),
      }),
    )
  })

  return {
    ...server,
    appId,
    secret,
    issueCode(user) {
      const code = randomBytes(16).toString('hex')
      codes.set(code, { user, issuedAt: now(), used: false })
      return code
    },
    failNext(...errcodes) {
      failures.push(...errcodes)
    },
    get calls() {
      return calls
    },
    soterDevice(openid) {
      const d = device(openid)
      return {
        authenticate(challenge) {
          d.counter++
          const resultJSON = JSON.stringify({
            raw: challenge,
            fid: '2',
            counter: d.counter,
            tee_n: 'TEE Double',
            tee_v: '1.0',
            fp_n: 'Double FP',
            fp_v: '1.0',
            cpu_id: `cpu-${openid}`,
            uid: '10086',
          })
          const resultJSONSignature = createSign('sha256')
            .update(resultJSON)
            .sign({ key: d.privateKey, ...PSS }, 'base64')
          return { resultJSON, resultJSONSignature }
        },
      }
    },
    get accessTokensIssued() {
      return accessTokensIssued
    },
    revokeAccessTokens() {
      accessTokens.clear()
    },
    hold() {
      let release!: () => void
      gate = new Promise<void>((resolve) => {
        release = resolve
      })
      return {
        release: () => {
          gate = undefined
          release()
        },
      }
    },
  }
}
