/**
 * Onboarding as a Telegram Mini App: the signer app opened the way Telegram opens it (the launch
 * data in the URL fragment, `#tgWebAppData=…`), with `initData` made by the repository's Telegram
 * double and signed with the co-signer's bot token of this run. The login screen offers Telegram;
 * the co-signer accepts the initData (HMAC check) as the Telegram identity; the wallet is created
 * with a moving progress bar, the backup kept, the addresses shown, and Settings names the
 * Telegram identity the co-signer gave.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, onTestFailed, test } from 'vitest'
import { signInitData } from '../../packages/cosigner/src/test/telegramInitData.ts'
import { launchChromium, phonePage, saveEvidence } from './browser.ts'
import { addressOn, keepBackupByPhrase, onboard } from './signerApp.ts'

const stack = inject('stack')
const botToken = inject('telegramBotToken')
let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

test('Telegram Mini App: initData login, onboarding with progress, backup, addresses', async () => {
  const signer = await phonePage(browser)
  onTestFailed(() => saveEvidence('telegram-onboarding', { signer }))
  const { page } = signer
  const userId = 100_000 + Math.floor(Math.random() * 1e6)
  const initData = signInitData(
    [
      ['query_id', `AAE${userId}`],
      ['user', JSON.stringify({ id: userId, first_name: 'QA', language_code: 'en' })],
      ['auth_date', String(Math.floor(Date.now() / 1000))],
    ],
    botToken,
  )
  const launch = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: '8.0',
    tgWebAppPlatform: 'android',
  })
  await page.goto(`${stack.signer}/?lang=en#${launch}`)
  await page.getByRole('button', { name: 'Continue with Telegram' }).click()
  await page.getByRole('heading', { name: 'Create your wallet' }).waitFor()

  const { percents } = await onboard(page, false)
  expect(Math.max(...percents)).toBeGreaterThan(Math.min(...percents))
  await page.getByRole('heading', { name: 'Back up your wallet' }).waitFor()
  await keepBackupByPhrase(page, false)
  expect(await addressOn(page, 'eip155:31337')).toMatch(/^0x[0-9a-fA-F]{40}$/)

  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  const botId = botToken.split(':')[0]
  await page.getByText(`telegram:${botId}:${userId}`).waitFor()
}, 400_000)
