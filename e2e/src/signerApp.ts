/**
 * Steps on the signer app (demos/signer) as a person takes them at a phone viewport: log in with
 * the development OIDC login, create the wallet while watching the progress bar, keep the backup
 * by the phrase check, read the addresses; and `shoot`, which saves a screenshot of the current
 * screen in English and in Chinese to `e2e/artifacts/screens/` (git-ignored).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { ARTIFACTS } from './browser.ts'

export const SCREENS = join(ARTIFACTS, 'screens')

/**
 * Screenshots the current screen in both languages (switching with the header's button), at CSS
 * pixels: the phone's device pixel ratio would make each PNG about seven times larger and slower
 * to encode on a loaded machine.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true })
  await page.screenshot({ path: join(SCREENS, `${name}.en.png`), fullPage: true, scale: 'css' })
  await page.getByRole('button', { name: '切换到简体中文' }).click()
  await page.locator('html[lang="zh-CN"]').waitFor()
  await page.screenshot({ path: join(SCREENS, `${name}.zh-CN.png`), fullPage: true, scale: 'css' })
  await page.getByRole('button', { name: 'Switch to English' }).click()
  await page.locator('html[lang="en"]').waitFor()
}

/** From the login screen through the dev-login page back to the app, as `user`. */
export async function devLogin(page: Page, user: string): Promise<void> {
  await page.getByRole('button', { name: 'Log in (development login)' }).click()
  await page.getByLabel('Test user').fill(user)
  await page.getByRole('button', { name: 'Log in as test user' }).click()
}

/**
 * Creates the wallet and returns what the progress screen showed: every value the bar took and
 * every text of the elapsed-seconds counter, recorded by a MutationObserver (not by polling, so a
 * loaded machine misses none), and how long the screen was up (`screens`: saves the progress
 * screen in both languages meanwhile).
 */
export async function onboard(
  page: Page,
  screens = true,
): Promise<{ percents: number[]; ticks: string[]; durationMs: number }> {
  await page.getByRole('button', { name: 'Create wallet' }).click()
  const bar = page.getByRole('progressbar')
  await bar.waitFor()
  const recording = page.evaluate(
    () =>
      new Promise<{ percents: number[]; ticks: string[]; durationMs: number }>((resolve) => {
        const started = performance.now()
        const percents: number[] = []
        const ticks: string[] = []
        const record = (): boolean => {
          const el = document.querySelector('[role="progressbar"]')
          if (el === null) return false
          const percent = Number(el.getAttribute('aria-valuenow'))
          if (percents.at(-1) !== percent) percents.push(percent)
          const tick = el.parentElement?.querySelector('p:last-child span:last-child')?.textContent
          if (tick && ticks.at(-1) !== tick) ticks.push(tick)
          return true
        }
        record()
        const observer = new MutationObserver(() => {
          if (record()) return
          observer.disconnect()
          resolve({ percents, ticks, durationMs: performance.now() - started })
        })
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
        })
      }),
  )
  if (screens) await shoot(page, '03-onboarding-progress')
  return recording
}

/**
 * Keeps the backup by the phrase check: shows the words and types the asked ones (`screens`:
 * saves the phrase screen in both languages).
 */
export async function keepBackupByPhrase(page: Page, screens = true): Promise<void> {
  await page.getByRole('button', { name: 'Show the words' }).click()
  await page.locator('ol.phrase li').first().waitFor()
  const words = await page.locator('ol.phrase li').allTextContents()
  expect(words).toHaveLength(24)
  if (screens) await shoot(page, '05-backup-phrase')
  for (const input of await page.locator('input[data-position]').all()) {
    const position = Number(await input.getAttribute('data-position'))
    await input.fill(words[position - 1] ?? '')
  }
  await page.getByRole('button', { name: 'I kept it — check' }).click()
  await page.getByText('Backup confirmed.').waitFor()
}

/** The address the home screen shows for `chainId`. */
export async function addressOn(page: Page, chainId: string): Promise<string> {
  const value = page.locator(`li.address[data-chain="${chainId}"] code`)
  await value.waitFor()
  return (await value.textContent()) ?? ''
}

/**
 * A signer app ready to serve dapps, as a person leaves it after the first run: logged in as a
 * fresh test user, wallet created, backup kept; returns the wallet's EVM address.
 */
export async function readySigner(page: Page): Promise<string> {
  await page.getByRole('heading', { name: 'Your wallet, in two halves' }).waitFor()
  await devLogin(page, `e2e-${Date.now().toString(36)}`)
  await page.getByRole('heading', { name: 'Create your wallet' }).waitFor()
  await page.getByRole('button', { name: 'Create wallet' }).click()
  await page.getByRole('heading', { name: 'Back up your wallet' }).waitFor({ timeout: 240_000 })
  await keepBackupByPhrase(page, false)
  return addressOn(page, 'eip155:31337')
}

/** The approval screen of the oldest waiting request, once its intent is shown. */
export async function approvalScreen(page: Page) {
  await page.locator('#approve-intent').waitFor()
  return page.locator('section.approve')
}

/**
 * Approves the request on screen: a click on Approve, or — for a dangerous request — pressing
 * and holding "Hold to approve" until the app starts signing.
 */
export async function approve(page: Page): Promise<void> {
  const hold = page.getByRole('button', { name: 'Hold to approve', exact: true })
  if (await hold.isVisible()) {
    await hold.hover()
    await page.mouse.down()
    await page
      .getByText('Signing with the co-signer…')
      .or(page.getByText(/^Approved and sent to /))
      .first()
      .waitFor()
    await page.mouse.up()
    return
  }
  await page.getByRole('button', { name: 'Approve', exact: true }).click()
}

/**
 * Pairs the demo dapp on `dapp` (opened at `url`) with the signer app on `signer` as a person does
 * on one device: Connect on the dapp, the modal's signer link opened in the signer, Connect there;
 * resolves once the dapp shows `address` (the signer's EVM address).
 */
export async function pairByDeepLink(
  dapp: Page,
  signer: Page,
  url: string,
  address: string,
): Promise<void> {
  await dapp.goto(url)
  await dapp.getByRole('button', { name: 'Connect with Tessera' }).click()
  const link = dapp.locator('tessera-connect-modal a[data-kind="signer"]')
  await link.waitFor()
  await signer.goto((await link.getAttribute('href')) ?? '')
  await signer.getByText('A dapp asks to connect').waitFor()
  await signer.getByRole('button', { name: 'Connect', exact: true }).first().click()
  await signer.getByText(/^Connected to /).waitFor()
  await dapp.getByText(address).first().waitFor()
}
