/**
 * The modal's words in English and Simplified Chinese, and the choice between them: the dapp's
 * `locale`, else the browser's preferred languages (any `zh` → `zh-CN`). Strings only.
 */
import type { ConnectModalLocale } from './types.ts'

export interface Messages {
  readonly title: string
  readonly instructions: string
  readonly qrLabel: string
  readonly uriLabel: string
  readonly copy: string
  readonly copied: string
  readonly copyFailed: string
  readonly linksLabel: string
  readonly signer: string
  readonly telegram: string
  readonly wechat: string
  readonly alipay: string
  readonly waiting: string
  readonly paired: string
  readonly expired: string
  readonly error: string
  readonly newCode: string
  readonly retry: string
  readonly close: string
}

export const MESSAGES: Readonly<Record<ConnectModalLocale, Messages>> = {
  en: {
    title: 'Connect a Tessera wallet',
    instructions: "Scan the code with your phone's camera or the Tessera signer.",
    qrLabel: 'QR code of the pairing link',
    uriLabel: 'Pairing link',
    copy: 'Copy link',
    copied: 'Copied',
    copyFailed: 'Could not copy; select the link and copy it',
    linksLabel: 'Open the signer on this device',
    signer: 'Open the web signer',
    telegram: 'Open in Telegram',
    wechat: 'Open in WeChat',
    alipay: 'Open in Alipay',
    waiting: 'Waiting for your wallet…',
    paired: 'Connected.',
    expired: 'This code has expired.',
    error: 'Connecting failed.',
    newCode: 'New code',
    retry: 'Try again',
    close: 'Close',
  },
  'zh-CN': {
    title: '连接 Tessera 钱包',
    instructions: '请用手机相机或 Tessera 签名端扫描二维码。',
    qrLabel: '配对链接的二维码',
    uriLabel: '配对链接',
    copy: '复制链接',
    copied: '已复制',
    copyFailed: '无法复制，请选中链接后手动复制',
    linksLabel: '在本设备上打开签名端',
    signer: '打开网页签名端',
    telegram: '在 Telegram 中打开',
    wechat: '在微信中打开',
    alipay: '在支付宝中打开',
    waiting: '正在等待钱包确认…',
    paired: '已连接。',
    expired: '二维码已过期。',
    error: '连接失败。',
    newCode: '获取新二维码',
    retry: '重试',
    close: '关闭',
  },
}

/** The dapp's choice, else the first of the browser's languages we speak, else English. */
export function resolveLocale(locale: ConnectModalLocale | undefined): ConnectModalLocale {
  if (locale !== undefined) {
    if (!Object.hasOwn(MESSAGES, locale)) {
      throw new TypeError(`"locale" expected 'en' or 'zh-CN', got ${JSON.stringify(locale)}`)
    }
    return locale
  }
  const nav = globalThis.navigator
  const preferred = nav?.languages?.length ? nav.languages : [nav?.language ?? 'en']
  for (const language of preferred) {
    const lower = language.toLowerCase()
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN'
    if (lower === 'en' || lower.startsWith('en-')) return 'en'
  }
  return 'en'
}
