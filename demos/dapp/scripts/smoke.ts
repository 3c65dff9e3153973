/**
 * A smoke run of the built demo against a running relay and local chain: Chromium opens the
 * page, clicks "Connect with Tessera", reads the pairing URI from the connect modal, and core's
 * test wallet (in this Node process, hardhat's funded account #0) answers it; the page must then
 * show two verified signatures (a message, Permit2 typed data) and a mined ETH transfer.
 * Usage, with the relay, a hardhat/anvil node and `vite preview` running:
 * `node --conditions=source --import tsx demos/dapp/scripts/smoke.ts <page> <relay> <rpc> [png]`.
 */
import { createMemorySessionStore, createRelayClient, relayIdentityFromSeed } from '@tessera/core'
import { chromium } from 'playwright-core'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { WebSocket } from 'ws'
import { createTestWallet } from '../../../packages/core/src/testing/testWallet.ts'

const [pageUrl, relayUrl, rpcUrl, screenshot] = process.argv.slice(2)
if (pageUrl === undefined || relayUrl === undefined || rpcUrl === undefined) {
  throw new Error('usage: smoke.ts <page URL> <relay URL> <RPC URL> [screenshot.png]')
}
/** Hardhat's and anvil's default account #0: funded on every local dev chain, nowhere else. */
const HARDHAT_ACCOUNT_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const wallet = createTestWallet({ privateKey: HARDHAT_ACCOUNT_0, chainIds: [31337, 11155111] })
const relay = createRelayClient({
  url: relayUrl,
  identity: await relayIdentityFromSeed(crypto.getRandomValues(new Uint8Array(32))),
  WebSocket: WebSocket as never,
})
const browser = await chromium.launch({
  executablePath: process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
})
try {
  const page = await browser.newPage({ viewport: { width: 800, height: 1200 } })
  page.on('pageerror', (error) => console.error('page error:', error.message))
  const query = new URLSearchParams({ relay: relayUrl, rpc: rpcUrl, lang: 'en' })
  await page.goto(`${pageUrl}?${query}`)
  await page.getByRole('button', { name: 'Connect with Tessera' }).click()
  const input = page.locator('tessera-connect-modal input')
  await input.waitFor({ timeout: 20_000 })
  const uri = await input.inputValue()
  console.log('modal shows', uri.slice(0, 60), '…')
  await wallet.pair({ uri, relay, store: createMemorySessionStore() })
  await page.getByText(wallet.address).waitFor({ timeout: 20_000 })
  console.log('connected as', wallet.address)
  const signButtons = page.getByRole('button', { name: 'Sign', exact: true })
  for (const index of [0, 1]) {
    await signButtons.nth(index).click()
    await page.locator('.result .ok').nth(index).waitFor({ timeout: 20_000 })
  }
  const verdicts = await page.locator('.result .ok').allTextContents()
  console.log(verdicts)
  if (verdicts.length !== 2) throw new Error('expected two verified signatures')
  const recipient = privateKeyToAccount(generatePrivateKey()).address
  await page.getByPlaceholder('0x…').first().fill(recipient)
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await page.locator('.result .ok').nth(2).waitFor({ timeout: 30_000 })
  console.log(await page.locator('.result').nth(3).textContent())
  if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true })
} finally {
  await browser.close()
  await relay.close()
}
