/** Start-up detection from global objects shaped like each host's. */
import { expect, test } from 'vitest'
import { detectPlatform } from './detectPlatform.ts'
import { fakeTelegram } from './test/fakeTelegram.ts'

const noop = () => undefined

test('each platform from its globals; the browser otherwise', () => {
  const tg = fakeTelegram({ initData: 'auth_date=1&hash=00' }).webApp
  expect(detectPlatform({ Telegram: { WebApp: tg } })).toEqual({ platform: 'telegram', webApp: tg })
  // telegram-web-app.js loaded in a plain browser: WebApp exists with empty initData.
  expect(detectPlatform({ Telegram: { WebApp: fakeTelegram().webApp } }).platform).toBe('browser')
  const my = { postMessage: noop }
  expect(
    detectPlatform({ my, navigator: { userAgent: 'Mozilla/5.0 AlipayClient/10.5 MiniProgram' } }),
  ).toEqual({ platform: 'alipay', my })
  expect(detectPlatform({ my, navigator: { userAgent: 'Mozilla/5.0' } }).platform).toBe('browser')
  const wx = { miniProgram: { navigateTo: noop } }
  const wechat = detectPlatform({
    wx,
    __wxjs_environment: 'miniprogram',
    location: {},
    history: {},
  })
  expect(wechat.platform).toBe('wechat')
  expect(
    detectPlatform({ wx, navigator: { userAgent: 'MicroMessenger/8.0 miniProgram/wx123' } })
      .platform,
  ).toBe('wechat')
  // The WeChat browser outside a mini-program.
  expect(detectPlatform({ wx, navigator: { userAgent: 'MicroMessenger/8.0' } }).platform).toBe(
    'browser',
  )
  expect(detectPlatform(globalThis).platform).toBe('browser')
})
