/**
 * Telegram Mini App `initData` validation (docs/AUTH.md#telegram-mini-app): the bot-token HMAC
 * check and the third-party Ed25519 check, `auth_date` freshness against an injected clock,
 * duplicate keys refused, constant-time comparison, and the `user` JSON used only to read the
 * id — the data-check-string always uses the raw decoded text (it keeps `\/` escapes).
 * Never logs initData or the bot token.
 */
import { createHmac } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { equalBytes } from '@noble/curves/utils.js'
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { CosignerError } from '../errors.ts'
import { type LoginIdentity, telegramIdentity } from './identity.ts'

export const TELEGRAM_PUBLIC_KEYS = {
  production: 'e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d',
  test: '40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec',
} as const

export type TelegramCheck =
  | { mode: 'hmac'; botToken: string }
  | { mode: 'ed25519'; botId: string; environment: keyof typeof TELEGRAM_PUBLIC_KEYS }

export interface TelegramOptions {
  check: TelegramCheck
  now: () => number
  /** docs/AUTH.md#telegram-mini-app: ≤ 1 h for login. */
  maxAgeSec?: number
  /** How far in the future `auth_date` may be (clock skew). */
  maxFutureSec?: number
}

export interface TelegramLogin extends LoginIdentity {
  botId: string
  userId: string
  authDate: number
}

const fail = (reason: string): never => {
  throw new CosignerError('LoginFailed', `Telegram initData rejected: ${reason}`)
}

/** Splits and URL-decodes `k=v&…`; refuses duplicate keys and undecodable text. */
export function parseInitData(initData: string): Map<string, string> {
  if (initData.length === 0 || initData.length > 8192) fail('empty or longer than 8192 characters')
  const fields = new Map<string, string>()
  for (const pair of initData.split('&')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) fail('a field is not key=value')
    let key: string
    let value: string
    try {
      key = decodeURIComponent(pair.slice(0, eq).replaceAll('+', ' '))
      value = decodeURIComponent(pair.slice(eq + 1).replaceAll('+', ' '))
    } catch {
      return fail('a field is not valid percent-encoding')
    }
    if (fields.has(key)) fail(`duplicate key "${key.slice(0, 32)}"`)
    fields.set(key, value)
  }
  return fields
}

const dataCheckLines = (fields: Map<string, string>, exclude: readonly string[]): string =>
  [...fields.entries()]
    .filter(([key]) => !exclude.includes(key))
    .map(([key, value]) => `${key}=${value}`)
    // Sorted by key; keys are unique so comparing whole lines equals comparing keys… except
    // when one key is a prefix of another: compare keys explicitly.
    .sort((a, b) => {
      const ka = a.slice(0, a.indexOf('='))
      const kb = b.slice(0, b.indexOf('='))
      return ka < kb ? -1 : ka > kb ? 1 : 0
    })
    .join('\n')

function checkHmac(fields: Map<string, string>, botToken: string): void {
  const hash = fields.get('hash')
  if (hash === undefined || !/^[0-9a-f]{64}$/.test(hash))
    fail('"hash" missing or not 64 hex digits')
  // docs/AUTH.md#telegram-mini-app: secret = HMAC_SHA256(key = "WebAppData", msg = bot_token);
  // `signature` included.
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest()
  const expected = createHmac('sha256', secret)
    .update(dataCheckLines(fields, ['hash']))
    .digest()
  if (!equalBytes(new Uint8Array(expected), hexToBytes(hash as string))) {
    fail('bot-token HMAC does not match "hash"')
  }
}

function checkEd25519(fields: Map<string, string>, botId: string, publicKeyHex: string): void {
  const signature = fields.get('signature')
  if (signature === undefined || !/^[A-Za-z0-9_-]{86}$/.test(signature)) {
    fail('"signature" missing or not 64 bytes of base64url')
  }
  const sig = new Uint8Array(Buffer.from(signature as string, 'base64url'))
  // docs/AUTH.md#telegram-mini-app: message = "<bot_id>:WebAppData\n" + sorted lines without hash
  // and signature.
  const message = utf8ToBytes(
    `${botId}:WebAppData\n${dataCheckLines(fields, ['hash', 'signature'])}`,
  )
  let valid = false
  try {
    valid = ed25519.verify(sig, message, hexToBytes(publicKeyHex))
  } catch {
    valid = false
  }
  if (!valid) fail('Ed25519 signature does not verify for this bot')
}

export function verifyTelegramInitData(initData: string, options: TelegramOptions): TelegramLogin {
  const fields = parseInitData(initData)
  let botId: string
  if (options.check.mode === 'hmac') {
    const prefix = options.check.botToken.split(':')[0] ?? ''
    if (!/^[1-9][0-9]*$/.test(prefix)) {
      throw new CosignerError('Misconfigured', 'Telegram bot token does not start with the bot id')
    }
    botId = prefix
    checkHmac(fields, options.check.botToken)
  } else {
    botId = options.check.botId
    checkEd25519(fields, botId, TELEGRAM_PUBLIC_KEYS[options.check.environment])
  }
  const authDateText = fields.get('auth_date')
  if (authDateText === undefined || !/^[1-9][0-9]{0,11}$/.test(authDateText)) {
    fail('"auth_date" missing or not a Unix time')
  }
  const authDate = Number(authDateText)
  const nowSec = Math.floor(options.now() / 1000)
  const maxAge = options.maxAgeSec ?? 3600
  if (nowSec - authDate > maxAge) fail(`"auth_date" is older than ${maxAge} s`)
  if (authDate - nowSec > (options.maxFutureSec ?? 60)) fail('"auth_date" is in the future')
  const userText = fields.get('user')
  if (userText === undefined) fail('"user" missing')
  let userId: string
  try {
    // Read-only: the id is taken from the JSON, which is never re-serialised.
    const user = JSON.parse(userText as string) as { id?: unknown }
    if (typeof user.id !== 'number' || !Number.isSafeInteger(user.id) || user.id <= 0) {
      return fail('"user.id" is not a positive integer')
    }
    userId = String(user.id)
  } catch (error) {
    if (error instanceof CosignerError) throw error
    return fail('"user" is not JSON')
  }
  return { ...telegramIdentity(botId, userId), botId, userId, authDate }
}
