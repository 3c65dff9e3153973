/**
 * The Alipay shell's page in a node:vm context with a fake `my` (no network, no IDE): the
 * signer's requests from `my.postMessage` answered at once through `webViewContext.postMessage`
 * — the auth code (auth_base), scans, cancels — and pairing links routed to the web-view's /pair.
 */
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { alipayWebViewPlatform } from '../../../packages/signer/src/platform/alipayWebViewPlatform.ts'
import { fakeWebViewStorage } from '../../../packages/signer/src/platform/test/fakeWebViews.ts'
import type { AlipayWebViewBridge } from '../../../packages/signer/src/platform/webViewHosts.ts'
import { miniProgramVm } from '../../wechat-miniprogram/test/miniProgramVm.ts'
import { fakeMy } from './fakeMy.ts'

const ROOT = join(import.meta.dirname, '..')
const ORIGIN = 'https://signer.example.com'
const URI = `tessera:${'ab'.repeat(32)}@1?relay=wss%3A%2F%2Frelay.example&exp=1767225600&name=Demo`

function shell() {
  const fake = fakeMy()
  const vm = miniProgramVm(ROOT, 'my', fake.my)
  return { fake, page: vm.open('pages/index/index'), vm }
}

/** What the web-view's `my.postMessage` triggers: the page's onMessage with `detail`. */
const fromWebView = (page: Record<string, unknown>, detail: unknown) =>
  (page.onMessage as (e: object) => void).call(page, { detail })

test('the auth code (auth_base) goes back to the signer at once', async () => {
  const { fake, page } = shell()
  expect(page.data.src).toBe(`${ORIGIN}/`)
  const answer = fake.nextToWebView()
  fromWebView(page, { tessera: 1, id: 1, action: 'authCode' })
  expect(await answer).toEqual({ tessera: 1, id: 1, ok: true, value: `ap${'1'.padStart(30, '0')}` })
  const second = fake.nextToWebView()
  fromWebView(page, { tessera: 1, id: 2, action: 'authCode' })
  expect((await second).value).toBe(`ap${'2'.padStart(30, '0')}`)
})

test('scans: the text back to the signer; a cancel is Cancelled', async () => {
  const { fake, page } = shell()
  let opened = fake.scanOpened()
  let answer = fake.nextToWebView()
  fromWebView(page, { tessera: 1, id: 7, action: 'scan' })
  await opened
  fake.camera.read(URI)
  expect(await answer).toEqual({ tessera: 1, id: 7, ok: true, value: URI })
  opened = fake.scanOpened()
  answer = fake.nextToWebView()
  fromWebView(page, { tessera: 1, id: 8, action: 'scan' })
  await opened
  fake.camera.cancel()
  expect(await answer).toEqual({
    tessera: 1,
    id: 8,
    ok: false,
    error: 'Cancelled',
    message: '用户取消',
  })
})

test('unknown actions are answered; foreign messages ignored; pairing links open /pair', async () => {
  const { fake, page, vm } = shell()
  const answer = fake.nextToWebView()
  fromWebView(page, { hello: 'world' })
  fromWebView(page, { tessera: 1, id: 3, action: 'pay' })
  expect(await answer).toEqual({
    tessera: 1,
    id: 3,
    ok: false,
    error: 'HostFailed',
    message: 'unknown action',
  })
  expect(fake.toWebView).toHaveLength(1)
  const paired = vm.open(`pages/index/index?uri=${encodeURIComponent(URI)}`)
  expect(paired.data.src).toBe(`${ORIGIN}/pair#${URI}`)
  const refused = vm.open(`pages/index/index?uri=${encodeURIComponent('wc:abc@2')}`)
  expect(refused.data.src).toBe(`${ORIGIN}/`)
})

test('end to end: the signer adapter in the web-view and this page, over the real-time channel', async () => {
  const { fake, page } = shell()
  const bridge: AlipayWebViewBridge = {
    postMessage: (message) => setTimeout(() => fromWebView(page, structuredClone(message)), 0),
  }
  fake.connectWebView((message) => bridge.onMessage?.(message))
  const signer = alipayWebViewPlatform({ my: bridge, storage: fakeWebViewStorage().storage })
  expect(await signer.loginProof()).toEqual({
    kind: 'alipay',
    authCode: `ap${'1'.padStart(30, '0')}`,
  })
  const opened = fake.scanOpened()
  const scanned = signer.scan?.()
  await opened
  fake.camera.read(URI)
  expect(await scanned).toBe(URI)
})
