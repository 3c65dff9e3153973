/**
 * A person's path through the demo dapp, against the stack `npm start` runs: open the dapp, click
 * Connect, scan the modal's QR code (decoded from the page), pair a wallet with it, then sign a
 * message and send ETH and the demo token — each result checked on the page and on the chain.
 * The wallet is core's test wallet until the signer app drives this path (the signer flows).
 */
import type { RelayClient } from '@tessera/core'
import { createTestWallet } from '@tessera/core/testing/testWallet'
import { parsePairingUri, toUniversalLink } from '@tessera/protocol'
import type { Browser } from 'playwright-core'
import { createPublicClient, erc20Abi, http, parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import { afterAll, beforeAll, expect, inject, onTestFailed, test } from 'vitest'
import { desktopPage, launchChromium, saveEvidence, type WatchedPage } from './browser.ts'
import { pairWallet, scanConnectModal } from './dappSession.ts'

const stack = inject('stack')
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

test('connect by QR code, sign a message, send ETH and an ERC-20 transfer', async () => {
  const dapp: WatchedPage = await desktopPage(browser)
  onTestFailed(() => saveEvidence('dapp-connect', { dapp }))
  const { page } = dapp
  const chain = createPublicClient({ chain: hardhat, transport: http(stack.devchain) })

  // The wallet: a fresh key, funded by the faucet as a user of `npm start` would fund theirs.
  const wallet = createTestWallet({ privateKey: generatePrivateKey(), chainIds: [31337] })
  const funded = await fetch(`${stack.devchain}/faucet`, {
    method: 'POST',
    body: JSON.stringify({ address: wallet.address }),
  })
  expect(funded.status).toBe(200)
  let relay: RelayClient | undefined
  try {
    // Scan: the QR decodes to a valid pairing URI, and the deep link carries the same URI.
    const { modal, uri } = await scanConnectModal(page, stack)
    expect(() => parsePairingUri(uri, { now: Math.floor(Date.now() / 1000) })).not.toThrow()
    const universal = await modal.locator('a[data-kind="signer"]').getAttribute('href')
    expect(universal).toBe(toUniversalLink(uri, stack.signer))
    expect(universal?.startsWith(`${stack.signer}/pair#`)).toBe(true)

    relay = await pairWallet(wallet, uri, stack)
    await page.getByText(wallet.address).first().waitFor()

    // Sign a message: the page recovers the signer and says so.
    const signSection = page.locator('section', { hasText: 'Sign a message' })
    await signSection.getByRole('button', { name: 'Sign', exact: true }).click()
    await expect
      .poll(() => signSection.locator('.result').textContent())
      .toContain('signature verified: recovers to the account')

    // Send ETH: mined on the local chain, and the recipient holds it.
    const recipient = privateKeyToAccount(generatePrivateKey()).address
    const ethSection = page.locator('section', { hasText: 'Send ETH' })
    await ethSection.getByPlaceholder('0x…').fill(recipient)
    await ethSection.getByRole('button', { name: 'Send', exact: true }).click()
    await expect.poll(() => ethSection.locator('.result').textContent()).toContain('mined in block')
    expect(await chain.getBalance({ address: recipient })).toBe(parseEther('0.001'))

    // ERC-20: the demo token from the faucet moves to the recipient.
    const tokenSection = page.locator('section', { hasText: 'ERC-20 transfer' })
    await tokenSection.getByPlaceholder('0x…').last().fill(recipient)
    await tokenSection.getByRole('button', { name: 'Transfer', exact: true }).click()
    await expect
      .poll(() => tokenSection.locator('.result').textContent())
      .toContain('mined in block')
    const balance = await chain.readContract({
      address: TOKEN,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [recipient],
    })
    expect(balance).toBe(parseEther('1'))
  } finally {
    await relay?.close()
    await page.context().close()
  }
})
