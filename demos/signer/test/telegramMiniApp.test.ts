/**
 * The signer app as a Telegram Mini App, in Chromium (playwright-core) at a phone viewport, with a
 * mocked Telegram environment: the fake `Telegram.WebApp` of @tessera/signer's platform tests
 * (built from Telegram's documented behaviour: CloudStorage/SecureStorage/DeviceStorage limits,
 * haptics, links) installed before the page's scripts, and an `initData` signed with a bot token
 * as Telegram signs it. Real parts otherwise: the co-signer in-process on PGlite configured with
 * that bot token (it verifies the HMAC), a real relay, the app served by Vite, and a dapp in this
 * process whose pairing URI arrives as the Mini App's `startapp` parameter.
 *
 * It shows: login with the signed initData; the vault's wrapping secret (and the co-signer
 * session) in SecureStorage, nothing secret in CloudStorage; onboarding; pairing from `startapp`
 * established on both ends; haptics on approve (personal_sign, verified by the dapp).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createMemorySessionStore, createPairing, createRelayClient } from '@tessera/core'
import { createTestIdentity } from '@tessera/core/testing/testIdentity'
import { SESSION_METHODS } from '@tessera/protocol'
import { encodeStartParam } from '@tessera/signer'
import { build } from 'esbuild'
import { type Browser, chromium } from 'playwright-core'
import { type Hex, verifyMessage } from 'viem'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  NodeWebSocket,
  type RelayHarness,
  startRelayHarness,
} from '../../../packages/core/src/testing/relayHarness.ts'
import { type RunningCosigner, startCosigner } from '../../../packages/cosigner/src/index.ts'
import { signInitData } from '../../../packages/signer/src/platform/test/fakeTelegram.ts'

const here = dirname(fileURLToPath(import.meta.url))
const app = join(here, '..')
const BOT_TOKEN = '7000000001:TEST-mini-app-token'
const CHROMIUM = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium'

let dataDir: string
let cosigner: RunningCosigner
let relay: RelayHarness
let vite: ViteDevServer
let browser: Browser
let fakeScript: string

/** The fake Telegram.WebApp as a page script (node:crypto, used only by signInitData, stubbed). */
async function bundleFake(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { fakeTelegram } from './fakeTelegram.ts'
        window.__installTelegram = (options) => {
          const fake = fakeTelegram(options)
          window.__tg = fake
          window.Telegram = { WebApp: fake.webApp }
        }`,
      resolveDir: join(app, '../../packages/signer/src/platform/test'),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    plugins: [
      {
        name: 'no-node-crypto',
        setup(b) {
          b.onResolve({ filter: /^node:crypto$/ }, () => ({ path: 'crypto', namespace: 'stub' }))
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
            contents: 'export const createHmac = () => { throw new Error("not in the page") }',
          }))
        },
      },
    ],
  })
  return result.outputFiles[0]?.text ?? ''
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'signer-tma-'))
  ;[cosigner, relay, fakeScript] = await Promise.all([
    startCosigner({
      port: 0,
      dataDir: join(dataDir, 'cosigner'),
      logLevel: 'error',
      telegramBotToken: BOT_TOKEN,
    }),
    startRelayHarness(),
    bundleFake(),
  ])
  Object.assign(process.env, {
    VITE_TESSERA_COSIGNER_URL: cosigner.url,
    VITE_TESSERA_RELAY_URL: relay.url,
    VITE_TESSERA_DEV_LOGIN_URL: '',
    VITE_TESSERA_TELEGRAM_SDK_URL: '',
    VITE_TESSERA_CHAINS_TELEGRAM: 'eip155:1',
  })
  vite = await createServer({
    root: app,
    configFile: join(app, 'vite.config.ts'),
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1', strictPort: false },
  })
  await vite.listen()
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await vite?.close()
  await relay?.dispose()
  await cosigner?.close()
  rmSync(dataDir, { recursive: true, force: true })
}, 60_000)

test('logs in with signed initData, keeps its wrapping secret in SecureStorage, pairs from startapp', async () => {
  const dappRelay = createRelayClient({
    url: relay.url,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
  })
  const pairing = await createPairing({
    relay: dappRelay,
    store: createMemorySessionStore(),
    metadata: { name: 'Mini App test dapp' },
    origin: 'https://dapp.example',
    chains: ['eip155:1'],
    methods: SESSION_METHODS,
    ttlSeconds: 900,
  })
  const startParam = encodeStartParam(pairing.uri)
  const initData = signInitData(
    {
      auth_date: String(Math.floor(Date.now() / 1000)),
      query_id: 'AAH-test',
      user: JSON.stringify({ id: 4242, first_name: 'Ada', language_code: 'en' }),
      start_param: startParam,
    },
    BOT_TOKEN,
  )
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  })
  try {
    await context.addInitScript({ content: fakeScript })
    await context.addInitScript(
      ({ initData, startParam }) =>
        (window as unknown as { __installTelegram(o: unknown): void }).__installTelegram({
          initData,
          startParam,
          version: '9.1',
        }),
      { initData, startParam },
    )
    const page = await context.newPage()
    const address = vite.resolvedUrls?.local[0] ?? ''
    await page.goto(address)
    await expect
      .poll(() => page.locator('html').getAttribute('data-platform'), { timeout: 120_000 })
      .toBe('telegram')

    // Login with the signed initData: the co-signer verifies it.
    await page.getByRole('button', { name: 'Continue with Telegram' }).click({ timeout: 120_000 })
    await page.getByRole('button', { name: 'Create wallet' }).waitFor({ timeout: 60_000 })
    const secure = () =>
      page.evaluate(() =>
        [
          ...(
            window as unknown as { __tg: { secureItems: Map<string, string> } }
          ).__tg.secureItems.keys(),
        ].sort(),
      )
    expect(await secure()).toContain('tessera_vault_secret')
    expect((await secure()).length).toBeGreaterThanOrEqual(2) // + the co-signer session
    const cloud = await page.evaluate(() =>
      Object.fromEntries(
        (window as unknown as { __tg: { cloud: Map<string, string> } }).__tg.cloud,
      ),
    )
    expect(Object.keys(cloud)).not.toContain('tessera_vault_secret')
    expect(JSON.stringify(cloud)).not.toMatch(/"token"/)

    // Onboarding (DKG with the co-signer), then the backup is deferred.
    await page.getByRole('button', { name: 'Create wallet' }).click()
    await page.getByRole('button', { name: 'Remind me later' }).click({ timeout: 150_000 })

    // The startapp pairing waits on the pair screen.
    await page.getByText('Mini App test dapp').waitFor({ timeout: 30_000 })
    const [session] = await Promise.all([
      pairing.approved,
      page.getByRole('button', { name: 'Connect', exact: true }).first().click(),
    ])
    await page.getByText('Mini App test dapp').first().waitFor()

    // A personal_sign approved in the Mini App: the dapp verifies it; the approval buzzes.
    const accounts = (session.accounts['eip155:1'] ?? []) as Hex[]
    expect(accounts).toHaveLength(1)
    const message = 'Hello from the Mini App test'
    const signing = session.request({
      method: 'personal_sign',
      chainId: 'eip155:1',
      params: [`0x${Buffer.from(message).toString('hex')}`, accounts[0]],
    }) as Promise<Hex>
    await page.getByRole('button', { name: /^Approve$/ }).click({ timeout: 60_000 })
    const signature = await signing
    expect(await verifyMessage({ address: accounts[0] as Hex, message, signature })).toBe(true)
    const haptics = await page.evaluate(
      () => (window as unknown as { __tg: { haptics: string[] } }).__tg.haptics,
    )
    expect(haptics).toContain('success')
    session.detach()
  } finally {
    await context.close()
    await dappRelay.close()
  }
}, 420_000)
