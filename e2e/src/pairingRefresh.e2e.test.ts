/**
 * An expired pairing code, refreshed by the modal: the demo dapp's pairing codes live 10 seconds
 * (its `pairingTtl` setting); nobody scans the first one, so the modal turns from waiting to its
 * expired state by itself and offers "New code", clicked at once (the modal's clock may say
 * "expired" a moment before the provider gives the pairing up: the new code must still come); the
 * dapp's Connect fails with the expiry; the new code, decoded from the page again, is another
 * valid pairing URI (another topic, a later expiry), and a wallet — core's test wallet, no
 * onboarding — pairs with it: the page shows the account and verifies a signed message.
 */
import type { RelayClient } from '@tessera/core'
import { createTestWallet } from '@tessera/core/testing/testWallet'
import { PairingUriError, parsePairingUri } from '@tessera/protocol'
import type { Browser } from 'playwright-core'
import { generatePrivateKey } from 'viem/accounts'
import { afterAll, beforeAll, expect, inject, onTestFailed, test } from 'vitest'
import { desktopPage, launchChromium, saveEvidence, type WatchedPage } from './browser.ts'
import { pairWallet } from './dappSession.ts'
import { decodeQr } from './qr.ts'
import { phaseTimer } from './timings.ts'

const stack = inject('stack')
/**
 * Long enough to decode the new code and pair with it on a loaded machine, short enough to wait
 * for the first one's expiry.
 */
const TTL_SECONDS = 10
const mark = phaseTimer('pairingRefresh')
const nowSeconds = () => Math.floor(Date.now() / 1000)

let browser: Browser
beforeAll(async () => {
  mark('imported')
  browser = await launchChromium()
  mark('browser connected')
})
afterAll(() => browser?.close())

test('an expired pairing code: the modal shows it expired, a new code pairs', async () => {
  const dapp: WatchedPage = await desktopPage(browser)
  onTestFailed(() => saveEvidence('pairing-refresh', { dapp }))
  const { page } = dapp
  const wallet = createTestWallet({ privateKey: generatePrivateKey(), chainIds: [31337] })
  let relay: RelayClient | undefined
  try {
    // The modal's code is loaded on the first Connect: load it once with the default lifetime,
    // so the short-lived codes below are not spent waiting for a cold dev server.
    await page.goto(`${stack.dapp}/?lang=en`)
    await page.getByRole('button', { name: 'Connect with Tessera' }).click()
    await page.locator('tessera-connect-modal[data-state="waiting"]').waitFor()
    mark('modal loaded')
    await page.goto(`${stack.dapp}/?lang=en&pairingTtl=${TTL_SECONDS}`)
    const clickedAt = nowSeconds()
    await page.getByRole('button', { name: 'Connect with Tessera' }).click()
    const modal = page.locator('tessera-connect-modal')
    await modal.getByRole('dialog').waitFor()
    // Shown while still valid: the expiry below is the modal's own doing.
    await page.locator('tessera-connect-modal[data-state="waiting"]').waitFor()
    const first = await decodeQr(modal.locator('svg').first())
    // Made after the click, valid for the configured lifetime (whole seconds).
    const firstParsed = parsePairingUri(first, { now: clickedAt })
    expect(firstParsed.exp - clickedAt).toBeGreaterThanOrEqual(TTL_SECONDS)
    expect(firstParsed.exp - clickedAt).toBeLessThanOrEqual(
      TTL_SECONDS + 1 + nowSeconds() - clickedAt,
    )

    // Nobody scans it: the modal says so on its own once the code's time is up.
    await page.locator('tessera-connect-modal[data-state="expired"]').waitFor({ timeout: 60_000 })
    mark('first code expired')
    expect(await modal.locator('.status').textContent()).toBe('This code has expired.')
    expect(() => parsePairingUri(first, { now: nowSeconds() })).toThrow(PairingUriError)
    const newCode = modal.getByRole('button', { name: 'New code' })
    expect(await newCode.isVisible()).toBe(true)

    // "New code" at once, whether or not the provider has given the first pairing up yet: the
    // same modal, waiting again, with another valid pairing URI.
    await newCode.click()
    await page.locator('tessera-connect-modal[data-state="waiting"]').waitFor()
    // The dapp's first Connect failed with the expiry.
    const failed = page.locator('.result', { hasText: /^failed: / }).first()
    await failed.waitFor()
    expect(await failed.textContent()).toContain('expired')
    const second = await decodeQr(modal.locator('svg').first())
    expect(second).not.toBe(first)
    const secondParsed = parsePairingUri(second, { now: nowSeconds() })
    expect(secondParsed.topic).not.toBe(firstParsed.topic)
    expect(secondParsed.exp).toBeGreaterThan(firstParsed.exp)
    expect(await modal.locator('input').inputValue()).toBe(second)

    // The wallet pairs with the new code; the page shows its account and verifies a signature.
    mark('new code shown')
    relay = await pairWallet(wallet, second, stack)
    await page.getByText(wallet.address).first().waitFor()
    mark('paired with the new code')
    const signSection = page.locator('section', { hasText: 'Sign a message' })
    await signSection.getByRole('button', { name: 'Sign', exact: true }).click()
    await expect
      .poll(() => signSection.locator('.result').textContent())
      .toContain('signature verified: recovers to the account')
  } finally {
    await relay?.close()
  }
  // (On failure the page stays open for the evidence; the browser closes after all.)
  await page.context().close()
})
