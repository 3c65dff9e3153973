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

/** Screenshots the current screen in both languages (switching with the header's button). */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true })
  await page.screenshot({ path: join(SCREENS, `${name}.en.png`), fullPage: true })
  await page.getByRole('button', { name: '切换到简体中文' }).click()
  await page.locator('html[lang="zh-CN"]').waitFor()
  await page.screenshot({ path: join(SCREENS, `${name}.zh-CN.png`), fullPage: true })
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
 * Creates the wallet and returns the progress values the bar showed (sampled from the page every
 * 250 ms until the backup screen appears; the elapsed-seconds text proves it moves each second).
 */
export async function onboard(page: Page): Promise<{ percents: number[]; ticks: string[] }> {
  await page.getByRole('button', { name: 'Create wallet' }).click()
  const bar = page.getByRole('progressbar')
  await bar.waitFor()
  await shoot(page, '03-onboarding-progress')
  const samples = await page.evaluate(
    () =>
      new Promise<{ percents: number[]; ticks: string[] }>((resolve) => {
        const percents: number[] = []
        const ticks: string[] = []
        const timer = setInterval(() => {
          const el = document.querySelector('[role="progressbar"]')
          if (el === null) {
            clearInterval(timer)
            resolve({ percents, ticks })
            return
          }
          percents.push(Number(el.getAttribute('aria-valuenow')))
          const tick = el.parentElement?.querySelector('p:last-child span:last-child')?.textContent
          if (tick && ticks.at(-1) !== tick) ticks.push(tick)
        }, 250)
      }),
  )
  return samples
}

/** Keeps the backup by the phrase check: shows the words and types the asked ones. */
export async function keepBackupByPhrase(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Show the words' }).click()
  await page.locator('ol.phrase li').first().waitFor()
  const words = await page.locator('ol.phrase li').allTextContents()
  expect(words).toHaveLength(24)
  await shoot(page, '05-backup-phrase')
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
