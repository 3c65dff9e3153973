/**
 * The WeChat shell's pages in a node:vm context with a fake `wx` (no network, no DevTools):
 * the login code handed to the web-view in the URL fragment, scans routed to the web-view's
 * /pair, "scan a normal link" (`q`), results returned through the bridge page.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { buildPairingUri, fromUniversalLink } from '../../../packages/protocol/src/index.ts'
import { fakeWebViewStorage } from '../../../packages/signer/src/platform/test/fakeWebViews.ts'
import { wechatWebViewPlatform } from '../../../packages/signer/src/platform/wechatWebViewPlatform.ts'
import { fakeWx } from './fakeWx.ts'
import { miniProgramVm } from './miniProgramVm.ts'

const ROOT = join(import.meta.dirname, '..')
const PAGES = (JSON.parse(readFileSync(join(ROOT, 'app.json'), 'utf8')) as { pages: string[] })
  .pages
const ORIGIN = 'https://signer.example.com'
const URI = buildPairingUri({
  topic: 'ab'.repeat(32),
  relay: 'wss://relay.example',
  key: Uint8Array.from({ length: 32 }, (_, i) => i + 1),
  exp: 1_767_225_600,
  name: 'Demo',
  origin: 'https://app.example',
})

function shell() {
  const fake = fakeWx(PAGES)
  const vm = miniProgramVm(ROOT, 'wx', fake.wx)
  return { fake, vm }
}

test('the login code goes to the web-view in the URL fragment, a fresh one per load', async () => {
  const { fake, vm } = shell()
  const login = fake.next('login')
  const page = vm.open('pages/index/index')
  await login
  expect(page.data.src).toBe(`${ORIGIN}/#code=0a1B${'1'.padStart(28, '0')}`)
  // The signer asks for a fresh code: bridge → reLaunch → a new wx.login.
  const relaunch = fake.next('reLaunch')
  vm.open('pages/bridge/bridge?action=login')
  await relaunch
  expect(fake.calls.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/index/index' })
  const second = fake.next('login')
  const again = vm.open('pages/index/index')
  await second
  expect(again.data.src).toBe(`${ORIGIN}/#code=0a1B${'2'.padStart(28, '0')}`)
})

test('a failed wx.login is shown with a way forward', async () => {
  const { fake, vm } = shell()
  fake.failLogin('system error')
  const failed = fake.next('login:fail')
  const page = vm.open('pages/index/index')
  await failed
  expect(page.data.src).toBe('')
  expect(page.data.error).toBe('WeChat login failed (login:fail system error). Pull down to retry.')
})

test('a scanned pairing QR code is routed to the web-view /pair; others are refused', async () => {
  const { fake, vm } = shell()
  for (const scanned of [
    URI,
    `${ORIGIN}/pair#${URI}`,
    `${ORIGIN}/pair?uri=${encodeURIComponent(URI)}`,
  ]) {
    const opened = fake.next('scanCode')
    vm.open('pages/bridge/bridge?action=scan')
    await opened
    const relaunch = fake.next('reLaunch')
    fake.camera.read(scanned)
    await relaunch
    const target = fake.calls.at(-1)?.url ?? ''
    expect(target).toBe(`/pages/index/index?uri=${encodeURIComponent(URI)}`)
    expect(vm.open(target.slice(1)).data.src).toBe(`${ORIGIN}/pair#${URI}`)
  }
  for (const scanned of [`https://evil.example/pair#${URI}`, 'wc:abc@2?relayProtocol=irn']) {
    const opened = fake.next('scanCode')
    vm.open('pages/bridge/bridge?action=scan')
    await opened
    const back = fake.next('navigateBack')
    fake.camera.read(scanned)
    await back
  }
  expect(fake.toasts).toEqual(['Not a pairing code', 'Not a pairing code'])
  const opened = fake.next('scanCode')
  vm.open('pages/bridge/bridge?action=scan')
  await opened
  const back = fake.next('navigateBack')
  fake.camera.cancel()
  await back
})

test('"scan a normal link": the q launch parameter opens /pair', () => {
  const { vm } = shell()
  const q = encodeURIComponent(`${ORIGIN}/pair?uri=${encodeURIComponent(URI)}`)
  expect(vm.open(`pages/index/index?q=${q}&scancode_time=1767225300`).data.src).toBe(
    `${ORIGIN}/pair#${URI}`,
  )
})

test('results come back through the bridge page, then the signer is shown again', async () => {
  const { fake, vm } = shell()
  const back = fake.next('navigateBack')
  vm.open('pages/bridge/bridge?action=result&approved=1')
  await back
  expect(fake.toasts).toEqual(['Approved'])
})

test('the fake logic layer is faithful: no synchronous randomness, no TextEncoder, no URL', async () => {
  const { fake } = shell()
  const vm = await import('node:vm')
  const context = vm.createContext({ wx: fake.wx })
  expect(vm.runInContext('typeof crypto + typeof TextEncoder + typeof URL', context)).toBe(
    'undefinedundefinedundefined',
  )
  const bytes = await new Promise<ArrayBuffer>((resolve) =>
    fake.wx.getRandomValues({ length: 32, success: (r) => resolve(r.randomValues) }),
  )
  expect(bytes.byteLength).toBe(32)
})

test('end to end: the signer adapter in the web-view, the shell pages and back', async () => {
  const { fake, vm } = shell()
  const login = fake.next('login')
  const index = vm.open('pages/index/index')
  await login
  // The web-view loads the page's src; the signer's adapter runs there.
  let href = String(index.data.src)
  const host = {
    location: {
      get href() {
        return href
      },
    },
    history: {
      replaceState: (_d: unknown, _u: string, url: string) => {
        href = url
      },
    },
    miniProgram: {
      navigateTo: ({ url, success }: { url: string; success?: () => void }) => {
        success?.()
        vm.open(url.slice(1))
      },
    },
  }
  const signer = wechatWebViewPlatform({ host, storage: fakeWebViewStorage().storage })
  expect(href).toBe(`${ORIGIN}/`)
  expect(await signer.loginProof()).toEqual({
    kind: 'wechat',
    code: `0a1B${'1'.padStart(28, '0')}`,
  })
  const opened = fake.next('scanCode')
  await expect(signer.scan?.()).rejects.toMatchObject({ code: 'RoundTrip' })
  await opened
  const relaunch = fake.next('reLaunch')
  fake.camera.read(URI)
  await relaunch
  const reopened = vm.open(fake.calls.at(-1)?.url?.slice(1) ?? '')
  const link = fromUniversalLink(String(reopened.data.src))
  expect(link.uri).toBe(URI)
})
