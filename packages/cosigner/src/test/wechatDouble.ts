/**
 * Test double of WeChat's `jscode2session` (docs/AUTH.md#test-doubles): same path and query names,
 * `grant_type` checked, appid/secret checked, single-use codes with a 5-minute TTL on an
 * injected clock, injectable -1/45011/40226, the 100-per-user-per-minute limit, bodies with and
 * without `errcode: 0` and `unionid`, `Content-Type: text/plain`, and `rid:` suffixes on errors.
 */
import { randomBytes } from 'node:crypto'
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
  /** The next answers are these errcodes, in order. */
  failNext(...errcodes: number[]): void
  /** Requests received (all, including failures). */
  readonly calls: number
  /** Pause answers until `release()`: lets tests hold a request in flight. */
  hold(): { release(): void }
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
}

export async function startWeChatDouble(now: () => number = Date.now): Promise<WeChatDouble> {
  const appId = `wx${randomBytes(8).toString('hex')}`
  const secret = randomBytes(16).toString('hex')
  const codes = new Map<string, { user: WeChatUser; issuedAt: number; used: boolean }>()
  const perMinute = new Map<string, number>()
  const failures: number[] = []
  let calls = 0
  let gate: Promise<void> | undefined

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
