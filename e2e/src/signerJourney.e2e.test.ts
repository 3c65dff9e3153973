/**
 * The whole journey with the signer app, against the stack `npm start` runs: at a phone viewport
 * the signer logs in with the development OIDC login, creates its wallet with visible progress,
 * keeps the backup and shows its addresses; on a desktop page the demo dapp opens Connect, and
 * the signer opens the modal's deep link (the same URI its QR code holds), pairs, approves a
 * personal_sign after its screen showed the message — the dapp verifies the signature — then,
 * funded by the dapp's faucet, an ERC-20 transfer whose screen names recipient and amount, mined
 * on hardhat; and rejects the next signature request, which the dapp sees as the user's rejection (4001); a second dapp page is
 * paired by its QR code (read from the page, pasted); its session renamed, then ended. Every
 * screen is saved in both languages to e2e/artifacts/screens/.
 */
import { toUniversalLink } from '@tessera/protocol'
import type { Browser } from 'playwright-core'
import { createPublicClient, erc20Abi, getAddress, http, parseUnits } from 'viem'
import { hardhat } from 'viem/chains'
import { afterAll, beforeAll, expect, inject, onTestFailed, test } from 'vitest'
import { desktopPage, launchChromium, phonePage, saveEvidence } from './browser.ts'
import { scanConnectModal } from './dappSession.ts'
import { addressOn, devLogin, keepBackupByPhrase, onboard, shoot } from './signerApp.ts'
import { phaseTimer } from './timings.ts'

const stack = inject('stack')
/** The demo token the devchain deploys (demos/devchain), and hardhat's second test account. */
const DEMO_TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const RECIPIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const mark = phaseTimer('signerJourney')
let browser: Browser
beforeAll(async () => {
  mark('imported')
  browser = await launchChromium()
  mark('browser connected')
})
afterAll(() => browser?.close())

test('signer app: login, onboarding, backup, pairing by deep link, approve and reject personal_sign', async () => {
  const dapp = await desktopPage(browser)
  const signer = await phonePage(browser)
  onTestFailed(() => saveEvidence('signer-journey', { dapp, signer }))
  const page = signer.page
  {
    // Login: the app's login screen, the dev-login page, back to onboarding.
    await page.goto(`${stack.signer}/?lang=en`)
    await page.getByRole('heading', { name: 'Your wallet, in two halves' }).waitFor()
    await shoot(page, '01-login')
    await devLogin(page, `e2e-${Date.now().toString(36)}`)
    await page.getByRole('heading', { name: 'Create your wallet' }).waitFor()
    await shoot(page, '02-onboarding')
    mark('logged in')

    // Onboarding: the bar moves and the elapsed seconds tick while the keys are made.
    const { percents, ticks, durationMs } = await onboard(page)
    expect(percents.length).toBeGreaterThan(1)
    expect(Math.max(...percents)).toBeGreaterThan(Math.min(...percents))
    // The elapsed-seconds counter moves while the keys are made (a quick onboarding may end
    // before its first second is up).
    if (durationMs >= 3000) expect(ticks.length).toBeGreaterThan(1)

    // Backup, then the addresses.
    await page.getByRole('heading', { name: 'Back up your wallet' }).waitFor()
    mark('onboarded')
    await shoot(page, '04-backup')
    await keepBackupByPhrase(page)
    const address = await addressOn(page, 'eip155:31337')
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/)
    await shoot(page, '06-home')
    mark('backup kept')

    // The dapp's Connect: the QR code and the deep link carry one URI; the signer opens the link.
    const { modal, uri } = await scanConnectModal(dapp.page, stack)
    const link = await modal.locator('a[data-kind="signer"]').getAttribute('href')
    expect(link).toBe(toUniversalLink(uri, stack.signer))
    await page.goto(link ?? '')
    await page.getByText('A dapp asks to connect').waitFor()
    await shoot(page, '07-pair')
    await page.getByRole('button', { name: 'Connect', exact: true }).first().click()
    await page.getByText(/^Connected to /).waitFor()
    await dapp.page.getByText(address).first().waitFor()
    mark('paired by deep link')

    // personal_sign: the approval screen shows the message; approved, the dapp verifies it.
    const signSection = dapp.page.locator('section', { hasText: 'Sign a message' })
    const message = 'Hello from the Tessera demo dapp'
    await signSection.getByRole('button', { name: 'Sign', exact: true }).click()
    await page
      .getByRole('heading', { name: /Request from/ })
      .or(page.locator('#approve-intent'))
      .first()
      .waitFor()
    await expect.poll(() => page.locator('section.approve').textContent()).toContain(message)
    await shoot(page, '08-approve')
    await page.getByRole('button', { name: 'Approve', exact: true }).click()
    await expect
      .poll(() => signSection.locator('.result').textContent())
      .toContain('signature verified: recovers to the account')
    await page.getByText(/^Approved and sent to /).waitFor()
    mark('personal_sign')

    // An ERC-20 transfer: the faucet funds the wallet (ETH for gas, the demo token); the approval
    // screen names the recipient and the amount; approved, the transfer is mined on hardhat.
    const faucet = dapp.page.locator('section', { hasText: 'Faucet (local chains)' })
    await faucet.getByRole('button', { name: 'Fund this account' }).click()
    await expect
      .poll(() => faucet.locator('.result').textContent())
      .toContain('ETH balance: 10 ETH')
    const chain = createPublicClient({ chain: hardhat, transport: http(stack.devchain) })
    const token = getAddress(DEMO_TOKEN)
    const before = await chain.readContract({
      address: token,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [RECIPIENT],
    })
    const transfer = dapp.page.locator('section', { hasText: 'ERC-20 transfer' })
    await transfer.locator('input[placeholder="0x…"]').nth(1).fill(RECIPIENT)
    await transfer.getByRole('button', { name: 'Transfer', exact: true }).click()
    await page.locator('#approve-intent').waitFor()
    const screen = page.locator('section.approve')
    await expect.poll(() => screen.textContent()).toContain('TDT')
    await expect(screen.textContent()).resolves.toContain(RECIPIENT)
    await shoot(page, '08b-approve-token-transfer')
    await page.getByRole('button', { name: 'Approve', exact: true }).click()
    await expect.poll(() => transfer.locator('.result').textContent()).toContain('mined in block')
    const after = await chain.readContract({
      address: token,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [RECIPIENT],
    })
    expect(after - before).toBe(parseUnits('1', 18))
    mark('faucet and ERC-20 transfer')

    // Reject: the dapp gets the user's rejection (EIP-1193 4001, "User rejected the request.").
    await signSection.getByRole('button', { name: 'Sign', exact: true }).click()
    await page.locator('#approve-intent').waitFor()
    await page.getByRole('button', { name: 'Reject', exact: true }).click()
    await expect.poll(() => signSection.locator('.result').textContent()).toContain('User rejected')
    await page.getByText(/^Rejected\. /).waitFor()
    mark('rejected')

    // Pairing by the QR code: a second dapp page; the code read from its canvas, pasted.
    const second = await desktopPage(browser)
    const scanned = await scanConnectModal(second.page, stack)
    await page.getByRole('button', { name: 'Connect', exact: true }).click()
    await page.getByLabel('Pairing link').fill(scanned.uri)
    await page.locator('form').getByRole('button', { name: 'Connect', exact: true }).click()
    await page.getByText(/^Connected to /).waitFor()
    await second.page.getByText(address).first().waitFor()
    mark('paired by QR code')

    // Sessions: one per origin (the second page's pairing replaced the first's); renamed, ended.
    await page.getByRole('button', { name: 'Dapps', exact: true }).click()
    await page.getByRole('heading', { name: 'Connected dapps' }).waitFor()
    await expect.poll(() => page.locator('li.session').count()).toBe(1)
    await shoot(page, '09-sessions')
    await page.getByRole('button', { name: /^Rename / }).click()
    await page.getByLabel('Name').fill('My demo dapp')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.locator('li.session', { hasText: 'My demo dapp' }).waitFor()
    await page.getByRole('button', { name: /^Disconnect / }).click()
    await page.getByText('Disconnected.').waitFor()
    await page.getByText('No dapp is connected.', { exact: false }).waitFor()

    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    await shoot(page, '10-settings')
    mark('sessions renamed and ended')
  }
}, 600_000)
