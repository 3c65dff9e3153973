/**
 * The connect modal in Chromium: every state renders (waiting, paired, expired — also on its own
 * when the URI's `exp` passes — and error), the QR code scans back to the exact pairing URI,
 * refresh shows a new one, Tab and Shift+Tab stay inside the dialog and Escape closes it
 * (focus returns to the page), the page's CSS reaches nothing inside, both languages and both
 * themes, copy, and precise errors for malformed parameters.
 */
import { PairingUriError } from '@tessera/protocol'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { CONNECT_MODAL_TAG, openConnectModal } from './openConnectModal.ts'
import { decodeQrSvg } from './test/decodeQr.ts'
import { testPairingUri } from './test/pairingUri.ts'
import type { ConnectModalController, ConnectModalParameters } from './types.ts'

/**
 * For a state a click or a message causes: the page gets there within a frame or two, but on a
 * loaded CI machine a frame can take seconds. The deadline only catches a page that never gets
 * there (`vi.waitFor`'s default of one second would be a timing assertion).
 */
const PAGE = { timeout: 30_000, interval: 20 }
const uri = testPairingUri()
const links = {
  signer: 'https://signer.example',
  telegram: { bot: 'TesseraBot', app: 'wallet' },
  wechat: { appId: 'wx0123456789abcdef', path: 'pages/pair/index' },
  alipay: { appId: '2021004123456789', page: 'pages/pair/index' },
} as const

const opened: ConnectModalController[] = []
const cleanups: (() => void)[] = []

afterEach(() => {
  for (const modal of opened.splice(0)) modal.close()
  for (const cleanup of cleanups.splice(0)) cleanup()
  vi.useRealTimers()
})

function open(parameters: Partial<ConnectModalParameters> = {}) {
  const controller = openConnectModal({ uri, links, locale: 'en', ...parameters })
  opened.push(controller)
  const host = document.querySelector(CONNECT_MODAL_TAG) as HTMLElement
  const shadow = host.shadowRoot as ShadowRoot
  const $ = <E extends Element = HTMLElement>(selector: string) =>
    shadow.querySelector(selector) as E
  const visible = (selector: string) => {
    const element = $(selector)
    return element !== null && element.closest('[hidden]') === null
  }
  return { controller, host, shadow, $, visible }
}

describe('states', () => {
  test('waiting: a labelled modal dialog with the QR code, the copy button and the links', async () => {
    const { host, $, visible } = open()
    const dialog = $('[role="dialog"]')
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    const title = $(`#${dialog.getAttribute('aria-labelledby')}`)
    expect(title.textContent).toBe('Connect a Tessera wallet')
    expect($(`#${dialog.getAttribute('aria-describedby')}`).textContent).toBe(
      "Scan the code with your phone's camera or the Tessera signer.",
    )
    expect(host.dataset.state).toBe('waiting')
    expect($('[role="status"]').textContent).toBe('Waiting for your wallet…')
    expect($('svg[role="img"]').getAttribute('aria-label')).toBe('QR code of the pairing link')
    expect(visible('.copy-button')).toBe(true)
    expect($<HTMLInputElement>('input').value).toBe(uri)
    const anchors = [...$('nav').querySelectorAll('a')]
    expect(anchors.map((a) => [a.dataset.kind, a.textContent])).toEqual([
      ['signer', 'Open the web signer'],
      ['telegram', 'Open in Telegram'],
      ['wechat', 'Open in WeChat'],
      ['alipay', 'Open in Alipay'],
    ])
    expect(anchors[0]?.getAttribute('href')).toBe(`https://signer.example/pair#${uri}`)
    expect(visible('.refresh')).toBe(false)
  })

  test('the QR code scans back to the exact pairing URI', async () => {
    const { $ } = open()
    expect(await decodeQrSvg($<SVGSVGElement>('svg'))).toBe(uri)
  })

  test('paired: the success status, no code or links', () => {
    const { controller, host, $, visible } = open()
    controller.setState('paired')
    expect(controller.state).toBe('paired')
    expect(host.dataset.state).toBe('paired')
    expect($('[role="status"]').textContent).toBe('Connected.')
    expect(visible('.qr')).toBe(false)
    expect(visible('.copy-button')).toBe(false)
    expect(visible('nav')).toBe(false)
    expect(visible('.refresh')).toBe(false)
  })

  test('expired: "New code" asks for one, refresh shows it and scans to it', async () => {
    const onRefresh = vi.fn()
    const { controller, host, shadow, $, visible } = open({ onRefresh })
    controller.setState('expired')
    expect(host.dataset.state).toBe('expired')
    expect($('[role="status"]').textContent).toBe('This code has expired.')
    expect($('.qr').getAttribute('aria-hidden')).toBe('true')
    expect(visible('.copy-button')).toBe(false)
    const refresh = $('.refresh')
    expect(visible('.refresh')).toBe(true)
    expect(refresh.textContent).toBe('New code')
    expect(shadow.activeElement).toBe(refresh) // the way on gets the focus
    refresh.click()
    expect(onRefresh).toHaveBeenCalledTimes(1)

    const next = testPairingUri({ topicByte: 'cd' })
    controller.refresh(next)
    expect(controller.state).toBe('waiting')
    expect($<HTMLInputElement>('input').value).toBe(next)
    expect($('nav a').getAttribute('href')).toBe(`https://signer.example/pair#${next}`)
    expect(await decodeQrSvg($<SVGSVGElement>('svg'))).toBe(next)
  })

  test('expired on its own when the URI expires, and at once for an expired URI', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { controller } = open({ uri: testPairingUri({ ttlSeconds: 60 }) })
    vi.advanceTimersByTime(59_000)
    expect(controller.state).toBe('waiting')
    vi.advanceTimersByTime(1_000)
    expect(controller.state).toBe('expired')
    controller.close()
    expect(open({ uri: testPairingUri({ ttlSeconds: -5 }) }).controller.state).toBe('expired')
  })

  test('error: the caller message as text, "Try again" without onRefresh hidden', () => {
    const { controller, host, $, visible } = open()
    controller.setState('error', { message: '<b>Relay unreachable</b>' })
    expect(host.dataset.state).toBe('error')
    expect($('[role="status"]').textContent).toBe('Connecting failed.')
    expect($('.detail').textContent).toBe('<b>Relay unreachable</b>')
    expect($('.detail').querySelector('b')).toBeNull()
    expect(visible('.refresh')).toBe(false)

    controller.close()
    const withRetry = open({ onRefresh: () => {} })
    withRetry.controller.setState('error')
    expect(withRetry.$('.refresh').textContent).toBe('Try again')
    expect(withRetry.visible('.detail')).toBe(false)
  })
})

describe('keyboard and screen readers', () => {
  test('Tab and Shift+Tab cycle inside the dialog', async () => {
    const outside = document.createElement('button')
    outside.textContent = 'page button'
    document.body.append(outside)
    cleanups.push(() => outside.remove())
    const { shadow, $ } = open()
    const order = [
      $('.close'),
      $('.copy-button'),
      ...$('nav').querySelectorAll('a'),
    ] as HTMLElement[]
    // The read-only input is focusable too, between the close and the copy buttons.
    order.splice(1, 0, $('input'))
    expect(shadow.activeElement).toBe(order[0])
    for (let i = 1; i <= order.length; i++) {
      await userEvent.tab()
      expect(shadow.activeElement).toBe(order[i % order.length])
    }
    await userEvent.tab({ shift: true })
    expect(shadow.activeElement).toBe(order[order.length - 1])
    expect(document.activeElement).not.toBe(outside)
  })

  test('Escape closes, onClose hears "user", focus returns to the page', async () => {
    const trigger = document.createElement('button')
    trigger.textContent = 'Connect'
    document.body.append(trigger)
    cleanups.push(() => trigger.remove())
    trigger.focus()
    const onClose = vi.fn()
    const { controller } = open({ onClose })
    expect(document.activeElement).not.toBe(trigger)
    await userEvent.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledExactlyOnceWith('user')
    expect(controller.open).toBe(false)
    expect(document.querySelector(CONNECT_MODAL_TAG)).toBeNull()
    expect(document.activeElement).toBe(trigger)
    controller.close()
    expect(onClose).toHaveBeenCalledTimes(1)
  })

  test('the close button and the backdrop close; close() reports "controller" once', () => {
    for (const target of ['.close', '.backdrop']) {
      const onClose = vi.fn()
      const { $ } = open({ onClose })
      $(target).click()
      expect(onClose).toHaveBeenCalledExactlyOnceWith('user')
    }
    const onClose = vi.fn()
    const { controller, $ } = open({ onClose })
    $('.dialog').click() // a click inside the dialog is not a click on the backdrop
    expect(controller.open).toBe(true)
    controller.close()
    controller.close()
    expect(onClose).toHaveBeenCalledExactlyOnceWith('controller')
    controller.setState('paired') // ignored once closed
    expect(controller.state).toBe('waiting')
  })

  test('every button has an accessible name', () => {
    const { controller, shadow } = open({ onRefresh: () => {} })
    controller.setState('expired')
    for (const button of shadow.querySelectorAll('button')) {
      const name = button.getAttribute('aria-label') ?? button.textContent
      expect(name?.trim()).not.toBe('')
    }
    expect(shadow.querySelector('.close')?.getAttribute('aria-label')).toBe('Close')
  })
})

describe('language and theme', () => {
  test('zh-CN when asked, and when the browser prefers Chinese', () => {
    const zh = open({ locale: 'zh-CN', onRefresh: () => {} })
    expect(zh.$('h2').textContent).toBe('连接 Tessera 钱包')
    expect(zh.$('[role="dialog"]').getAttribute('lang')).toBe('zh-CN')
    expect(zh.$('.copy-button').textContent).toBe('复制链接')
    zh.controller.setState('expired')
    expect(zh.$('.refresh').textContent).toBe('获取新二维码')
    zh.controller.close()

    const languages = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')
    Object.defineProperty(navigator, 'languages', {
      configurable: true,
      get: () => ['fr-FR', 'zh-TW', 'en-US'],
    })
    cleanups.push(() => {
      delete (navigator as { languages?: unknown }).languages
      expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')).toEqual(languages)
    })
    const auto = openConnectModal({ uri })
    opened.push(auto)
    const host = document.querySelector(CONNECT_MODAL_TAG) as HTMLElement
    expect(host.shadowRoot?.querySelector('h2')?.textContent).toBe('连接 Tessera 钱包')
  })

  test('light and dark, overridable; auto follows prefers-color-scheme', () => {
    const background = (theme?: 'light' | 'dark' | 'auto') => {
      const modal = open(theme === undefined ? {} : { theme })
      const color = getComputedStyle(modal.$('.dialog')).backgroundColor
      modal.controller.close()
      return color
    }
    expect(background('light')).toBe('rgb(255, 255, 255)')
    expect(background('dark')).toBe('rgb(23, 27, 35)')
    const dark = matchMedia('(prefers-color-scheme: dark)').matches
    expect(background()).toBe(dark ? 'rgb(23, 27, 35)' : 'rgb(255, 255, 255)')
  })

  test('CSS variables theme it from the page', () => {
    document.documentElement.style.setProperty('--tessera-modal-accent', 'rgb(1, 2, 3)')
    cleanups.push(() => document.documentElement.style.removeProperty('--tessera-modal-accent'))
    const { controller, $ } = open({ onRefresh: () => {} })
    controller.setState('expired')
    expect(getComputedStyle($('.refresh')).backgroundColor).toBe('rgb(1, 2, 3)')
  })
})

test("the page's CSS does not leak in", () => {
  const style = document.createElement('style')
  style.textContent = `
    * { color: rgb(255, 0, 0) !important; font-family: serif !important; }
    body * { display: none !important; }
    button, a { background: rgb(0, 255, 0) !important; }
    div { opacity: 0 !important; }
    tessera-connect-modal { visibility: hidden !important; opacity: 0 !important; }
  `
  document.head.append(style)
  cleanups.push(() => style.remove())
  const { host, $ } = open({ theme: 'light' })
  const hostStyle = getComputedStyle(host)
  expect([hostStyle.display, hostStyle.visibility, hostStyle.opacity]).toEqual([
    'block',
    'visible',
    '1',
  ])
  const dialog = $('.dialog')
  expect(dialog.getBoundingClientRect().width).toBeGreaterThan(200)
  expect(getComputedStyle(dialog).color).toBe('rgb(22, 26, 34)')
  expect(getComputedStyle(dialog).fontFamily).toMatch(/^system-ui,/)
  expect(getComputedStyle(dialog).opacity).toBe('1')
  const copy = getComputedStyle($('.copy-button'))
  expect(copy.backgroundColor).toBe('rgb(238, 241, 245)')
  expect(copy.display).toBe('flex') // inline-flex, blockified as a flex item: not the page's none
})

test('copy puts the URI on the clipboard, and says so; a refused clipboard selects the text', async () => {
  const writeText = vi.fn(async (_text: string) => {})
  const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } })
  cleanups.push(() => {
    delete (navigator as { clipboard?: unknown }).clipboard
    expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')).toEqual(clipboard)
  })
  const { $, shadow } = open()
  const button = $('.copy-button')
  button.click()
  await vi.waitFor(() => expect(button.textContent).toBe('Copied'), PAGE)
  expect(writeText).toHaveBeenCalledExactlyOnceWith(uri)

  writeText.mockRejectedValueOnce(new Error('denied'))
  button.click()
  await vi.waitFor(
    () => expect(button.textContent).toBe('Could not copy; select the link and copy it'),
    PAGE,
  )
  const input = $<HTMLInputElement>('input')
  expect(shadow.activeElement).toBe(input)
  expect([input.selectionStart, input.selectionEnd]).toEqual([0, uri.length])
})

test('malformed parameters are refused precisely', () => {
  expect(() => openConnectModal({ uri: 'wc:abc@2' })).toThrow(PairingUriError)
  expect(() => openConnectModal({ uri, theme: 'blue' as 'dark' })).toThrow(
    new TypeError(`"theme" expected 'light', 'dark' or 'auto', got "blue"`),
  )
  expect(() => openConnectModal({ uri, locale: 'fr' as 'en' })).toThrow(
    new TypeError(`"locale" expected 'en' or 'zh-CN', got "fr"`),
  )
  expect(() => openConnectModal({ uri, links: { telegram: { bot: '', app: 'x' } } })).toThrow(
    new TypeError('"links.telegram.bot" expected to match /^[A-Za-z0-9_]{1,64}$/'),
  )
  const modal = open()
  expect(() => modal.controller.setState('done' as 'paired')).toThrow(
    new TypeError('"state" expected one of waiting, paired, expired, error, got "done"'),
  )
  expect(document.querySelectorAll(CONNECT_MODAL_TAG)).toHaveLength(1)
})
