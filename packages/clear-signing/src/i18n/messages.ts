/**
 * The message table: every string a description shows, in English and Simplified Chinese. A key's
 * text may hold `{name}` placeholders filled by `message()`. Kept as one small table (not an i18n
 * framework) so a translator sees both locales side by side; a key missing in one locale is a type
 * error. Values put into placeholders come from the request and are never interpreted.
 */
import type { Locale } from '../types.ts'

type Entry = { readonly en: string; readonly 'zh-CN': string }

const TABLE = {
  // personal_sign
  'intent.signText': { en: 'Sign a message', 'zh-CN': '签名一条消息' },
  'intent.signBytes': {
    en: 'Sign {count} bytes of binary data',
    'zh-CN': '签名 {count} 字节的二进制数据',
  },
  'intent.siwe': { en: 'Sign in to {domain}', 'zh-CN': '登录 {domain}' },
  'label.message': { en: 'Message', 'zh-CN': '消息' },
  'label.data': { en: 'Data', 'zh-CN': '数据' },
  'label.account': { en: 'Account', 'zh-CN': '账户' },
  'label.domain': { en: 'Website', 'zh-CN': '网站' },
  'label.statement': { en: 'Statement', 'zh-CN': '声明' },
  'label.uri': { en: 'URI', 'zh-CN': 'URI' },
  'label.version': { en: 'Version', 'zh-CN': '版本' },
  'label.chain': { en: 'Chain', 'zh-CN': '链' },
  'label.nonce': { en: 'Nonce', 'zh-CN': 'Nonce' },
  'label.issuedAt': { en: 'Issued at', 'zh-CN': '签发时间' },
  'label.expirationTime': { en: 'Expires', 'zh-CN': '过期时间' },
  'label.notBefore': { en: 'Not before', 'zh-CN': '生效时间' },
  'label.requestId': { en: 'Request ID', 'zh-CN': '请求 ID' },
  'label.resources': { en: 'Resources', 'zh-CN': '资源' },
  'warning.binaryMessage': {
    en: 'This message is not readable text. Sign it only if you trust the site: it may authorize anything.',
    'zh-CN': '此消息不是可读文本。仅在信任该网站时签名：它可能授权任何操作。',
  },
  'warning.hashMessage': {
    en: 'This message is 32 bytes that look like a hash: it may be a transaction or an order you cannot see.',
    'zh-CN': '此消息是 32 字节，看起来像哈希：它可能是你看不到的交易或订单。',
  },
  'warning.siweDomainMismatch': {
    en: 'The sign-in request is for {domain}, but it comes from {origin}. This may be a phishing site.',
    'zh-CN': '登录请求针对 {domain}，但来自 {origin}。这可能是钓鱼网站。',
  },
  'warning.siweNoOrigin': {
    en: 'The site asking to sign in to {domain} could not be identified.',
    'zh-CN': '无法确认请求登录 {domain} 的网站。',
  },
  'warning.siweChainMismatch': {
    en: 'The sign-in is for chain {requested}, but the session is on chain {session}.',
    'zh-CN': '登录针对链 {requested}，但会话在链 {session} 上。',
  },
  'warning.siweExpired': {
    en: 'This sign-in request expired at {time}.',
    'zh-CN': '此登录请求已于 {time} 过期。',
  },
  'warning.siweNotYetValid': {
    en: 'This sign-in request is not valid before {time}.',
    'zh-CN': '此登录请求在 {time} 之前无效。',
  },
  'warning.siweAddressMismatch': {
    en: 'The sign-in names account {address}, not the account asked to sign.',
    'zh-CN': '登录消息中的账户是 {address}，不是被请求签名的账户。',
  },
} as const satisfies Record<string, Entry>

export type MessageKey = keyof typeof TABLE

/** The text of `key` in `locale` with each `{name}` replaced by `values[name]`. */
export function message(
  locale: Locale,
  key: MessageKey,
  values: Readonly<Record<string, string | number>> = {},
): string {
  const text: string = TABLE[key][locale]
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name]
    return value === undefined ? whole : String(value)
  })
}
