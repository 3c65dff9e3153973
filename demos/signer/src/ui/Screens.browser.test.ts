/**
 * The recovery, export and settings screens in Chromium with a stand-in backend: labelled
 * controls, the heading focused when a sub-screen opens, progress as an ARIA progressbar, the
 * export's explicit confirmation (nothing before the checkbox and the typed word; the key wiped
 * when closed), and a flow the engine lacks shown as a sentence with a way forward (an alert with
 * Dismiss), in English and Chinese; the Backup screen's passphrase message (the engine's rule)
 * before the wallet is asked for a file or a QR code; a co-signer policy denial told by its rule;
 * the passcode set in Settings and asked by the unlock screen (weak, mismatched and wrong
 * passcodes each a sentence), in both languages, with readable contrast in the light and the dark
 * theme of the app's stylesheet; inside Telegram the recovery screen loading the sealed backup
 * from CloudStorage (none there, then a wrong and a right passphrase), in both languages.
 */
import { h, render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, expect, test, vi } from 'vitest'
import '../style.css'
import { saveCloudBackup, TELEGRAM_LIMITS } from '@tessera/signer'
import { createActions, type Host } from '../actions.ts'
import { readConfig } from '../config.ts'
import { type Locale, translate } from '../i18n.ts'
import type { Backend } from '../services/backend.ts'
import type { AppPlatform } from '../services/platform.ts'
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

function mount(
  locale: Locale,
  view: WalletView,
  extra: Partial<Backend> = {},
  storage = memory(),
  platform?: Host['platform'],
) {
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
    storage,
    tabStorage: memory(),
    ...(platform ? { platform } : {}),
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

/**
 * Waits for a state the test's own click or keystroke causes. The page gets there within a frame
 * or two, but on a loaded CI machine a frame can take seconds: the deadline only catches a page
 * that never gets there, and reports the last failed expectation. (`vi.waitFor`'s default of one
 * second would be a timing assertion, which belongs in a benchmark.)
 */
const shown = <T>(check: () => T) => vi.waitFor(check, { timeout: 30_000, interval: 20 })

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
  await shown(() => expect(app.button('Recover on a new device')).toBeDefined())
  app.button('Recover on a new device')?.click()
  await shown(() => expect(document.activeElement?.id).toBe('recover-title'))
  const phrase = app.labelled('Backup words') as unknown as HTMLTextAreaElement
  expect(phrase).toBeDefined()
  expect(app.button('Recover')?.disabled).toBe(true)
  app.type(phrase, words)
  await shown(() => expect(app.root.textContent).toContain('24 of 24 words'))
  expect(app.button('Recover')?.disabled).toBe(false)
  app.button('Recover')?.click()
  await shown(() => expect(app.root.querySelector('[role="progressbar"]')).not.toBeNull())
  report({ phase: 'reveal', percent: 40 })
  await shown(() =>
    expect(app.root.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe(
      '40',
    ),
  )
  const bar = app.root.querySelector('[role="progressbar"]') as HTMLElement
  expect(document.getElementById(bar.getAttribute('aria-labelledby') ?? '')?.textContent).toBe(
    'Recovering your wallet — keep this page open',
  )
  finish()
  await shown(() => expect(app.store.get().notice?.key).toBe('recover.done'))
  expect(app.store.get().showBackup).toBe(true)
})

test('a flow this build lacks: an alert with a sentence and Dismiss, in both languages', async () => {
  for (const [locale, entry, refresh, sentence, dismiss] of [
    ['en', 'Settings', 'Refresh shares', 'Refresh is not available in this build.', 'Dismiss'],
    ['zh-CN', '设置', '刷新分片', 'Refresh is not available in this build。', '关闭'],
  ] as const) {
    const app = mount(locale, ready)
    await app.boot()
    await shown(() => expect(app.button(entry)).toBeDefined())
    app.button(entry)?.click()
    await shown(() => expect(app.button(refresh)).toBeDefined())
    app.button(refresh)?.click()
    await shown(() => expect(app.root.querySelector('[role="alert"]')).not.toBeNull())
    const alert = app.root.querySelector('[role="alert"]') as HTMLElement
    expect(alert.textContent).toContain(sentence)
    expect([...alert.querySelectorAll('button')].map((b) => b.textContent)).toContain(dismiss)
    ;[...alert.querySelectorAll('button')].find((b) => b.textContent === dismiss)?.click()
    await shown(() => expect(app.root.querySelector('[role="alert"]')).toBeNull())
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
  await shown(() => expect(app.root.querySelector('[role="alert"]')).not.toBeNull())
  const alert = app.root.querySelector('[role="alert"]') as HTMLElement
  expect(alert.querySelector('.rule')?.getAttribute('data-rule')).toBe('recipients.deny')
  expect(alert.textContent).toContain('The co-signer’s policy refused this request.')
  expect(alert.textContent).toContain(
    'The recipient or spender is on your policy’s list of blocked addresses.',
  )
  expect(alert.textContent).toContain('Policy rule: recipients.deny')
  // Switched while the alert is up: the same denial in Chinese.
  app.actions.setLocale('zh-CN')
  await shown(() => expect(alert.textContent).toContain('联合签名服务的策略拒绝了此请求。'))
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
  await shown(() => expect(app.button('Settings')).toBeDefined())
  app.button('Settings')?.click()
  await shown(() => expect(app.button('Export a private key…')).toBeDefined())
  app.button('Export a private key…')?.click()
  await shown(() => expect(document.activeElement?.id).toBe('export-title'))
  const go = () => app.button('Show the private key') as HTMLButtonElement
  expect(go().disabled).toBe(true)
  app.type(app.labelled('Type EXPORT') as HTMLInputElement, 'EXPORT')
  await shown(() => expect(app.labelled('Type EXPORT')?.value).toBe('EXPORT'))
  expect(go().disabled).toBe(true)
  ;(app.labelled('I understand') as HTMLInputElement).click()
  await shown(() => expect(go().disabled).toBe(false))
  expect(calls).toBe(0)
  go().click()
  await shown(() => expect(app.labelled('Private key')?.value).toBe(`0x${'ab'.repeat(32)}`))
  expect(calls).toBe(1)
  app.button('Hide and close')?.click()
  await shown(() => expect(app.store.get().overlay).toBeUndefined())
  await shown(() => expect(key.every((b) => b === 0)).toBe(true))
  expect(app.root.textContent).not.toContain('abab')
})

/** Opens Export from Settings and confirms it (the checkbox and the typed word). */
async function confirmExport(app: ReturnType<typeof mount>) {
  await app.boot()
  await shown(() => expect(app.button('Settings')).toBeDefined())
  app.button('Settings')?.click()
  await shown(() => expect(app.button('Export a private key…')).toBeDefined())
  app.button('Export a private key…')?.click()
  await shown(() => expect(app.labelled('Type EXPORT')).toBeDefined())
  app.type(app.labelled('Type EXPORT') as HTMLInputElement, 'EXPORT')
  ;(app.labelled('I understand') as HTMLInputElement).click()
  const go = () => app.button('Show the private key') as HTMLButtonElement
  await shown(() => expect(go().disabled).toBe(false))
  return go
}

test('export: hidden before the next frame, the key is still wiped', async () => {
  const key = new Uint8Array(32).fill(0xcd)
  const app = mount('en', ready, {
    exportPrivateKey: async ({ chainId }) => ({ chainId, address: '0xabc', privateKey: key }),
  })
  const go = await confirmExport(app)
  // Hide it in the same task that shows it: before any frame, so before any after-paint effect.
  const hidden = new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => {
      if (app.labelled('Private key') === undefined) return
      observer.disconnect()
      app.button('Hide and close')?.click()
      resolve()
    })
    observer.observe(app.root, { childList: true, subtree: true })
  })
  go().click()
  await hidden
  expect(key.every((b) => b === 0)).toBe(true)
  await shown(() => expect(app.store.get().overlay).toBeUndefined())
})

test('export: closed while the key is being made, the key is wiped unseen', async () => {
  const key = new Uint8Array(32).fill(0xef)
  let deliver: () => void = () => {}
  const app = mount('en', ready, {
    exportPrivateKey: ({ chainId }) =>
      new Promise((resolve) => {
        deliver = () => resolve({ chainId, address: '0xabc', privateKey: key })
      }),
  })
  const go = await confirmExport(app)
  go().click()
  await shown(() => expect(go().getAttribute('aria-busy')).toBe('true'))
  app.button('Back')?.click()
  await shown(() => expect(app.store.get().overlay).toBeUndefined())
  deliver()
  await shown(() => expect(key.every((b) => b === 0)).toBe(true))
  expect(app.root.textContent).not.toContain('efef')
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
    await shown(() => expect(app.labelled(label)).toBeDefined())
    const input = app.labelled(label) as HTMLInputElement
    const problem = () => app.root.querySelector('#passphrase-problem')?.textContent ?? ''
    const buttons = () =>
      [...app.root.querySelectorAll('form')][0]?.querySelectorAll('.row button') ?? []
    expect(problem()).toBe('')
    expect(input.getAttribute('aria-describedby')).toContain('passphrase-problem')
    app.type(input, 'abcdefghi')
    await shown(() => expect(problem()).toBe(short))
    expect([...buttons()].every((b) => (b as HTMLButtonElement).disabled)).toBe(true)
    // Ten characters pass the old rule; the engine's needs five different ones.
    app.type(input, 'abababababab')
    await shown(() => expect(problem()).toBe(repetitive))
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect([...buttons()].every((b) => (b as HTMLButtonElement).disabled)).toBe(true)
    app.type(input, 'abcdeabcde')
    await shown(() => expect(problem()).toBe(''))
    expect(buttons().length).toBeGreaterThan(0)
    expect([...buttons()].every((b) => !(b as HTMLButtonElement).disabled)).toBe(true)
    expect(asked).toEqual([])
    app.button(qrButton)?.click()
    await shown(() => expect(asked).toEqual(['abcdeabcde']))
    document.body.textContent = ''
  }
})

/** WCAG contrast of two computed `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

test('passcode: set in Settings, asked by the unlock screen; both languages, light and dark', async () => {
  const cases = [
    {
      locale: 'en',
      settings: 'Settings',
      next: 'New passcode',
      repeat: 'New passcode again',
      current: 'Current passcode',
      set: 'Set a passcode',
      weak: 'not a straight run like 123456',
      mismatch: 'The two new passcodes differ',
      saved: 'Passcode saved',
      unlockTitle: 'Enter your passcode',
      field: 'Passcode',
      unlock: 'Unlock',
      wrong: 'That passcode is not right',
    },
    {
      locale: 'zh-CN',
      settings: '设置',
      next: '新密码',
      repeat: '再次输入新密码',
      current: '当前密码',
      set: '设置密码',
      weak: '123456 这样的连续序列',
      mismatch: '两次输入的新密码不一致',
      saved: '密码已保存',
      unlockTitle: '输入密码',
      field: '密码',
      unlock: '解锁',
      wrong: '密码不正确',
    },
  ] as const
  for (const c of cases) {
    const storage = memory()
    const changes: unknown[] = []
    const app = mount(
      c.locale,
      ready,
      { changePasscode: async (input) => void changes.push(input) },
      storage,
    )
    await app.boot()
    await shown(() => expect(app.button(c.settings)).toBeDefined())
    app.button(c.settings)?.click()
    await shown(() => expect(app.button(c.set)).toBeDefined())
    // No passcode yet: no "current" field.
    expect(app.labelled(c.current)).toBeUndefined()
    // act(): the form re-renders with the typed values before the next click.
    const fill = (next: string, repeat: string) =>
      act(() => {
        app.type(app.labelled(c.repeat) as HTMLInputElement, repeat)
        const field = [...app.root.querySelectorAll('label')].find(
          (l) => l.textContent?.startsWith(c.next) && !l.textContent.startsWith(c.repeat),
        )
        app.type(field?.querySelector('input') as HTMLInputElement, next)
      })
    const alert = () => app.root.querySelector('[role="alert"]')?.textContent ?? ''
    fill('123456', '123456')
    await shown(() => expect(app.button(c.set)?.disabled).toBe(false))
    app.button(c.set)?.click()
    await shown(() => expect(alert()).toContain(c.weak))
    fill('open sesame', 'open sesamE')
    app.button(c.set)?.click()
    await shown(() => expect(alert()).toContain(c.mismatch))
    fill('open sesame', 'open sesame')
    app.button(c.set)?.click()
    await shown(() => expect(app.root.textContent).toContain(c.saved))
    expect(changes).toEqual([{ next: 'open sesame' }])
    // Now a passcode is set: the form asks for the current one.
    await shown(() => expect(app.labelled(c.current)).toBeDefined())
    document.body.textContent = ''

    // The next start: the unlock screen, before the vault is tried.
    const starts: (string | undefined)[] = []
    const locked = mount(
      c.locale,
      ready,
      {
        start: async (passcode) => {
          starts.push(passcode)
          if (passcode !== 'open sesame')
            throw Object.assign(new Error('the passcode does not unlock vault "v"'), {
              name: 'WrongPasscodeError',
            })
        },
      },
      storage,
    )
    await locked.boot()
    expect(starts).toEqual([])
    await shown(() => expect(locked.root.querySelector('#unlock-title')).not.toBeNull())
    const heading = locked.root.querySelector('#unlock-title') as HTMLElement
    expect(heading.textContent).toBe(c.unlockTitle)
    const field = locked.labelled(c.field) as HTMLInputElement
    expect(document.activeElement).toBe(field)
    expect(field.type).toBe('password')
    for (const theme of ['light', 'dark']) {
      document.documentElement.dataset.theme = theme
      const body = getComputedStyle(document.body)
      expect(contrast(getComputedStyle(heading).color, body.backgroundColor)).toBeGreaterThan(7)
      const hint = locked.root.querySelector('#unlock-title ~ .hint') as HTMLElement
      expect(contrast(getComputedStyle(hint).color, body.backgroundColor)).toBeGreaterThan(4.5)
    }
    const dark = getComputedStyle(document.body).backgroundColor
    document.documentElement.dataset.theme = 'light'
    expect(getComputedStyle(document.body).backgroundColor).not.toBe(dark)
    delete document.documentElement.dataset.theme
    act(() => locked.type(field, 'open sesam'))
    await shown(() => expect(locked.button(c.unlock)?.disabled).toBe(false))
    locked.button(c.unlock)?.click()
    await shown(() =>
      expect(locked.root.querySelector('[role="alert"]')?.textContent).toContain(c.wrong),
    )
    expect(locked.root.querySelector('#unlock-title')).not.toBeNull()
    act(() => locked.type(locked.labelled(c.field) as HTMLInputElement, 'open sesame'))
    locked.button(c.unlock)?.click()
    await shown(() => expect(locked.root.querySelector('#unlock-title')).toBeNull())
    expect(starts).toEqual(['open sesam', 'open sesame'])
    document.body.textContent = ''
  }
})

test('Telegram Cloud backup on the recovery screen: missing, then loaded and recovered; both languages', async () => {
  for (const c of [
    {
      locale: 'en',
      entry: 'Recover on a new device',
      cloud: 'Load the backup file from Telegram Cloud',
      missing: 'No backup file was found in Telegram Cloud',
      passphrase: 'Backup passphrase',
      start: 'Recover from the file',
      wrong: 'does not open with that passphrase',
    },
    {
      locale: 'zh-CN',
      entry: '在新设备上恢复',
      cloud: '从 Telegram 云端载入备份文件',
      missing: '在 Telegram 云端没有找到此账户的备份文件',
      passphrase: '备份密码',
      start: '用备份文件恢复',
      wrong: '此备份无法用该密码打开',
    },
  ] as const) {
    // CloudStorage as the platform adapter sees it: a key–value store with Telegram's limits.
    const cloud = new Map<string, string>()
    const storage = {
      get: async (key: string) => cloud.get(key),
      set: async (key: string, value: string) => void cloud.set(key, value),
      delete: async (key: string) => void cloud.delete(key),
    }
    const platform = {
      name: 'telegram',
      adapter: { storage, limits: TELEGRAM_LIMITS, haptic: () => undefined },
      webApp: {},
      providers: ['telegram'],
      codeWaiting: false,
      vaultSecret: async () => undefined,
      secretStore: async () => undefined,
    } as unknown as AppPlatform
    const recovered: unknown[] = []
    const app = mount(
      c.locale,
      { status: 'needsOnboarding', identity: 'tg:42' },
      {
        recover: async (input) => {
          recovered.push(input)
          if ('passphrase' in input && input.passphrase !== 'the right passphrase')
            throw Object.assign(new Error('the backup does not open'), {
              name: 'WalletError',
              code: 'WrongBackup',
            })
        },
      },
      memory(),
      platform,
    )
    await app.boot()
    await shown(() => expect(app.button(c.entry)).toBeDefined())
    app.button(c.entry)?.click()
    await shown(() => expect(app.button(c.cloud)).toBeDefined())
    app.button(c.cloud)?.click()
    await shown(() =>
      expect(app.root.querySelector('[role="alert"]')?.textContent).toContain(c.missing),
    )
    const blob = (curve: string) => ({
      curve,
      kdf: { alg: 'argon2id', t: 2, m: 19456, p: 1 },
      ciphertext: { b64: 'C'.repeat(5000) },
    })
    const file = new TextEncoder().encode(
      JSON.stringify({ v: 1, secp256k1: blob('secp256k1'), ed25519: blob('ed25519') }),
    )
    await saveCloudBackup(storage, TELEGRAM_LIMITS, 'tessera_backup', file)
    app.button(c.cloud)?.click()
    await shown(() => expect(app.labelled(c.passphrase)).toBeDefined())
    const field = app.labelled(c.passphrase) as HTMLInputElement
    expect(field.type).toBe('password')
    act(() => app.type(field, 'a wrong passphrase'))
    app.button(c.start)?.click()
    await shown(() =>
      expect(app.root.querySelector('[role="alert"]')?.textContent).toContain(c.wrong),
    )
    act(() => app.type(app.labelled(c.passphrase) as HTMLInputElement, 'the right passphrase'))
    app.button(c.start)?.click()
    await shown(() => expect(app.store.get().notice?.key).toBe('recover.done'))
    expect(recovered.at(-1)).toMatchObject({ file, passphrase: 'the right passphrase' })
    document.body.textContent = ''
  }
})
