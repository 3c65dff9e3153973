/**
 * Identity strings (docs/AUTH.md): the JWT `sub` and the key of every stored row.
 * `wechat:<appid>:<unionid or openid>`, `alipay:<appid>:<open_id or user_id>`,
 * `telegram:<bot_id>:<user id>`, `oidc:<issuer>:<sub>`. Components are validated so that no
 * component can smuggle a separator that makes two identities collide.
 */

export type Provider = 'wechat' | 'alipay' | 'telegram' | 'oidc'

export interface LoginIdentity {
  provider: Provider
  identity: string
}

const TOKEN = /^[A-Za-z0-9_.@-]{1,128}$/
const DIGITS = /^[1-9][0-9]{0,19}$/

function check(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new TypeError(`${what} has an unexpected format`)
  return value
}

export const wechatIdentity = (appId: string, id: string): LoginIdentity => ({
  provider: 'wechat',
  identity: `wechat:${check(appId, TOKEN, 'WeChat appid')}:${check(id, TOKEN, 'WeChat openid/unionid')}`,
})

export const alipayIdentity = (appId: string, id: string): LoginIdentity => ({
  provider: 'alipay',
  identity: `alipay:${check(appId, TOKEN, 'Alipay app_id')}:${check(id, TOKEN, 'Alipay open_id/user_id')}`,
})

export const telegramIdentity = (botId: string, userId: string): LoginIdentity => ({
  provider: 'telegram',
  identity: `telegram:${check(botId, DIGITS, 'Telegram bot id')}:${check(userId, DIGITS, 'Telegram user id')}`,
})

/** The issuer is an URL and contains ':'; `sub` is last, so the issuer is everything between. */
export const oidcIdentity = (issuer: string, sub: string): LoginIdentity => {
  if (!/^https?:\/\/[^\s]+$/.test(issuer))
    throw new TypeError('OIDC issuer has an unexpected format')
  // Control, format (bidi, zero-width) and separator characters would make identities that look
  // alike or break storage (PostgreSQL refuses NUL in text).
  if (sub.length === 0 || sub.length > 255 || /[\s:\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(sub)) {
    throw new TypeError('OIDC sub has an unexpected format')
  }
  return { provider: 'oidc', identity: `oidc:${issuer}:${sub}` }
}
