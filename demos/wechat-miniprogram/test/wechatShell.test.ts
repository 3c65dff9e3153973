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

function shell(options?: Parameters<typeof fakeWx>[1]) {
  const fake = fakeWx(PAGES, options)
  const vm = miniProgramVm(ROOT, 'wx', fake.wx)
  return { fake, vm }
}

/**
 * The shell's index page loaded, and its web-view: a host whose location is the page's `src`
 * (`view.href`, set again when a page is reopened) and whose `navigateTo` opens the shell page,
 * with the signer's adapter running on it.
 */
async function openWebView({ fake, vm }: ReturnType<typeof shell>) {
  const login = fake.next('login')
  const index = vm.open('pages/index/index')
  await login
  const view = { href: String(index.data.src) }
  const host = {
    location: {
      get href() {
        return view.href
      },
    },
    history: {
      replaceState: (_d: unknown, _u: string, url: string) => {
        view.href = url
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
  return { view, host, signer }
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
  // The web-view loads the page's src; the signer's adapter runs there.
  const { view, signer } = await openWebView({ fake, vm })
  expect(view.href).toBe(`${ORIGIN}/`)
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

const CHALLENGE = 'Zm9vYmFyYmF6cXV4cXV1eHh5enp5MTIzNDU2'
const SOTER_PURPOSE = `digest:${'ab'.repeat(32)}`
const soterQuery = `challenge=${CHALLENGE}&purpose=${encodeURIComponent(SOTER_PURPOSE)}&content=Approve`

/** The answer the bridge page handed back through reLaunch (`?soter=<JSON>`). */
function soterFromRelaunch(url: string | undefined): Record<string, unknown> {
  const match = /^\/pages\/index\/index\?soter=([^&]+)$/.exec(url ?? '')
  if (match?.[1] === undefined) throw new Error(`not a SOTER answer: ${url}`)
  return JSON.parse(decodeURIComponent(match[1])) as Record<string, unknown>
}

test('SOTER: support and enrolment checked, the prompt signs a resultJSON holding the challenge', async () => {
  const { fake, vm } = shell()
  const prompt = fake.next('startSoterAuthentication')
  vm.open(`pages/bridge/bridge?action=soter&${soterQuery}`)
  await prompt
  expect(fake.calls.map((c) => c.api)).toEqual([
    'checkIsSupportSoterAuthentication',
    'checkIsSoterEnrolledInDevice',
    'startSoterAuthentication',
  ])
  const relaunch = fake.next('reLaunch')
  fake.sensor.touch()
  await relaunch
  const answer = soterFromRelaunch(fake.calls.at(-1)?.url)
  expect(answer.purpose).toBe(SOTER_PURPOSE)
  const resultJSON = answer.resultJSON as string
  expect(JSON.parse(resultJSON)).toMatchObject({ raw: CHALLENGE, counter: 1 })
  expect(answer.resultJSONSignature).toBe(Buffer.from(`signed:${resultJSON}`).toString('base64'))
  // The index page logs in again and puts both in the web-view's fragment.
  const login = fake.next('login')
  const index = vm.open(fake.calls.at(-1)?.url?.slice(1) ?? '')
  await login
  const src = String(index.data.src)
  expect(src.startsWith(`${ORIGIN}/#code=0a1B${'1'.padStart(28, '0')}&soter=`)).toBe(true)
  const fragment = new URLSearchParams(src.split('#')[1])
  expect(JSON.parse(fragment.get('soter') ?? '')).toEqual(answer)
})

test('SOTER: nothing enrolled, a cancelled prompt and an unrecognised finger come back as errCodes', async () => {
  /** The bridge's answer on a phone with these biometrics, and the wx calls it made. */
  const answerOn = async (device: Parameters<typeof fakeWx>[1]) => {
    const { fake, vm } = shell(device)
    const relaunch = fake.next('reLaunch')
    vm.open(`pages/bridge/bridge?action=soter&${soterQuery}`)
    await relaunch
    return { answer: soterFromRelaunch(fake.calls.at(-1)?.url), calls: fake.calls }
  }
  const bare = await answerOn({ supported: ['fingerPrint'], enrolled: [], sign: () => '' })
  expect(bare.answer).toMatchObject({ errCode: 90011 })
  expect(bare.calls.map((c) => c.api)).not.toContain('startSoterAuthentication')
  const none = await answerOn({ supported: [], enrolled: [], sign: () => '' })
  expect(none.answer).toMatchObject({ errCode: 90001 })

  const { fake, vm } = shell()
  for (const [act, errCode] of [
    [() => fake.sensor.cancel(), 90008],
    [() => fake.sensor.mismatch(), 90009],
  ] as const) {
    const prompt = fake.next('startSoterAuthentication')
    vm.open(`pages/bridge/bridge?action=soter&${soterQuery}`)
    await prompt
    const back = fake.next('reLaunch')
    act()
    await back
    expect(soterFromRelaunch(fake.calls.at(-1)?.url)).toMatchObject({
      purpose: SOTER_PURPOSE,
      errCode,
    })
  }
})

test('SOTER: a malformed request never reaches the prompt; the fake checks arguments as WeChat does', async () => {
  const { fake, vm } = shell()
  const back = fake.next('navigateBack')
  vm.open('pages/bridge/bridge?action=soter&challenge=x&purpose=digest%3A00')
  await back
  expect(fake.toasts).toEqual(['Bad biometric request'])
  const failures: number[] = []
  const start = (options: { challenge: string; authContent?: string; modes?: string[] }) =>
    new Promise<void>((resolve) =>
      fake.wx.startSoterAuthentication({
        requestAuthModes: (options.modes ?? ['fingerPrint']) as ('fingerPrint' | 'facial')[],
        challenge: options.challenge,
        ...(options.authContent === undefined ? {} : { authContent: options.authContent }),
        fail: (e) => {
          failures.push(e.errCode)
          resolve()
        },
      }),
    )
  await start({ challenge: '' })
  await start({ challenge: 'c'.repeat(513) })
  await start({ challenge: 'c', authContent: 'x'.repeat(43) })
  await start({ challenge: 'c', modes: ['facial'] })
  expect(failures).toEqual([90004, 90004, 90005, 90003])
})

test('SOTER end to end: the signer asks, the shell prompts, the signer takes the answer', async () => {
  const { fake, vm } = shell()
  const { view, host, signer } = await openWebView({ fake, vm })
  await signer.loginProof()
  const prompt = fake.next('startSoterAuthentication')
  await expect(
    signer.soter.request({ challenge: CHALLENGE, purpose: SOTER_PURPOSE, authContent: 'Approve' }),
  ).rejects.toMatchObject({ code: 'RoundTrip' })
  await prompt
  const relaunch = fake.next('reLaunch')
  fake.sensor.touch()
  await relaunch
  const relogin = fake.next('login')
  const reopened = vm.open(fake.calls.at(-1)?.url?.slice(1) ?? '')
  await relogin
  view.href = String(reopened.data.src)
  const next = wechatWebViewPlatform({ host, storage: fakeWebViewStorage().storage })
  expect(view.href).toBe(`${ORIGIN}/`)
  const answer = next.soter.take()
  expect(answer).toMatchObject({ purpose: SOTER_PURPOSE })
  expect(JSON.parse((answer as { resultJSON: string }).resultJSON).raw).toBe(CHALLENGE)
  expect(await next.loginProof()).toEqual({ kind: 'wechat', code: `0a1B${'2'.padStart(28, '0')}` })
})
