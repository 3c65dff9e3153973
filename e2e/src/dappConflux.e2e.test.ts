/**
 * The demo dapp's Conflux Core section, against the stack `npm start` runs: a wallet funded by the
 * faucet pairs once by QR code (for wagmi's EVM connection); over that same pairing the Conflux
 * section shows the Core account (base32), signs a Conflux message and sends CFX that the local
 * Conflux node executes (receipt read through the devchain's `/conflux` RPC). The wallet is core's
 * test wallet, with its Conflux Core half. The page reads the session from the Tessera provider
 * (`provider.session()`).
 */
import { encodeBase32Address } from '@tessera/conflux'
import type { RelayClient } from '@tessera/core'
import { createTestWallet } from '@tessera/core/testing/testWallet'
import type { Browser } from 'playwright-core'
import { type Hex, parseEther } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { afterAll, beforeAll, expect, inject, onTestFailed, test } from 'vitest'
import { desktopPage, launchChromium, saveEvidence, type WatchedPage } from './browser.ts'
import { cfx, pairWallet, scanConnectModal } from './dappSession.ts'

const stack = inject('stack')
const CONFLUX_CHAIN_ID = 2029
let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

test('Conflux Core over the EVM pairing: base32 account, a signed message, CFX executed on the node', async () => {
  const dapp: WatchedPage = await desktopPage(browser)
  onTestFailed(() => saveEvidence('dapp-conflux', { dapp }))
  const { page } = dapp

  const wallet = createTestWallet({
    privateKey: generatePrivateKey(),
    chainIds: [31337],
    confluxChainIds: [CONFLUX_CHAIN_ID],
  })
  const coreHex = wallet.conflux?.hexAddress as Hex
  const coreAccount = encodeBase32Address(coreHex, CONFLUX_CHAIN_ID)
  // Funded as a user of `npm start` would fund theirs: ETH, and CFX for the Core twin.
  const funded = await fetch(`${stack.devchain}/faucet`, {
    method: 'POST',
    body: JSON.stringify({ address: wallet.address }),
  })
  expect(funded.status).toBe(200)
  const { conflux: fundedCore } = (await funded.json()) as {
    conflux: { address: string; transaction: Hex }
  }
  expect(fundedCore.address).toBe(coreAccount)
  await expect
    .poll(() => cfx(stack, 'cfx_getTransactionReceipt', [fundedCore.transaction]))
    .not.toBeNull()
  let relay: RelayClient | undefined
  try {
    const { uri } = await scanConnectModal(page, stack)
    relay = await pairWallet(wallet, uri, stack)
    await page.getByText(wallet.address).first().waitFor()

    // Conflux Core: no second scan; the Core account of the same key is shown.
    const conflux = page.locator('section', { hasText: 'Conflux Core (same Tessera pairing)' })
    await conflux.getByRole('button', { name: 'Use Conflux Core' }).click()
    await expect.poll(() => conflux.locator('dd').first().textContent()).toBe(coreAccount)

    await conflux.getByRole('button', { name: 'Sign', exact: true }).click()
    await expect
      .poll(() => conflux.locator('.result').nth(1).textContent())
      .toContain('signature checked: recovers to the Core account')

    const recipient = encodeBase32Address(`0x1${'57'.repeat(19)}a`, CONFLUX_CHAIN_ID)
    const before = BigInt((await cfx(stack, 'cfx_getBalance', [recipient])) as string)
    await conflux.getByPlaceholder(`net${CONFLUX_CHAIN_ID}:…`).fill(recipient)
    await conflux.getByRole('button', { name: 'Send', exact: true }).click()
    const sendResult = conflux.locator('.result').nth(2)
    await expect.poll(() => sendResult.textContent()).toContain('executed in epoch')
    const hash = /transaction (0x[0-9a-f]{64})/.exec((await sendResult.textContent()) ?? '')?.[1]
    expect(hash).toBeDefined()
    const receipt = (await cfx(stack, 'cfx_getTransactionReceipt', [hash])) as {
      outcomeStatus: string
      from: string
    }
    expect(receipt.outcomeStatus).toBe('0x0')
    expect(receipt.from.toLowerCase()).toContain(coreAccount.split(':')[1])
    expect(BigInt((await cfx(stack, 'cfx_getBalance', [recipient])) as string) - before).toBe(
      parseEther('1'),
    )
  } finally {
    await relay?.close()
    await page.context().close()
  }
})
