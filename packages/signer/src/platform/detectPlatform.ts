/**
 * Which platform the signer page runs on, decided once at start-up from the global object:
 * Telegram when `Telegram.WebApp` carries initData (telegram-web-app.js defines WebApp in any
 * browser, with empty initData), Alipay when the user agent says `AlipayClient` and `my` can post
 * to the shell, WeChat when the JS-SDK reports the mini-program environment, else the browser.
 * Reads only; calls no host API.
 */
import type { TelegramWebApp } from './telegramTypes.ts'
import type { AlipayWebViewBridge, WeChatWebViewHost } from './webViewHosts.ts'

export type DetectedPlatform =
  | { readonly platform: 'telegram'; readonly webApp: TelegramWebApp }
  | { readonly platform: 'wechat'; readonly host: WeChatWebViewHost }
  | { readonly platform: 'alipay'; readonly my: AlipayWebViewBridge }
  | { readonly platform: 'browser' }

type Loose = Record<string, unknown> | undefined

export function detectPlatform(global: object): DetectedPlatform {
  const g = global as Record<string, unknown>
  const ua = String((g.navigator as Loose)?.userAgent ?? '')
  const webApp = (g.Telegram as Loose)?.WebApp as TelegramWebApp | undefined
  if (typeof webApp?.initData === 'string' && webApp.initData.length > 0) {
    return { platform: 'telegram', webApp }
  }
  const my = g.my as AlipayWebViewBridge | undefined
  if (/AlipayClient/.test(ua) && typeof my?.postMessage === 'function') {
    return { platform: 'alipay', my }
  }
  const miniProgram = (g.wx as Loose)?.miniProgram as Loose
  const inMiniProgram =
    g.__wxjs_environment === 'miniprogram' || (/MicroMessenger/.test(ua) && /miniProgram/i.test(ua))
  if (inMiniProgram && typeof miniProgram?.navigateTo === 'function') {
    return {
      platform: 'wechat',
      host: {
        location: g.location as WeChatWebViewHost['location'],
        history: g.history as WeChatWebViewHost['history'],
        miniProgram: miniProgram as unknown as WeChatWebViewHost['miniProgram'],
      },
    }
  }
  return { platform: 'browser' }
}
