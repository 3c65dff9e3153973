/**
 * The approval screen in Chromium with a stand-in backend: the intent comes first, warnings are
 * ordered by severity (danger as an alert), raw data is one tap away, a dangerous request needs a
 * hold (a tap does nothing) and a hold approves; Reject answers once. Also in Chinese, and a
 * request that arrived while the screen was in English is shown in Chinese after a switch.
 */
import { describeRequest } from '@tessera/clear-signing'
import { DappsError } from '@tessera/signer'
import { h, render } from 'preact'
import { afterEach, expect, test } from 'vitest'
import { createActions } from '../actions.ts'
import { readConfig } from '../config.ts'
import { type Locale, translate } from '../i18n.ts'
import type { Backend } from '../services/backend.ts'
import type { InboxView } from '../services/types.ts'
import { createStore, initialState, useStore } from '../store.ts'
import { App } from './App.tsx'
import { AppContext } from './context.ts'

function memory() {
  const values = new Map<string, string>()
  return {
    getItem: (k: string) => values.get(k) ?? null,
    setItem: (k: string, v: string) => void values.set(k, v),
    removeItem: (k: string) => void values.delete(k),
  }
}

function mount(
  locale: Locale,
  item: Omit<InboxView, 'approve' | 'reject'>,
  approveError?: unknown,
) {
  let inbox: InboxView[] = []
  const listeners = new Set<() => void>()
  const answers: string[] = []
  let approved: () => void = () => {}
  const approvedOnce = new Promise<void>((resolve) => {
    approved = resolve
  })
  const answer = (kind: string) => {
    answers.push(kind)
    inbox = []
    for (const l of listeners) l()
    if (kind === 'approve') approved()
  }
  inbox = [
    {
      ...item,
      approve: async () => {
        if (approveError !== undefined) throw approveError
        answer('approve')
      },
      reject: async () => answer('reject'),
    },
  ]
  const backend: Backend = {
    start: async () => {},
    wallet: () => ({
      status: 'ready',
      identity: 'oidc:test:alice',
      addresses: [],
      backupDue: false,
    }),
    login: async () => {},
    onboard: async () => {},
    backup: () => undefined,
    logout: async () => {},
    pair: async () => ({ id: 's', name: 'x', chains: [] }),
    sessions: () => [],
    rename: async () => {},
    end: async () => {},
    inbox: () => inbox,
    onChange: (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
  }
  const config = readConfig({}, location.origin)
  const store = createStore(initialState(locale))
  const actions = createActions(store, backend, config, {
    location: { origin: location.origin, pathname: '/', hash: '', search: '' },
    assign: () => {},
    replaceUrl: () => {},
    storage: memory(),
    tabStorage: memory(),
  })
  const root = document.createElement('div')
  document.body.append(root)
  function Root() {
    const state = useStore(store)
    const t = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) =>
      translate(state.locale, key, values)
    return h(AppContext.Provider, { value: { state, actions, config, t } }, h(App, {}))
  }
  render(h(Root, {}), root)
  return { root, answers, approvedOnce, boot: () => actions.boot() }
}

const dangerous: Omit<InboxView, 'approve' | 'reject'> = {
  id: 'r1',
  session: { name: 'Demo dapp', origin: 'http://dapp.example' },
  method: 'eth_signTypedData_v4',
  chainId: 'eip155:1',
  account: { address: '0x1111111111111111111111111111111111111111' },
  params: ['0x1111111111111111111111111111111111111111', '{"primaryType":"PermitSingle"}'],
  expiresAt: Date.now() + 60_000,
  description: {
    kind: 'evm.permit2.single',
    intent: 'Allow 0xSpender to spend Unlimited USDC',
    chainId: 'eip155:1',
    fields: [
      {
        label: 'Amount',
        value: {
          kind: 'amount',
          raw: '1',
          decimals: 6,
          symbol: 'USDC',
          formatted: 'Unlimited USDC',
        },
      },
    ],
    warnings: [
      { code: 'LongExpiry', severity: 'caution', message: 'The permission lasts a year.' },
      { code: 'Unlimited', severity: 'danger', message: 'The spender may take all your USDC.' },
    ],
    blind: false,
  },
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 30_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => requestAnimationFrame(resolve))
  }
}

afterEach(() => {
  document.body.replaceChildren()
})

test('a dangerous request: intent first, danger first, raw data on tap, a tap does not approve, a hold does', async () => {
  const { root, answers, approvedOnce, boot } = mount('en', dangerous)
  await boot()
  await until(() => root.querySelector('#approve-intent') !== null)
  expect(root.querySelector('h1')?.textContent).toBe('Allow 0xSpender to spend Unlimited USDC')
  const alerts = [...root.querySelectorAll('.warning')].map((el) => el.getAttribute('data-code'))
  expect(alerts).toEqual(['Unlimited', 'LongExpiry'])
  expect(root.querySelector('.warning.danger')?.getAttribute('role')).toBe('alert')
  const raw = root.querySelector('details.raw') as HTMLDetailsElement
  expect(raw.open).toBe(false)
  ;(raw.querySelector('summary') as HTMLElement).click()
  expect(raw.open).toBe(true)
  expect(raw.textContent).toContain('PermitSingle')

  const hold = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Hold to approve')
  if (hold === undefined) throw new Error('no hold button')
  expect(hold.getAttribute('aria-describedby')).toBe('hold-hint')
  hold.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }))
  await new Promise((resolve) => requestAnimationFrame(resolve))
  hold.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }))
  await new Promise((resolve) => requestAnimationFrame(resolve))
  expect(answers).toEqual([])
  hold.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }))
  await approvedOnce
  expect(answers).toEqual(['approve'])
  await until(() => root.textContent?.includes('Approved and sent to Demo dapp.') === true)
})

test('in Chinese, and Reject answers once', async () => {
  const { root, answers, boot } = mount('zh-CN', {
    ...dangerous,
    description: { ...dangerous.description, warnings: [], blind: false },
  })
  await boot()
  await until(() => root.querySelector('#approve-intent') !== null)
  expect(root.textContent).toContain('来自 Demo dapp 的请求')
  const buttons = [...root.querySelectorAll('button')]
  expect(buttons.some((b) => b.textContent === '批准')).toBe(true)
  buttons.find((b) => b.textContent === '拒绝')?.click()
  await until(() => answers.length === 1)
  expect(answers).toEqual(['reject'])
})

test('switching to Chinese while a request waits shows its intent and labels in Chinese', async () => {
  const params = ['0x68656c6c6f', '0x1111111111111111111111111111111111111111']
  const describe = (locale: Locale) =>
    describeRequest({ method: 'personal_sign', params, chainId: 'eip155:1', locale })
  const { root, answers, boot } = mount('en', {
    ...dangerous,
    method: 'personal_sign',
    params,
    description: describe('en'), // as it arrived, in English
    describe,
  })
  await boot()
  await until(() => root.querySelector('#approve-intent') !== null)
  expect(root.querySelector('h1')?.textContent).toBe('Sign a message')
  const toChinese = root.querySelector('button[lang="zh-CN"]') as HTMLButtonElement
  toChinese.click()
  await until(() => root.querySelector('h1')?.textContent === '签名一条消息')
  const labels = [...root.querySelectorAll('.fields dt')].map((dt) => dt.textContent)
  expect(labels).toContain('消息')
  expect(labels).not.toContain('Message')
  expect(root.textContent).toContain('来自 Demo dapp 的请求')
  ;(root.querySelector('button[lang="en"]') as HTMLButtonElement).click()
  await until(() => root.querySelector('h1')?.textContent === 'Sign a message')
  ;[...root.querySelectorAll('button')].find((b) => b.textContent === 'Reject')?.click()
  await until(() => answers.length === 1)
  expect(answers).toEqual(['reject'])
})

test('WalletConnect Verify: a verified domain is noted, a mismatch or a known scam is a danger alert', async () => {
  const cases = [
    { validation: 'VALID', isScam: false, code: 'VerifyVALID', text: 'is verified' },
    { validation: 'UNKNOWN', isScam: false, code: 'VerifyUNKNOWN', text: 'could not check' },
    { validation: 'INVALID', isScam: false, code: 'VerifyMismatch', text: 'may be an impostor' },
    { validation: 'VALID', isScam: true, code: 'VerifyMismatch', text: 'known scam' },
  ] as const
  for (const { validation, isScam, code, text } of cases) {
    const verify = { validation, isScam, origin: 'https://dapp.example' }
    const { root, boot } = mount('en', { ...dangerous, session: { ...dangerous.session, verify } })
    await boot()
    await until(() => root.querySelector('#approve-intent') !== null)
    const note = root.querySelector(`[data-code="${code}"]`)
    expect(note?.textContent).toContain(text)
    expect(note?.textContent).toContain('https://dapp.example')
    expect(note?.getAttribute('role')).toBe(code === 'VerifyMismatch' ? 'alert' : null)
    document.body.replaceChildren()
  }
})

test('requireSoter outside WeChat: the denial is explained with the way forward, in both languages; reject answers', async () => {
  const purpose = `digest:${'ab'.repeat(32)}`
  const denial = new DappsError('PolicyDenied', 'The co-signer refused this request.', {
    rule: 'requireSoter',
    purpose,
  })
  const { root, answers, boot } = mount(
    'en',
    { ...dangerous, description: { ...dangerous.description, warnings: [] } },
    denial,
  )
  await boot()
  await until(() => root.querySelector('#approve-intent') !== null)
  ;[...root.querySelectorAll('button')].find((b) => b.textContent === 'Approve')?.click()
  await until(() => root.querySelector('section.soter') !== null)
  const panel = root.querySelector('section.soter') as HTMLElement
  expect(panel.getAttribute('data-phase')).toBe('unavailable')
  expect(panel.querySelector('h2')?.textContent).toBe('Confirm with fingerprint in WeChat')
  expect(panel.querySelector('[role="alert"]')?.textContent).toBe(
    'This app cannot ask for a fingerprint here: that needs WeChat. Open Tessera in the WeChat mini-program to approve requests like this one, or reject it.',
  )
  // Approve is gone (it would only be refused again); the way forward is to reject.
  expect(root.querySelector('section.approve > .actions')).toBeNull()
  ;(root.querySelector('button[lang="zh-CN"]') as HTMLButtonElement).click()
  await until(() => panel.querySelector('h2')?.textContent === '在微信中用指纹确认')
  expect(panel.querySelector('[role="alert"]')?.textContent).toContain(
    '请在 Tessera 微信小程序中打开钱包',
  )
  ;[...panel.querySelectorAll('button')].find((b) => b.textContent === '拒绝此请求')?.click()
  await until(() => answers.length === 1)
  expect(answers).toEqual(['reject'])
})
