/**
 * `signerLinks(uri, links)`: the deep links into the signer that the dapp configured, in the
 * order the modal shows them — the H5 signer's universal link (docs/SESSION.md: `/pair#<uri>`), a
 * Telegram Mini App (`startapp`, base64url: docs/ARCHITECTURE.md), a WeChat plain URL scheme and an
 * Alipay `alipays://` link. Every configured value is checked on entry (`TypeError` naming the
 * field); a link that would exceed its platform's parameter limit is left out rather than
 * truncated. Must never put the URI anywhere but the one parameter each platform reads.
 */
import { bytesToBase64, toUniversalLink } from '@tessera/protocol'
import type { ConnectModalLinks } from './types.ts'

export type SignerLinkKind = 'signer' | 'telegram' | 'wechat' | 'alipay'

export interface SignerLink {
  readonly kind: SignerLinkKind
  readonly href: string
}

/** Telegram passes at most 512 characters of `startapp` (A–Z, a–z, 0–9, `_`, `-`). */
export const TELEGRAM_STARTAPP_MAX_LENGTH = 512
/** WeChat's plain URL scheme takes a `query` (URL-encoded as a whole) of at most 512 characters. */
export const WECHAT_QUERY_MAX_LENGTH = 512

const TELEGRAM_NAME = /^[A-Za-z0-9_]{1,64}$/
const WECHAT_APP_ID = /^wx[0-9a-f]{16}$/
const ALIPAY_APP_ID = /^[0-9]{16}$/
const MINI_PROGRAM_PATH = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/
const WECHAT_ENV = ['release', 'trial', 'develop'] as const

export function signerLinks(uri: string, links: ConnectModalLinks = {}): SignerLink[] {
  if (typeof links !== 'object' || links === null) {
    throw new TypeError('"links" expected an object')
  }
  const out: SignerLink[] = []
  const query = `uri=${encodeURIComponent(uri)}`
  if (links.signer !== undefined) {
    out.push({ kind: 'signer', href: toUniversalLink(uri, check(links.signer, 'links.signer')) })
  }
  if (links.telegram !== undefined) {
    const bot = check(links.telegram.bot, 'links.telegram.bot', TELEGRAM_NAME)
    const app = check(links.telegram.app, 'links.telegram.app', TELEGRAM_NAME)
    const startapp = bytesToBase64(new TextEncoder().encode(uri), 'url')
    if (startapp.length <= TELEGRAM_STARTAPP_MAX_LENGTH) {
      out.push({ kind: 'telegram', href: `https://t.me/${bot}/${app}?startapp=${startapp}` })
    }
  }
  if (links.wechat !== undefined) {
    const appId = check(links.wechat.appId, 'links.wechat.appId', WECHAT_APP_ID)
    const path = check(links.wechat.path, 'links.wechat.path', MINI_PROGRAM_PATH)
    const env = links.wechat.envVersion ?? 'release'
    if (!WECHAT_ENV.includes(env)) {
      throw new TypeError(`"links.wechat.envVersion" expected one of ${WECHAT_ENV.join(', ')}`)
    }
    const encoded = encodeURIComponent(query)
    if (encoded.length <= WECHAT_QUERY_MAX_LENGTH) {
      out.push({
        kind: 'wechat',
        href: `weixin://dl/business/?appid=${appId}&path=${path}&query=${encoded}&env_version=${env}`,
      })
    }
  }
  if (links.alipay !== undefined) {
    const appId = check(links.alipay.appId, 'links.alipay.appId', ALIPAY_APP_ID)
    const page = check(links.alipay.page, 'links.alipay.page', MINI_PROGRAM_PATH)
    out.push({
      kind: 'alipay',
      href: `alipays://platformapi/startapp?appId=${appId}&page=${encodeURIComponent(page)}&query=${encodeURIComponent(query)}`,
    })
  }
  return out
}

function check(value: unknown, field: string, pattern?: RegExp): string {
  if (typeof value !== 'string') {
    throw new TypeError(
      `"${field}" expected a string, got ${value === null ? 'null' : typeof value}`,
    )
  }
  if (pattern !== undefined && !pattern.test(value)) {
    throw new TypeError(`"${field}" expected to match ${pattern}`)
  }
  return value
}
