/**
 * Test-only: the signer app's stack as its Chromium tests run it — the co-signer in-process on
 * PGlite (in a fresh temp directory), a real relay, the app served by Vite with the co-signer's
 * and the relay's URLs, and Chromium (playwright-core) — plus a dapp in this process that opens a
 * pairing on that relay, and a phone's browser context options. Each test file starts its own
 * stack and closes it; nothing is shared between files.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SESSION_METHODS } from '@tessera/protocol'
import { type Browser, chromium } from 'playwright-core'
import { createServer, type ViteDevServer } from 'vite'
import { openDappPairing as openPairing } from '../../../packages/core/src/testing/dappPairing.ts'
import {
  type RelayHarness,
  startRelayHarness,
} from '../../../packages/core/src/testing/relayHarness.ts'
import {
  type RunningCosigner,
  type StartOptions,
  startCosigner,
} from '../../../packages/cosigner/src/index.ts'

const app = join(dirname(fileURLToPath(import.meta.url)), '..')
const CHROMIUM = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium'

/** A phone's viewport, as `browser.newContext(PHONE)`. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const

export interface AppStack {
  readonly cosigner: RunningCosigner
  readonly relay: RelayHarness
  readonly vite: ViteDevServer
  readonly browser: Browser
  /** The app's origin, without a trailing slash. */
  readonly origin: string
  close(): Promise<void>
}

/**
 * Starts the stack: `cosigner` adds to the co-signer's start options (login platforms, admin
 * token), `env` to the app's `VITE_TESSERA_*` variables (its chains).
 */
export async function startAppStack(options: {
  readonly name: string
  readonly cosigner: StartOptions
  readonly env: Readonly<Record<string, string>>
}): Promise<AppStack> {
  const dataDir = mkdtempSync(join(tmpdir(), `signer-${options.name}-`))
  // What started so far, closed in reverse order (also when a later part fails to start).
  const closers: (() => unknown)[] = [() => rmSync(dataDir, { recursive: true, force: true })]
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer()
  }
  try {
    const [cosigner, relay] = await Promise.all([
      startCosigner({
        port: 0,
        dataDir: join(dataDir, 'cosigner'),
        logLevel: 'error',
        ...options.cosigner,
      }),
      startRelayHarness(),
    ])
    closers.push(
      () => cosigner.close(),
      () => relay.dispose(),
    )
    Object.assign(process.env, {
      VITE_TESSERA_COSIGNER_URL: cosigner.url,
      VITE_TESSERA_RELAY_URL: relay.url,
      VITE_TESSERA_DEV_LOGIN_URL: '',
      VITE_TESSERA_TELEGRAM_SDK_URL: '',
      ...options.env,
    })
    const vite = await createServer({
      root: app,
      configFile: join(app, 'vite.config.ts'),
      logLevel: 'error',
      server: { port: 0, host: '127.0.0.1', strictPort: false },
    })
    closers.push(() => vite.close())
    await vite.listen()
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    })
    closers.push(() => browser.close())
    const origin = (vite.resolvedUrls?.local[0] ?? '').replace(/\/$/, '')
    return { cosigner, relay, vite, browser, origin, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** A dapp in this process: its relay client and a pairing offering eip155:1, named `name`. */
export const openDappPairing = (relay: RelayHarness, name: string) =>
  openPairing(relay.url, {
    metadata: { name },
    origin: 'https://dapp.example',
    chains: ['eip155:1'],
    methods: SESSION_METHODS,
    ttlSeconds: 900,
  })
