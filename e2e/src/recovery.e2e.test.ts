/**
 * Recovery on a new device, against the stack `npm start` runs: a signer onboards in one browser
 * context and the person writes down its 24 words; a NEW context (a fresh profile: empty
 * IndexedDB, nothing of the first device) logs in as the same development user, chooses "Recover
 * on a new device", types the words, sees the same addresses, keeps the new backup and signs for
 * a dapp (the dapp verifies the signature under the same address). Then the OLD device, paired
 * with the demo dapp, is asked to sign: the co-signer refuses its retired share, the app shows the
 * failure and the dapp gets no signature. The recovery screens are saved in both languages.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, onTestFailed, test } from 'vitest'
import { desktopPage, launchChromium, phonePage, saveEvidence } from './browser.ts'
import {
  addressOn,
  approvalScreen,
  approve,
  devLogin,
  keepBackupByPhrase,
  pairByDeepLink,
  shoot,
} from './signerApp.ts'
import { phaseTimer } from './timings.ts'

const stack = inject('stack')
const solanaAddress = (page: Page) =>
  page.locator('li.address[data-chain^="solana:"] code').first().textContent()
const mark = phaseTimer('recovery')
let browser: Browser
beforeAll(async () => {
  mark('imported')
  browser = await launchChromium()
  mark('browser connected')
})
afterAll(() => browser?.close())

test('recovery: a new device recovers from the words; the old device can no longer sign', async () => {
  const old = await phonePage(browser)
  const device = await phonePage(browser)
  const dapp = await desktopPage(browser)
  onTestFailed(() => saveEvidence('recovery', { old, device, dapp }))
  const user = `e2e-recover-${Date.now().toString(36)}`

  // The first device: onboarding, and the 24 words the person writes down.
  await old.page.goto(`${stack.signer}/?lang=en`)
  await old.page.getByRole('heading', { name: 'Your wallet, in two halves' }).waitFor()
  await devLogin(old.page, user)
  await old.page.getByRole('button', { name: 'Create wallet' }).click()
  await old.page.getByRole('heading', { name: 'Back up your wallet' }).waitFor({ timeout: 240_000 })
  mark('first device onboarded')
  await old.page.getByRole('button', { name: 'Show the words' }).click()
  await old.page.locator('ol.phrase li').first().waitFor()
  const words = await old.page.locator('ol.phrase li').allTextContents()
  expect(words).toHaveLength(24)
  for (const input of await old.page.locator('input[data-position]').all()) {
    const position = Number(await input.getAttribute('data-position'))
    await input.fill(words[position - 1] ?? '')
  }
  await old.page.getByRole('button', { name: 'I kept it — check' }).click()
  await old.page.getByText('Backup confirmed.').waitFor()
  const evm = await addressOn(old.page, 'eip155:31337')
  const solana = await solanaAddress(old.page)
  expect(evm).toMatch(/^0x[0-9a-fA-F]{40}$/)
  mark('words kept')

  // The new device: same user, an empty profile; Recover with the words.
  const page = device.page
  await page.goto(`${stack.signer}/?lang=en`)
  await page.getByRole('heading', { name: 'Your wallet, in two halves' }).waitFor()
  await devLogin(page, user)
  await page.getByRole('heading', { name: 'Create your wallet' }).waitFor()
  await page.getByRole('button', { name: 'Recover on a new device' }).click()
  const wordsField = page.getByLabel('Backup words (24, separated by spaces)')
  await wordsField.waitFor()
  await shoot(page, '11-recover')
  await wordsField.fill(words.join(' '))
  await page.getByRole('button', { name: 'Recover', exact: true }).click()
  await page.getByRole('heading', { name: 'Back up your wallet' }).waitFor({ timeout: 240_000 })
  mark('recovered')
  await shoot(page, '12-recovered-new-backup')
  await keepBackupByPhrase(page, false)
  expect(await addressOn(page, 'eip155:31337')).toBe(evm)
  expect(await solanaAddress(page)).toBe(solana)
  await shoot(page, '13-recovered-home')

  // The recovered device signs: a dapp pairs with it and verifies a signature under the same address.
  const newDapp = await desktopPage(browser)
  onTestFailed(() => saveEvidence('recovery-new-device-dapp', { newDapp }))
  await pairByDeepLink(newDapp.page, page, `${stack.dapp}/?lang=en`, evm)
  const newSign = newDapp.page.locator('section', { hasText: 'Sign a message' })
  await newSign.getByRole('button', { name: 'Sign', exact: true }).click()
  await approvalScreen(page)
  await approve(page)
  await expect
    .poll(() => newSign.locator('.result').textContent(), { timeout: 60_000 })
    .toContain('signature verified: recovers to the account')
  mark('recovered device signed')

  // The old device pairs with the dapp and is asked to sign: refused, no signature reaches the dapp.
  // (By the modal's deep link: the QR code holds the same URI, decoded in the other flows.)
  await dapp.page.goto(`${stack.dapp}/?lang=en`)
  await dapp.page.getByRole('button', { name: 'Connect with Tessera' }).click()
  const signerLink = dapp.page.locator('tessera-connect-modal a[data-kind="signer"]')
  await signerLink.waitFor()
  const link = await signerLink.getAttribute('href')
  await old.page.goto(link ?? '')
  await old.page.getByText('A dapp asks to connect').waitFor()
  await old.page.getByRole('button', { name: 'Connect', exact: true }).first().click()
  await old.page.getByText(/^Connected to /).waitFor()
  mark('old device paired')
  const signSection = dapp.page.locator('section', { hasText: 'Sign a message' })
  await signSection.getByRole('button', { name: 'Sign', exact: true }).click()
  await old.page.locator('#approve-intent').waitFor()
  await old.page.getByRole('button', { name: 'Approve', exact: true }).click()
  await old.page.getByRole('alert').first().waitFor()
  expect(await old.page.getByRole('alert').first().textContent()).toMatch(
    /epoch 0 is retired \(current epoch 1\)/,
  )
  mark('refusal shown')
  await expect
    .poll(() => signSection.locator('.result').textContent(), { timeout: 60_000 })
    .toMatch(/^failed: /)
  mark('dapp failed')
  expect(await signSection.locator('.result').textContent()).not.toContain('signature verified')
}, 600_000)
