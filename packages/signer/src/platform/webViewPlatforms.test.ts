/**
 * The WeChat and Alipay web-view adapters against their fake hosts (test/fakeWebViews.ts): the
 * WeChat code taken once from the fragment and removed from the URL, round trips through
 * navigateTo for a new code and for scanning, wiped storage; the Alipay request/answer channel.
 */
import { expect, test } from 'vitest'
import { alipayWebViewPlatform } from './alipayWebViewPlatform.ts'
import { fakeAlipayWebView, fakeWebViewStorage, fakeWeChatWebView } from './test/fakeWebViews.ts'
import { wechatWebViewPlatform } from './wechatWebViewPlatform.ts'

const PAGES = ['pages/index/index', 'pages/bridge/bridge']

test('WeChat: the login code is consumed once and removed from the URL', async () => {
  const view = fakeWeChatWebView('https://signer.example/#code=081AbCdEf', PAGES)
  const { storage } = fakeWebViewStorage()
  const platform = wechatWebViewPlatform({ host: view.host, storage })
  expect(view.href).toBe('https://signer.example/')
  expect(await platform.loginProof()).toEqual({ kind: 'wechat', code: '081AbCdEf' })
  // A second login needs a fresh code: a round trip through the shell, not a replay.
  await expect(platform.loginProof()).rejects.toMatchObject({ code: 'RoundTrip' })
  expect(view.navigations).toEqual(['/pages/bridge/bridge?action=login'])
  // A reload of the cleaned URL carries no code.
  const reloaded = wechatWebViewPlatform({ host: view.host, storage })
  await reloaded.loginProof().catch(() => undefined)
  expect(view.navigations).toHaveLength(2)
})

test('WeChat: scanning and results are navigateTo round trips; failures are precise', async () => {
  const view = fakeWeChatWebView('https://signer.example/', PAGES)
  const platform = wechatWebViewPlatform({ host: view.host, storage: fakeWebViewStorage().storage })
  await expect(platform.scan?.()).rejects.toThrow('scanning continues in the WeChat shell')
  await platform.toShell('result', { approved: '1' })
  expect(view.navigations).toEqual([
    '/pages/bridge/bridge?action=scan',
    '/pages/bridge/bridge?action=result&approved=1',
  ])
  // postMessage would only arrive when the page is left: the adapter never relies on it.
  expect(view.delivered).toEqual([])
  const wrong = wechatWebViewPlatform({
    host: view.host,
    storage: fakeWebViewStorage().storage,
    bridgePage: '/pages/missing/missing',
  })
  await expect(wrong.scan?.()).rejects.toThrow(
    'wx.miniProgram.navigateTo: navigateTo:fail page "pages/missing/missing" is not found',
  )
  for (let i = view.navigations.length; i < 9; i++) await platform.toShell('result')
  await expect(platform.toShell('result')).rejects.toThrow(/webview count limit exceed/)
  await expect(platform.openLink('wc:abc@2')).rejects.toMatchObject({ code: 'Unsupported' })
})

test('WeChat: SOTER is a round trip; the answer arrives beside the next code, once', async () => {
  const view = fakeWeChatWebView('https://signer.example/#code=081AbCdEf', PAGES)
  const platform = wechatWebViewPlatform({ host: view.host, storage: fakeWebViewStorage().storage })
  expect(platform.soter.take()).toBeUndefined()
  const purpose = `digest:${'cd'.repeat(32)}`
  const challenge = 'Q'.repeat(32)
  await expect(
    platform.soter.request({ challenge, purpose, authContent: 'Approve 1 ETH', modes: ['facial'] }),
  ).rejects.toMatchObject({
    code: 'RoundTrip',
    message: expect.stringContaining('biometric confirmation continues in the WeChat shell'),
  })
  expect(view.navigations).toEqual([
    `/pages/bridge/bridge?action=soter&challenge=${challenge}&purpose=digest%3A${'cd'.repeat(32)}&content=Approve+1+ETH&modes=facial`,
  ])
  await expect(platform.soter.request({ challenge: 'short', purpose })).rejects.toThrow(
    '"challenge" expected 16..512 base64url characters',
  )
  await expect(platform.soter.request({ challenge, purpose: 'digest:zz' })).rejects.toThrow(
    '"purpose" expected digest:<64 hex> or action:<name>',
  )
  // The shell reopens the web-view with a fresh code and the SOTER answer.
  const answer = { purpose, resultJSON: `{"raw":"${challenge}"}`, resultJSONSignature: 'c2ln' }
  view.reopen(
    `https://signer.example/#code=082Fresh&soter=${encodeURIComponent(JSON.stringify(answer))}`,
  )
  const reloaded = wechatWebViewPlatform({ host: view.host, storage: fakeWebViewStorage().storage })
  expect(view.href).toBe('https://signer.example/')
  expect(await reloaded.loginProof()).toEqual({ kind: 'wechat', code: '082Fresh' })
  expect(reloaded.soter.take()).toEqual(answer)
  expect(reloaded.soter.take()).toBeUndefined()
  // A cancelled prompt comes back as WeChat's errCode; a malformed answer is ignored.
  const cancelled = { purpose, errCode: 90008, errMsg: 'startSoterAuthentication:fail user cancel' }
  view.reopen(
    `https://signer.example/#code=083&soter=${encodeURIComponent(JSON.stringify(cancelled))}`,
  )
  expect(
    wechatWebViewPlatform({ host: view.host, storage: fakeWebViewStorage().storage }).soter.take(),
  ).toEqual(cancelled)
  view.reopen(`https://signer.example/#code=084&soter=${encodeURIComponent('{"purpose":"x"}')}`)
  const odd = wechatWebViewPlatform({ host: view.host, storage: fakeWebViewStorage().storage })
  expect(odd.soter.take()).toBeUndefined()
  expect(await odd.loginProof()).toEqual({ kind: 'wechat', code: '084' })
  // Anything else in the fragment: not ours, left alone.
  view.reopen('https://signer.example/#code=085&other=1')
  const other = wechatWebViewPlatform({ host: view.host, storage: fakeWebViewStorage().storage })
  expect(view.href).toBe('https://signer.example/#code=085&other=1')
  await expect(other.loginProof()).rejects.toMatchObject({ code: 'RoundTrip' })
})

test('WeChat: storage may be wiped, and the adapter says so', async () => {
  const view = fakeWeChatWebView('https://signer.example/', PAGES)
  const store = fakeWebViewStorage()
  const platform = wechatWebViewPlatform({ host: view.host, storage: store.storage })
  expect(platform.limits.storageMayBeWiped).toBe(true)
  await platform.storage.set('wallet', 'state')
  store.wipe()
  expect(await platform.storage.get('wallet')).toBeUndefined()
  expect(await platform.randomBytes(16)).toHaveLength(16)
})

test('Alipay: auth code and scan through the real-time postMessage channel', async () => {
  const fake = fakeAlipayWebView((message) => {
    const { id, action } = message
    if (action === 'authCode') fake.reply({ tessera: 1, id, ok: true, value: 'ap_code_1' })
    else if (action === 'scan') fake.reply({ tessera: 1, id, ok: true, value: 'tessera:abc' })
  })
  const platform = alipayWebViewPlatform({ my: fake.my, storage: fakeWebViewStorage().storage })
  const [proof, text] = await Promise.all([platform.loginProof(), platform.scan?.()])
  expect(proof).toEqual({ kind: 'alipay', authCode: 'ap_code_1' })
  expect(text).toBe('tessera:abc')
  expect(fake.sent).toEqual([
    { tessera: 1, id: 1, action: 'authCode' },
    { tessera: 1, id: 2, action: 'scan' },
  ])
})

test('Alipay: cancelled scans, malformed and unanswered requests', async () => {
  const fake = fakeAlipayWebView((message) => {
    const { id, action } = message
    // Noise the adapter must ignore, then the answer.
    fake.reply({ tessera: 1, id, ok: true, value: 42 })
    fake.reply({ hello: 'world' })
    if (action === 'scan') {
      fake.reply({ tessera: 1, id, ok: false, error: 'Cancelled', message: 'user closed' })
    } else if (action === 'authCode') fake.reply({ tessera: 1, id, ok: true, value: 'bad code!' })
  })
  const platform = alipayWebViewPlatform({ my: fake.my, storage: fakeWebViewStorage().storage })
  await expect(platform.scan?.()).rejects.toMatchObject({ code: 'Cancelled' })
  await expect(platform.loginProof()).rejects.toThrow('malformed auth code')
  const silent = fakeAlipayWebView(() => undefined)
  const mute = alipayWebViewPlatform({
    my: silent.my,
    storage: fakeWebViewStorage().storage,
    timeoutMs: 50,
  })
  await expect(mute.loginProof()).rejects.toThrow('the Alipay shell did not answer "authCode"')
})
