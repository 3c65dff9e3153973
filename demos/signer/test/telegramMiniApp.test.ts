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
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodeStartParam } from '@tessera/signer'
import { build } from 'esbuild'
import { type Hex, verifyMessage } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { signInitData } from '../../../packages/signer/src/platform/test/fakeTelegram.ts'
import { type AppStack, openDappPairing, PHONE, startAppStack } from './appStack.ts'

const app = join(dirname(fileURLToPath(import.meta.url)), '..')
const BOT_TOKEN = '7000000001:TEST-mini-app-token'

let stack: AppStack
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
  ;[stack, fakeScript] = await Promise.all([
    startAppStack({
      name: 'tma',
      cosigner: { telegramBotToken: BOT_TOKEN },
      env: { VITE_TESSERA_CHAINS_TELEGRAM: 'eip155:1' },
    }),
    bundleFake(),
  ])
}, 240_000)

afterAll(() => stack?.close(), 60_000)

test('logs in with signed initData, keeps its wrapping secret in SecureStorage, pairs from startapp', async () => {
  const { dappRelay, pairing } = await openDappPairing(stack.relay, 'Mini App test dapp')
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
  const context = await stack.browser.newContext(PHONE)
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
    await page.goto(stack.origin)
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
