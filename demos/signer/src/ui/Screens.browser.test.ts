/**
 * The recovery, export and settings screens in Chromium with a stand-in backend: labelled
 * controls, the heading focused when a sub-screen opens, progress as an ARIA progressbar, the
 * export's explicit confirmation (nothing before the checkbox and the typed word; the key wiped
 * when closed), and a flow the engine lacks shown as a sentence with a way forward (an alert with
 * Dismiss), in English and Chinese; the Backup screen's passphrase message (the engine's rule)
 * before the wallet is asked for a file or a QR code; a co-signer policy denial told by its rule.
 */
import { h, render } from 'preact'
import { afterEach, expect, test, vi } from 'vitest'
import { createActions } from '../actions.ts'
import { readConfig } from '../config.ts'
import { type Locale, translate } from '../i18n.ts'
import type { Backend } from '../services/backend.ts'
import type { BackupMaterial, MaintenanceProgress, WalletView } from '../services/types.ts'
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

const ready: WalletView = {
  status: 'ready',
  identity: 'oidc:test:alice',
  addresses: [{ chainId: 'eip155:1', label: 'Ethereum', address: '0xabc' }],
  backupDue: false,
}

function mount(locale: Locale, view: WalletView, extra: Partial<Backend> = {}) {
  const backend: Backend = {
    start: async () => {},
    wallet: () => view,
    login: async () => {},
    onboard: async () => {},
    backup: () => undefined,
    logout: async () => {},
    pair: async () => ({ id: 's', name: 'x', chains: [] }),
    sessions: () => [],
    rename: async () => {},
    end: async () => {},
    inbox: () => [],
    onChange: () => () => {},
    ...extra,
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
  const button = (name: string) =>
    [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name) as
      | HTMLButtonElement
      | undefined
  const labelled = (text: string) => {
    const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.includes(text))
    return label?.querySelector('input, textarea, select') as HTMLInputElement | undefined
  }
  const type = (element: HTMLInputElement | HTMLTextAreaElement, value: string) => {
    element.value = value
    element.dispatchEvent(new Event('input', { bubbles: true }))
  }
  return { root, store, actions, button, labelled, type, boot: () => actions.boot() }
}

afterEach(() => {
  document.body.textContent = ''
})

const words = Array.from({ length: 24 }, (_, i) => `w${i}`).join(' ')

test('recover on a new device: labelled phrase, count, progress bar, then the backup', async () => {
  let finish: () => void = () => {}
  let report: (p: MaintenanceProgress) => void = () => {}
  const app = mount(
    'en',
    { status: 'needsOnboarding', identity: 'oidc:test:alice' },
    {
      recover: ({ onProgress }) =>
        new Promise<void>((resolve) => {
          report = onProgress
          finish = resolve
        }),
    },
  )
  await app.boot()
  await vi.waitFor(() => expect(app.button('Recover on a new device')).toBeDefined())
  app.button('Recover on a new device')?.click()
  await vi.waitFor(() => expect(document.activeElement?.id).toBe('recover-title'))
  const phrase = app.labelled('Backup words') as unknown as HTMLTextAreaElement
  expect(phrase).toBeDefined()
  expect(app.button('Recover')?.disabled).toBe(true)
  app.type(phrase, words)
  await vi.waitFor(() => expect(app.root.textContent).toContain('24 of 24 words'))
  expect(app.button('Recover')?.disabled).toBe(false)
  app.button('Recover')?.click()
  await vi.waitFor(() => expect(app.root.querySelector('[role="progressbar"]')).not.toBeNull())
  report({ phase: 'reveal', percent: 40 })
  await vi.waitFor(() =>
    expect(app.root.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe(
      '40',
    ),
  )
  const bar = app.root.querySelector('[role="progressbar"]') as HTMLElement
  expect(document.getElementById(bar.getAttribute('aria-labelledby') ?? '')?.textContent).toBe(
    'Recovering your wallet — keep this page open',
  )
  finish()
  await vi.waitFor(() => expect(app.store.get().notice?.key).toBe('recover.done'))
  expect(app.store.get().showBackup).toBe(true)
})

test('a flow this build lacks: an alert with a sentence and Dismiss, in both languages', async () => {
  for (const [locale, entry, refresh, sentence, dismiss] of [
    ['en', 'Settings', 'Refresh shares', 'Refresh is not available in this build.', 'Dismiss'],
    ['zh-CN', '设置', '刷新分片', 'Refresh is not available in this build。', '关闭'],
  ] as const) {
    const app = mount(locale, ready)
    await app.boot()
    await vi.waitFor(() => expect(app.button(entry)).toBeDefined())
    app.button(entry)?.click()
    await vi.waitFor(() => expect(app.button(refresh)).toBeDefined())
    app.button(refresh)?.click()
    await vi.waitFor(() => expect(app.root.querySelector('[role="alert"]')).not.toBeNull())
    const alert = app.root.querySelector('[role="alert"]') as HTMLElement
    expect(alert.textContent).toContain(sentence)
    expect([...alert.querySelectorAll('button')].map((b) => b.textContent)).toContain(dismiss)
    ;[...alert.querySelectorAll('button')].find((b) => b.textContent === dismiss)?.click()
    await vi.waitFor(() => expect(app.root.querySelector('[role="alert"]')).toBeNull())
    document.body.textContent = ''
  }
})

test('a co-signer policy denial: the rule told in words and by name, in both languages', async () => {
  const app = mount('en', ready)
  await app.boot()
  // What the inbox throws when the co-signer refuses an approved request (packages/signer
  // policyDenial.ts): a DappsError carrying the rule.
  app.actions.showError({
    name: 'DappsError',
    code: 'PolicyDenied',
    rule: 'recipients.deny',
    message: 'The co-signer\'s policy rule "recipients.deny" refused this request.',
  })
  await vi.waitFor(() => expect(app.root.querySelector('[role="alert"]')).not.toBeNull())
  const alert = app.root.querySelector('[role="alert"]') as HTMLElement
  expect(alert.querySelector('.rule')?.getAttribute('data-rule')).toBe('recipients.deny')
  expect(alert.textContent).toContain('The co-signer’s policy refused this request.')
  expect(alert.textContent).toContain(
    'The recipient or spender is on your policy’s list of blocked addresses.',
  )
  expect(alert.textContent).toContain('Policy rule: recipients.deny')
  // Switched while the alert is up: the same denial in Chinese.
  app.actions.setLocale('zh-CN')
  await vi.waitFor(() => expect(alert.textContent).toContain('联合签名服务的策略拒绝了此请求。'))
  expect(alert.textContent).toContain('收款方或授权对象在您的策略的禁止地址名单上。')
  expect(alert.textContent).toContain('策略规则：recipients.deny')
  expect(alert.textContent).not.toContain('blocked')
})

test('export: nothing before the explicit confirmation; the key shown once and wiped', async () => {
  const key = new Uint8Array(32).fill(0xab)
  let calls = 0
  const app = mount('en', ready, {
    exportPrivateKey: async ({ chainId, confirmed }) => {
      calls++
      expect(confirmed).toBe(true)
      return { chainId, address: '0xabc', privateKey: key }
    },
  })
  await app.boot()
  await vi.waitFor(() => expect(app.button('Settings')).toBeDefined())
  app.button('Settings')?.click()
  await vi.waitFor(() => expect(app.button('Export a private key…')).toBeDefined())
  app.button('Export a private key…')?.click()
  await vi.waitFor(() => expect(document.activeElement?.id).toBe('export-title'))
  const go = () => app.button('Show the private key') as HTMLButtonElement
  expect(go().disabled).toBe(true)
  app.type(app.labelled('Type EXPORT') as HTMLInputElement, 'EXPORT')
  await vi.waitFor(() => expect(app.labelled('Type EXPORT')?.value).toBe('EXPORT'))
  expect(go().disabled).toBe(true)
  ;(app.labelled('I understand') as HTMLInputElement).click()
  await vi.waitFor(() => expect(go().disabled).toBe(false))
  expect(calls).toBe(0)
  go().click()
  await vi.waitFor(() => expect(app.labelled('Private key')?.value).toBe(`0x${'ab'.repeat(32)}`))
  expect(calls).toBe(1)
  app.button('Hide and close')?.click()
  await vi.waitFor(() => expect(app.store.get().overlay).toBeUndefined())
  await vi.waitFor(() => expect(key.every((b) => b === 0)).toBe(true))
  expect(app.root.textContent).not.toContain('abab')
})

test("backup passphrase: the engine's rule told in both languages before the wallet is asked", async () => {
  for (const [locale, label, short, repetitive, qrButton] of [
    [
      'en',
      'Backup passphrase',
      'Too short: use at least 10 characters.',
      'Too repetitive: use at least 5 different characters, so it is hard to guess.',
      'Show as QR code',
    ],
    [
      'zh-CN',
      '备份密码',
      '太短：请至少使用 10 个字符。',
      '重复太多：请至少使用 5 个不同的字符，以免被猜到。',
      '显示为二维码',
    ],
  ] as const) {
    const asked: string[] = []
    const material = {
      file: async (passphrase: string) => {
        asked.push(passphrase)
        return new Uint8Array(1)
      },
      qrText: async (passphrase: string) => {
        asked.push(passphrase)
        return 'tessera-backup:x'
      },
      phrase: async () => [],
    } as unknown as BackupMaterial
    const app = mount(locale, ready)
    await app.boot()
    app.store.set({ showBackup: true, backup: material })
    await vi.waitFor(() => expect(app.labelled(label)).toBeDefined())
    const input = app.labelled(label) as HTMLInputElement
    const problem = () => app.root.querySelector('#passphrase-problem')?.textContent ?? ''
    const buttons = () =>
      [...app.root.querySelectorAll('form')][0]?.querySelectorAll('.row button') ?? []
    expect(problem()).toBe('')
    expect(input.getAttribute('aria-describedby')).toContain('passphrase-problem')
    app.type(input, 'abcdefghi')
    await vi.waitFor(() => expect(problem()).toBe(short))
    expect([...buttons()].every((b) => (b as HTMLButtonElement).disabled)).toBe(true)
    // Ten characters pass the old rule; the engine's needs five different ones.
    app.type(input, 'abababababab')
    await vi.waitFor(() => expect(problem()).toBe(repetitive))
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect([...buttons()].every((b) => (b as HTMLButtonElement).disabled)).toBe(true)
    app.type(input, 'abcdeabcde')
    await vi.waitFor(() => expect(problem()).toBe(''))
    expect(buttons().length).toBeGreaterThan(0)
    expect([...buttons()].every((b) => !(b as HTMLButtonElement).disabled)).toBe(true)
    expect(asked).toEqual([])
    app.button(qrButton)?.click()
    await vi.waitFor(() => expect(asked).toEqual(['abcdeabcde']))
    document.body.textContent = ''
  }
})
