/**
 * The demo dapp's faucet button, against the stack `npm start` runs: a fresh (unfunded) wallet
 * pairs by QR code, the button funds it, and the page shows the ETH and CFX balances that the
 * local chains (hardhat, and the Conflux node through the devchain's `/conflux` RPC) agree with.
 * The wallet is core's test wallet.
 */
import { encodeBase32Address } from '@tessera/conflux'
import type { RelayClient } from '@tessera/core'
import { createTestWallet } from '@tessera/core/testing/testWallet'
import type { Browser } from 'playwright-core'
import { createPublicClient, type Hex, http, parseEther } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { hardhat } from 'viem/chains'
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

test('the faucet button funds the paired wallet: balances on the page and on both chains', async () => {
  const dapp: WatchedPage = await desktopPage(browser)
  onTestFailed(() => saveEvidence('dapp-faucet', { dapp }))
  const { page } = dapp
  const chain = createPublicClient({ chain: hardhat, transport: http(stack.devchain) })

  const wallet = createTestWallet({
    privateKey: generatePrivateKey(),
    chainIds: [31337],
    confluxChainIds: [CONFLUX_CHAIN_ID],
  })
  const coreHex = wallet.conflux?.hexAddress as Hex
  const coreAccount = encodeBase32Address(coreHex, CONFLUX_CHAIN_ID)
  expect(await chain.getBalance({ address: wallet.address })).toBe(0n)
  let relay: RelayClient | undefined
  try {
    const { uri } = await scanConnectModal(page, stack)
    relay = await pairWallet(wallet, uri, stack)
    await page.getByText(wallet.address).first().waitFor()

    // Faucet: funded on both chains, the page shows the balances.
    const faucet = page.locator('section', { hasText: 'Faucet (local chains)' })
    await faucet.getByRole('button', { name: 'Fund this account' }).click()
    await expect
      .poll(() => faucet.locator('.result').textContent())
      .toContain('ETH balance: 10 ETH')
    await expect(faucet.locator('.result').textContent()).resolves.toContain(
      `CFX balance (${coreAccount}): 100 CFX`,
    )
    expect(await chain.getBalance({ address: wallet.address })).toBe(parseEther('10'))
    expect(await cfx(stack, 'cfx_getBalance', [coreAccount])).toBe(
      `0x${parseEther('100').toString(16)}`,
    )
  } finally {
    await relay?.close()
    await page.context().close()
  }
})
