#!/usr/bin/env node
/**
 * Writes a PNG of every connect-modal state (waiting, paired, expired, error) in both languages
 * and both themes to `packages/modal/screenshots/` (git-ignored), for review by eye. Bundles the
 * modal from its sources with esbuild, loads it into a small dapp-like page in headless Chromium
 * (playwright-core; `TESSERA_CHROMIUM` or /usr/bin/chromium) and opens it with every deep link
 * configured. Offline: the page is set from memory. Usage: `node packages/modal/scripts/screenshots.mjs [dir]`.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const modalDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = resolve(process.argv[2] ?? join(modalDir, 'screenshots'))
const executablePath = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium'

const entry = `
import { buildPairingUri } from '@tessera/protocol'
import { openConnectModal } from './src/index.ts'

window.showModal = ({ locale, theme, state }) => {
  document.querySelector('tessera-connect-modal')?.remove()
  const uri = buildPairingUri({
    topic: '5f'.repeat(32),
    relay: 'wss://relay.example',
    key: new Uint8Array(32).fill(42),
    exp: Math.floor(Date.now() / 1000) + 300,
    name: 'Demo dapp',
    origin: 'https://dapp.example',
  })
  const modal = openConnectModal({
    uri,
    locale,
    theme,
    links: {
      signer: 'https://signer.example',
      telegram: { bot: 'TesseraBot', app: 'wallet' },
      wechat: { appId: 'wx0123456789abcdef', path: 'pages/pair/index' },
      alipay: { appId: '2021004123456789', page: 'pages/pair/index' },
    },
    onRefresh: () => {},
  })
  if (state === 'error') {
    modal.setState('error', {
      message: locale === 'en' ? 'The relay is unreachable.' : '无法连接中继服务器。',
    })
  } else if (state !== 'waiting') modal.setState(state)
}
`

const { outputFiles } = await build({
  stdin: { contents: entry, resolveDir: modalDir, loader: 'ts', sourcefile: 'screenshots.ts' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['source'],
  write: false,
  logLevel: 'silent',
})
const script = outputFiles[0]?.text ?? ''

// A page with styles of its own, to show they stay outside the modal.
const page = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { font: 16px Georgia, serif; color: #402; background: #fdf6e3; margin: 0; padding: 24px; }
  button { background: hotpink; border: 4px dashed red; }
</style></head><body><h1>A dapp</h1><p>Some page content behind the modal.</p>
<button>Connect</button><script type="module">${script.replaceAll('</script', '<\\/script')}</script></body></html>`

mkdirSync(outDir, { recursive: true })
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
})
try {
  const written = []
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({
      viewport: { width: 480, height: 860 },
      deviceScaleFactor: 1,
      colorScheme,
    })
    const tab = await context.newPage()
    await tab.setContent(page, { waitUntil: 'load' })
    await tab.waitForFunction(() => typeof window.showModal === 'function')
    for (const locale of ['en', 'zh-CN']) {
      for (const state of ['waiting', 'paired', 'expired', 'error']) {
        // theme 'auto': the colour scheme comes from prefers-color-scheme, as on a real page.
        await tab.evaluate((options) => window.showModal(options), {
          locale,
          theme: 'auto',
          state,
        })
        const file = join(outDir, `${state}-${locale}-${colorScheme}.png`)
        await tab.screenshot({ path: file })
        written.push(file)
      }
    }
    await context.close()
  }
  console.log(`${written.length} screenshots in ${outDir}`)
} finally {
  await browser.close()
}
