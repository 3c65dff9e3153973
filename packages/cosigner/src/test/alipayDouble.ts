/**
 * Test double of the Alipay gateway for `alipay.system.oauth.token` (docs/AUTH.md#test-doubles):
 * verifies our RSA2 request signature with the test app public key, checks the common
 * parameters, serves single-use auth codes (user_id or open_id), signs every answer with a
 * test platform key over the raw `*_response` text, and can inject 20000 errors or a response
 * altered after signing. Answers keep Alipay's shape: HTTP 200, numbers as strings.
 */
import { createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto'
import { alipayTimestamp } from '../login/alipay.ts'
import { alipaySigningString, verifyRsa2 } from '../login/alipaySign.ts'
import { type HttpDouble, startHttpDouble } from './httpDouble.ts'

export interface AlipayDouble extends HttpDouble {
  appId: string
  /** Given to the co-signer: the app's private key and Alipay's public key. */
  appPrivateKey: KeyObject
  alipayPublicKey: KeyObject
  issueCode(user: { userId?: string; openId?: string }): string
  failNext(code: '20000' | '40004'): void
  /** The next success answer has its user id changed after it was signed. */
  tamperNext(): void
  readonly calls: number
}

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 })

export async function startAlipayDouble(now: () => number = Date.now): Promise<AlipayDouble> {
  const app = rsa()
  const platform = rsa()
  const appId = `2021${randomBytes(6).toString('hex').replace(/[a-f]/g, '7')}`
  const codes = new Map<
    string,
    { user: { userId?: string; openId?: string }; used: boolean; at: number }
  >()
  const failures: string[] = []
  let tamper = false
  let calls = 0

  // Deliberately not JSON.stringify's spacing: the client must verify the raw text.
  const answer = (name: string, members: [string, string][]) => {
    const raw = `{${members.map(([k, v]) => `"${k}": "${v}"`).join(', ')}}`
    const sign = createSign('RSA-SHA256').update(raw, 'utf8').sign(platform.privateKey, 'base64')
    return `{"${name}":${raw},"sign":"${sign}"}`
  }
  const error = (code: string, msg: string, subCode: string, subMsg: string) =>
    answer('error_response', [
      ['code', code],
      ['msg', msg],
      ['sub_code', subCode],
      ['sub_msg', subMsg],
    ])

  const server = await startHttpDouble((req, res) => {
    calls++
    res.writeHead(200, { 'Content-Type': 'text/html;charset=utf-8' })
    if (req.method !== 'POST' || req.url.pathname !== '/gateway.do') {
      res.end(error('40004', 'Business Failed', 'isv.not-found', 'no such path'))
      return
    }
    const params: Record<string, string> = Object.fromEntries(req.url.searchParams)
    for (const [k, v] of new URLSearchParams(req.body)) params[k] = v
    const injected = failures.shift()
    if (injected === '20000')
      return void res.end(
        error('20000', 'Service Currently Unavailable', 'isp.unknow-error', '系统繁忙'),
      )
    if (injected === '40004')
      return void res.end(error('40004', 'Business Failed', 'isv.business-failed', 'failed'))
    if (!params.sign)
      return void res.end(
        error('40001', 'Missing Required Arguments', 'isv.missing-signature', '缺少签名参数'),
      )
    if (params.sign_type !== 'RSA2')
      return void res.end(
        error('40002', 'Invalid Arguments', 'isv.invalid-signature-type', '无效签名类型'),
      )
    if (params.app_id !== appId)
      return void res.end(
        error('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数'),
      )
    if (!verifyRsa2(alipaySigningString(params), params.sign, app.publicKey)) {
      return void res.end(error('40002', 'Invalid Arguments', 'isv.invalid-signature', '验签出错'))
    }
    if (params.method !== 'alipay.system.oauth.token')
      return void res.end(
        error('40002', 'Invalid Arguments', 'isv.invalid-method', '不存在的方法名'),
      )
    if (params.format !== 'JSON' || params.charset !== 'utf-8' || params.version !== '1.0') {
      return void res.end(error('40002', 'Invalid Arguments', 'isv.invalid-parameter', '参数无效'))
    }
    const ts = params.timestamp ?? ''
    const skew = Math.abs(Date.parse(`${ts.replace(' ', 'T')}+08:00`) - now())
    if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(ts) || !(skew <= 15 * 60_000)) {
      return void res.end(
        error('40002', 'Invalid Arguments', 'isv.invalid-timestamp', '非法的时间戳参数'),
      )
    }
    if (params.grant_type !== 'authorization_code')
      return void res.end(
        error('40002', 'Invalid Arguments', 'isv.grant-type-invalid', 'grant_type无效'),
      )
    const entry = params.code === undefined ? undefined : codes.get(params.code)
    if (entry === undefined || entry.used || now() - entry.at > 5 * 60_000) {
      return void res.end(error('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效'))
    }
    entry.used = true
    const members: [string, string][] = [
      ...(entry.user.userId === undefined
        ? []
        : [['user_id', entry.user.userId] as [string, string]]),
      ...(entry.user.openId === undefined
        ? []
        : [['open_id', entry.user.openId] as [string, string]]),
      ['access_token', `authusrB${randomBytes(12).toString('hex')}`],
      ['expires_in', '3600'],
      ['refresh_token', `authusrB${randomBytes(12).toString('hex')}`],
      ['re_expires_in', '3600'],
      ['auth_start', alipayTimestamp(now())],
    ]
    let body = answer('alipay_system_oauth_token_response', members)
    if (tamper) {
      tamper = false
      const id = entry.user.openId ?? entry.user.userId ?? ''
      body = body.replace(id, `${id.slice(0, -1)}${id.endsWith('9') ? '8' : '9'}`)
    }
    res.end(body)
  })

  return {
    ...server,
    appId,
    appPrivateKey: app.privateKey,
    alipayPublicKey: platform.publicKey,
    issueCode(user) {
      const code = randomBytes(16).toString('hex')
      codes.set(code, { user, used: false, at: now() })
      return code
    },
    failNext(code) {
      failures.push(code)
    },
    tamperNext() {
      tamper = true
    },
    get calls() {
      return calls
    },
  }
}
