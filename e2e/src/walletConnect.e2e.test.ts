/**
 * WalletConnect v2 through our relay, between two real pages: the demo's WalletConnect page
 * (demos/dapp/walletconnect.html: an unmodified `@walletconnect/sign-client` pointed at the
 * stack's relay) shows a `wc:` URI; the signer app (phone viewport, onboarded once) pairs with it
 * from its Connect screen (the pasted link, WalletConnect wallet mode), the session carries the
 * signer's address; a personal_sign from the dapp is shown on the signer's approval screen,
 * approved, and the signature the dapp page shows recovers (viem, in the test) to the address the
 * app shows. Guard: every request and WebSocket of both pages is watched; nothing but loopback is
 * reached (other hosts are refused by the test and recorded): the signer app tries none, and the
 * dapp's SDK tries only WalletConnect's Verify server (its attestation iframe, which it gives up
 * after a few seconds — the flow works without it); both pages' WebSockets go to our relay only.
 */
import type { Browser } from 'playwright-core'
import { type Hex, recoverMessageAddress } from 'viem'
import { afterAll, beforeAll, expect, inject, onTestFailed, test } from 'vitest'
import {
  desktopPage,
  launchChromium,
  phonePage,
  saveEvidence,
  type WatchedPage,
} from './browser.ts'
import { approvalScreen, approve, readySigner } from './signerApp.ts'

const stack = inject('stack')
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

let browser: Browser
let signer: WatchedPage
let dapp: WatchedPage
let address: string

/** What a page tried: the non-loopback URLs (refused by the test) and every WebSocket URL. */
type Reached = { refused: string[]; sockets: string[] }
const reached: Record<'signer' | 'dapp', Reached> = {
  signer: { refused: [], sockets: [] },
  dapp: { refused: [], sockets: [] },
}

const evidence = (flow: string) =>
  onTestFailed(() => saveEvidence(`walletconnect-${flow}`, { dapp, signer }))

/** Refuses (and records) every request of the page's context to a host that is not loopback. */
async function guard(target: WatchedPage, record: Reached): Promise<void> {
  await target.page.context().route(
    (url) => !LOOPBACK.has(url.hostname),
    (route) => {
      record.refused.push(route.request().url())
      return route.abort('blockedbyclient')
    },
  )
  target.page.on('websocket', (ws) => record.sockets.push(ws.url()))
}

beforeAll(async () => {
  browser = await launchChromium()
  dapp = await desktopPage(browser)
  signer = await phonePage(browser)
  await guard(dapp, reached.dapp)
  await guard(signer, reached.signer)
  try {
    await signer.page.goto(`${stack.signer}/?lang=en`)
    address = await readySigner(signer.page)
  } catch (error) {
    await saveEvidence('walletconnect-setup', { dapp, signer })
    throw error
  }
}, 240_000)
afterAll(() => browser?.close())

test('the wc: URI pairs the signer app; a personal_sign approved there verifies in the test', async () => {
  evidence('pair-and-sign')
  await dapp.page.goto(`${stack.dapp}/walletconnect.html?lang=en`)
  await dapp.page.getByText(`Relay: ${stack.relay}`).waitFor()
  await dapp.page.getByRole('button', { name: 'Connect with WalletConnect' }).click()
  const uriField = dapp.page.getByLabel(/^Pairing URI/)
  await expect.poll(() => uriField.inputValue()).toMatch(/^wc:[0-9a-f]{64}@2\?/)
  const uri = await uriField.inputValue()

  // The person pastes the link in the signer's Connect screen and connects.
  await signer.page.getByRole('button', { name: 'Connect', exact: true }).first().click()
  await signer.page.getByRole('heading', { name: 'Connect to a dapp' }).waitFor()
  await signer.page.getByLabel('Pairing link').fill(uri)
  await signer.page.locator('form').getByRole('button', { name: 'Connect', exact: true }).click()
  await signer.page.getByText('Connected to WalletConnect demo dapp.').waitFor()
  // The dapp's session holds the signer's address (the one the app shows), and the app lists it.
  const status = dapp.page.locator('dl.status')
  await expect.poll(() => status.textContent()).toContain(address)
  expect(await status.textContent()).toContain('Tessera')
  await signer.page.getByText('WalletConnect demo dapp', { exact: true }).first().waitFor()

  const message = `WalletConnect e2e ${Date.now()}`
  await dapp.page.getByLabel('Message').fill(message)
  await dapp.page.getByRole('button', { name: 'Sign', exact: true }).click()
  const screen = await approvalScreen(signer.page)
  await expect.poll(() => screen.textContent()).toContain(message)
  expect(await screen.textContent()).toContain(stack.dapp)
  await approve(signer.page)
  const result = dapp.page.locator('.result').last()
  await expect.poll(() => result.textContent()).toContain('signature verified')
  const signature = /signature: (0x[0-9a-f]+)/.exec((await result.textContent()) ?? '')?.[1]
  expect(signature).toMatch(/^0x[0-9a-f]{130}$/)
  expect(await recoverMessageAddress({ message, signature: signature as Hex })).toBe(address)
  await signer.page.getByText(/^Approved and sent to /).waitFor()

  // Nothing but loopback: the signer tried no other host; the dapp's SDK only Verify's server.
  expect(reached.signer.refused).toEqual([])
  // (Its Verify attestation iframe, for the proposal and for the request, refused here.)
  for (const url of reached.dapp.refused) {
    expect(url.startsWith('https://verify.walletconnect.org/v3/attestation?')).toBe(true)
  }
  // WebSockets: our relay, the co-signer (the signer's MPC link), or the page's own dev server.
  const relay = new URL(stack.relay).host
  const allowed = [relay, new URL(stack.cosigner).host]
  for (const [name, origin] of [
    ['signer', stack.signer],
    ['dapp', stack.dapp],
  ] as const) {
    for (const url of reached[name].sockets) {
      expect([...allowed, new URL(origin).host]).toContain(new URL(url).host)
    }
    expect(reached[name].sockets.map((url) => new URL(url).host)).toContain(relay)
  }
})
