#!/usr/bin/env node
/**
 * The signer app's size and time to interactive. Builds the app with Vite (production, into a
 * temporary folder), reports the INITIAL JS and CSS — what index.html loads: the entry, its
 * modulepreload chunks and stylesheets — minified and gzipped (level 9, each file as served), the
 * Worker and the lazy chunks beside it; then serves the build on loopback and opens it in Chromium
 * (playwright-core, Debian's chromium or TESSERA_CHROMIUM) at a phone viewport with the CPU
 * throttled 4× (CDP `Emulation.setCPUThrottlingRate`), `--runs N` times (5 by default), each in a
 * fresh profile (cold cache, empty storage), and prints the median and the range.
 *
 * Time to interactive, per run: the later of (a) the moment the first enabled button appears in
 * the app's <main> (the login screen: the app booted, opened its vault in the Worker and loaded
 * the wallet state) and (b) the end of the last long task (> 50 ms, PerformanceObserver
 * `longtask`) before a 1 s window without any — the usual TTI reading, measured in the page from
 * navigation start. The co-signer's Noise key is pinned at build time and the development login
 * URL set, so start-up makes no network call beyond this server (no co-signer needs to run).
 *
 *   pnpm --filter @tessera/demo-signer measure [-- --runs 9]
 */
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, extname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const app = join(dirname(fileURLToPath(import.meta.url)), '..')
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5
const THROTTLE = 4
const CHROMIUM = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium'

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Builds into a temporary folder with a pinned co-signer key and a development login URL. */
async function buildApp(outDir) {
  process.env.VITE_TESSERA_COSIGNER_NOISE_KEY ??= 'A'.repeat(43)
  process.env.VITE_TESSERA_DEV_LOGIN_URL ??= 'http://127.0.0.1:9/'
  process.env.VITE_TESSERA_TELEGRAM_SDK_URL ??= ''
  const { build } = await import('vite')
  await build({
    root: app,
    configFile: join(app, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
}

function sizes(outDir) {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8')
  const initial = new Set()
  for (const match of html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)) initial.add(match[1])
  const files = []
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (/\.(js|css)$/.test(name)) files.push(relative(outDir, path))
    }
  }
  walk(outDir)
  const rows = files.map((file) => {
    const bytes = readFileSync(join(outDir, file))
    return {
      file,
      kind: initial.has(file) ? 'initial' : /worker/i.test(file) ? 'worker' : 'lazy',
      min: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
    }
  })
  const sum = (filter) =>
    rows
      .filter(filter)
      .reduce((t, r) => ({ min: t.min + r.min, gzip: t.gzip + r.gzip }), { min: 0, gzip: 0 })
  return {
    rows,
    initialJs: sum((r) => r.kind === 'initial' && r.file.endsWith('.js')),
    initialCss: sum((r) => r.kind === 'initial' && r.file.endsWith('.css')),
    worker: sum((r) => r.kind === 'worker'),
    lazy: sum((r) => r.kind === 'lazy'),
  }
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

function serve(outDir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    let file = join(outDir, path)
    if (!file.startsWith(outDir) || !existsSync(file) || statSync(file).isDirectory())
      file = join(outDir, 'index.html')
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port })),
  )
}

/** Recorded in the page from navigation start: long tasks and the first enabled button in <main>. */
const PROBE = () => {
  const probe = { longTasks: [], interactiveAt: undefined }
  window.__probe = probe
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push(entry.startTime + entry.duration)
  }).observe({ type: 'longtask', buffered: true })
  new MutationObserver(() => {
    if (probe.interactiveAt === undefined && document.querySelector('main button:not([disabled])'))
      probe.interactiveAt = performance.now()
  }).observe(document, { subtree: true, childList: true, attributes: true })
}

async function timeToInteractive(browser, url) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
  })
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
    await page.addInitScript(PROBE)
    await page.goto(url)
    await page.waitForFunction(() => window.__probe.interactiveAt !== undefined, null, {
      timeout: 120_000,
      polling: 50,
    })
    // Quiet window: no long task ended in the last second (bounded wait).
    await page.waitForFunction(
      () => {
        const last = Math.max(0, ...window.__probe.longTasks)
        return performance.now() - Math.max(last, window.__probe.interactiveAt) >= 1000
      },
      null,
      { timeout: 60_000, polling: 100 },
    )
    return await page.evaluate(() => {
      const { interactiveAt, longTasks } = window.__probe
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime
      const lastLong = Math.max(0, ...longTasks.filter((end) => end <= performance.now()))
      return { tti: Math.max(interactiveAt, lastLong), interactiveAt, fcp: fcp ?? Number.NaN }
    })
  } finally {
    await context.close()
  }
}

const outDir = mkdtempSync(join(tmpdir(), 'tessera-signer-build-'))
try {
  await buildApp(outDir)
  const s = sizes(outDir)
  console.log('signer app bundle (vite build, min / min+gzip -9):')
  console.log(
    `  initial JS   ${kb(s.initialJs.min).padStart(10)}  ${kb(s.initialJs.gzip).padStart(10)}`,
  )
  console.log(
    `  initial CSS  ${kb(s.initialCss.min).padStart(10)}  ${kb(s.initialCss.gzip).padStart(10)}`,
  )
  console.log(
    `  Worker       ${kb(s.worker.min).padStart(10)}  ${kb(s.worker.gzip).padStart(10)}  (loaded at start, in parallel)`,
  )
  console.log(
    `  lazy chunks  ${kb(s.lazy.min).padStart(10)}  ${kb(s.lazy.gzip).padStart(10)}  (on first use)`,
  )
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({
    executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  })
  const { server, port } = await serve(outDir)
  try {
    const results = []
    for (let i = 0; i < RUNS; i++)
      results.push(await timeToInteractive(browser, `http://127.0.0.1:${port}/`))
    const tti = results.map((r) => r.tti)
    const fcp = results.map((r) => r.fcp)
    console.log(`time to interactive, CPU ${THROTTLE}× throttled, ${RUNS} cold runs at 390×844:`)
    console.log(
      `  TTI median ${median(tti).toFixed(0)} ms (min ${Math.min(...tti).toFixed(0)}, max ${Math.max(...tti).toFixed(0)})`,
    )
    console.log(`  FCP median ${median(fcp).toFixed(0)} ms`)
  } finally {
    server.close()
    await browser.close()
  }
} finally {
  rmSync(outDir, { recursive: true, force: true })
}
