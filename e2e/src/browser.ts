/**
 * Debian's Chromium through playwright-core, as QA drives it: a desktop context for the dapp and
 * a phone-sized one for the signer. `launchChromium` connects to the one Chromium the global setup
 * launched for every flow (each flow's pages live in browser contexts of their own, so flows share
 * no cookies, storage or IndexedDB); its `close()` closes that flow's contexts and disconnects. On a failed flow, `saveEvidence` writes a screenshot and the
 * browser console of every page to `e2e/artifacts/<flow>/` (git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, chromium, devices, type Page } from 'playwright-core'
import { inject } from 'vitest'
import { chromiumArgs, chromiumPath } from '../../vite.config.ts'

export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts')

/** The shared Chromium (a connection of this flow's own); a browser of its own without one. */
export async function launchChromium(): Promise<Browser> {
  const shared = inject('chromium')
  if (shared !== undefined) return chromium.connect(shared)
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true })
}

export interface WatchedPage {
  page: Page
  console: string[]
}

/** A page whose console and page errors are recorded. */
export function watch(page: Page): WatchedPage {
  const lines: string[] = []
  page.on('console', (message) => lines.push(`[${message.type()}] ${message.text()}`))
  page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`))
  return { page, console: lines }
}

export async function desktopPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  return watch(await context.newPage())
}

export async function phonePage(browser: Browser): Promise<WatchedPage> {
  const { defaultBrowserType: _ignored, ...phone } = devices['Pixel 7'] ?? {}
  const context = await browser.newContext(phone)
  return watch(await context.newPage())
}

/** Screenshot and console of each page, for a flow that failed. */
export async function saveEvidence(
  flow: string,
  pages: Record<string, WatchedPage>,
): Promise<void> {
  const dir = join(ARTIFACTS, flow.replace(/[^A-Za-z0-9_-]+/g, '-'))
  mkdirSync(dir, { recursive: true })
  for (const [name, { page, console }] of Object.entries(pages)) {
    writeFileSync(join(dir, `${name}.console.txt`), `${console.join('\n')}\n`)
    if (!page.isClosed()) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
  }
}
