/**
 * Shared Vite / Vitest settings for the whole workspace.
 *
 * Two test projects run in one `vitest run`:
 * - `node`: every `*.test.ts` (pure code, servers, storage, integration);
 * - `browser`: every `*.browser.test.ts`, in headless Debian Chromium driven by Playwright
 *   (Web Workers, IndexedDB, WebCrypto, EIP-6963 events need a real browser).
 * Workspace packages resolve to their TypeScript sources through the `source` export condition.
 */
import { existsSync } from 'node:fs'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'

/** Debian's Chromium; `TESSERA_CHROMIUM` points elsewhere when it lives in another place. */
export const chromiumPath = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium'

/** Flags that keep a root, sandboxed, offline Chromium quiet and deterministic. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const browserAvailable = existsSync(chromiumPath)

/**
 * Third-party modules that code under browser test imports (directly or in a Worker). The root
 * package.json lists them as devDependencies so Vite can resolve them from here.
 */
const browserDependencies = [
  'idb-keyval',
  'comlink',
  'viem',
  'viem/accounts',
  'viem/actions',
  'viem/chains',
  '@wagmi/core',
  '@noble/curves/ed25519.js',
  '@noble/curves/secp256k1.js',
  '@noble/curves/utils.js',
  '@noble/hashes/blake2.js',
  '@noble/hashes/hkdf.js',
  '@noble/hashes/hmac.js',
  '@noble/hashes/sha2.js',
  '@noble/hashes/sha3.js',
  '@noble/hashes/utils.js',
  '@noble/ciphers/chacha.js',
  'uqr',
  'jsqr',
  '@noble/hashes/argon2.js',
  '@scure/base',
  // The wallet engine's Worker and backup (packages/signer): found late, they reloaded the page.
  '@noble/curves/abstract/curve.js',
  '@noble/curves/abstract/hash-to-curve.js',
  '@noble/hashes/legacy.js',
  '@scure/bip39',
  '@scure/bip39/wordlists/english.js',
  'comlink/dist/esm/node-adapter.mjs',
  // The signer app's screen tests flush renders with act(): found late, it reloaded the page.
  'preact/test-utils',
]

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  // Vitest's own environment runs `globalSetup` files (the browser project's relay, which imports
  // @tessera/protocol): it resolves workspace packages to their sources too.
  environments: { __vitest__: { resolve: { conditions: ['source'] } } },
  test: {
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/**/*.test.ts',
            'relay/**/*.test.ts',
            'demos/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/dist/**', '**/*.browser.test.ts'],
          // Generous, not a retry: the e2e tests run real OT setups (seconds of CPU each) while
          // other test files share the machine's two cores. A hang still fails.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // End-to-end flows: Chromium pages (playwright-core) against the stack `npm start` runs,
          // started once for every flow by the global setup. Flows share it, so they run one file
          // at a time; each waits for page states and events, never for a fixed time. One worker
          // runs every file without a fresh module graph each (`isolate: false`): the flows' imports
          // (viem, the SDK's sources, playwright-core) load once, not once per file. Flows keep
          // their state in browser contexts and test-file variables of their own.
          name: 'e2e',
          environment: 'node',
          include: ['e2e/src/**/*.e2e.test.ts'],
          globalSetup: ['e2e/src/stack.globalSetup.ts'],
          fileParallelism: false,
          isolate: false,
          testTimeout: 180_000,
          hookTimeout: 240_000,
          expect: { poll: { timeout: 60_000, interval: 100 } },
        },
      },
      {
        extends: true,
        // Pre-bundle up front what browser tests and their workers import: a dependency found
        // only while tests run makes Vite re-optimise and reload the page mid-run.
        optimizeDeps: { include: browserDependencies },
        test: {
          name: 'browser',
          // A relay in the Node process for browser tests that pair in the page (URL via inject).
          // The co-signer process for wallet-engine tests, started on first use (URL via inject).
          globalSetup: [
            'packages/provider/test/relay.globalSetup.ts',
            'packages/signer/src/test/cosigner.globalSetup.ts',
          ],
          include: ['packages/**/*.browser.test.ts', 'demos/**/*.browser.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: browserAvailable
                ? { executablePath: chromiumPath, args: chromiumArgs }
                : { args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
})
