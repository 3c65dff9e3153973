/**
 * The signer app approving requests of the other chains a pairing serves: one onboarded signer app
 * (phone viewport) paired once with the demo dapp by the modal's deep link; the pairing offers
 * the Home screen's Conflux Core and Solana addresses too. Then
 * Conflux Core: the dapp's Conflux section sends CFX to a fresh base32 address; the signer's
 * approval screen names recipient (base32), amount and no warning before it is approved; the
 * dapp shows the execution and the local Conflux node has the receipt and the balance;
 * Solana: the dapp's Solana section (Wallet Standard wallet over the same session) asks for a
 * message signature; the approval screen shows the message; the dapp verifies the signature, and
 * so does this test (Ed25519 under the Solana address of the Home screen).
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'
import { decodeBase32Address, encodeBase32Address } from '@tessera/conflux'
import type { Browser } from 'playwright-core'
import { bytesToHex, type Hex, parseEther } from 'viem'
import { afterAll, beforeAll, expect, inject, onTestFailed, test } from 'vitest'
import {
  desktopPage,
  launchChromium,
  phonePage,
  saveEvidence,
  type WatchedPage,
} from './browser.ts'
import { cfx } from './dappSession.ts'
import {
  addressOn,
  approvalScreen,
  approve,
  pairByDeepLink,
  readySigner,
  shoot,
} from './signerApp.ts'

const stack = inject('stack')
const CONFLUX = 'cfx:2029'
const SOLANA_DEVNET = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'

let browser: Browser
let signer: WatchedPage
let dapp: WatchedPage
let evmAddress: string
let coreAddress: string
let solanaAddress: string
/** The faucet's CFX transfer to the Core address (its receipt is awaited by the Conflux flow). */
let funding: Hex

const evidence = (flow: string) => onTestFailed(() => saveEvidence(flow, { dapp, signer }))

/** The approval screen's text in Simplified Chinese (the header's switch, and back to English). */
async function screenInChinese(): Promise<{ intent: string; text: string }> {
  const page = signer.page
  await page.getByRole('button', { name: '切换到简体中文' }).click()
  await page.locator('html[lang="zh-CN"]').waitFor()
  const intent = (await page.locator('#approve-intent').textContent()) ?? ''
  const text = (await page.locator('section.approve').textContent()) ?? ''
  await page.getByRole('button', { name: 'Switch to English' }).click()
  await page.locator('html[lang="en"]').waitFor()
  return { intent, text }
}

/** A section of the dapp page by its heading. */
const section = (heading: string) =>
  dapp.page.locator('section', { has: dapp.page.getByRole('heading', { name: heading }) })

beforeAll(async () => {
  browser = await launchChromium()
  dapp = await desktopPage(browser)
  signer = await phonePage(browser)
  try {
    await signer.page.goto(`${stack.signer}/?lang=en`)
    evmAddress = await readySigner(signer.page)
    // Home lists the wallet's address on each chain the app serves.
    coreAddress = await addressOn(signer.page, CONFLUX)
    solanaAddress = await addressOn(signer.page, SOLANA_DEVNET)
    // CFX for the Core address, as `npm start`'s faucet funds an account's Core twin.
    const funded = await fetch(`${stack.devchain}/faucet`, {
      method: 'POST',
      body: JSON.stringify({ address: evmAddress }),
    })
    if (funded.status !== 200) throw new Error(`faucet: ${funded.status} ${await funded.text()}`)
    const { conflux } = (await funded.json()) as { conflux: { address: string; transaction: Hex } }
    if (conflux.address !== coreAddress) {
      throw new Error(`the faucet funded ${conflux.address}, Home shows ${coreAddress}`)
    }
    funding = conflux.transaction
    await pairByDeepLink(dapp.page, signer.page, `${stack.dapp}/?lang=en`, evmAddress)
  } catch (error) {
    await saveEvidence('chain-requests-setup', { dapp, signer })
    throw error
  }
}, 400_000)
afterAll(() => browser?.close())

test('Conflux Core: the signer shows the base32 recipient and the amount; the CFX transfer executes on the node', async () => {
  evidence('chain-requests-conflux')
  expect(coreAddress).toMatch(/^net2029:[a-z0-9]{42}$/)
  const conflux = section('Conflux Core (same Tessera pairing)')
  // The same pairing serves Core: the dapp gets the Core address the signer's Home shows.
  await conflux.getByRole('button', { name: 'Use Conflux Core' }).click()
  await expect.poll(() => conflux.locator('dd').first().textContent()).toBe(coreAddress)
  await expect
    .poll(() => cfx(stack, 'cfx_getTransactionReceipt', [funding]), { timeout: 30_000 })
    .not.toBeNull()

  // A fresh user address (Core user addresses start with 0x1).
  const bytes = crypto.getRandomValues(new Uint8Array(20))
  bytes[0] = 0x10 | ((bytes[0] ?? 0) & 0x0f)
  const recipient = encodeBase32Address(bytesToHex(bytes), 2029)
  await conflux.getByPlaceholder('net2029:…').fill(recipient)
  await conflux.getByLabel('Amount').fill('0.5')
  await conflux.getByRole('button', { name: 'Send', exact: true }).click()

  const screen = await approvalScreen(signer.page)
  await expect.poll(() => screen.textContent()).toContain(recipient)
  const intent = (await signer.page.locator('#approve-intent').textContent()) ?? ''
  // The intent keeps the network prefix and shortens the address's own characters.
  const body = recipient.slice(recipient.lastIndexOf(':') + 1)
  expect(intent).toBe(`Send 0.5 CFX to net2029:${body.slice(0, 4)}…${body.slice(-4)}`)
  const shown = (await screen.textContent()) ?? ''
  expect(shown).toContain(stack.dapp)
  expect(shown).toContain(CONFLUX)
  expect(shown).toContain(coreAddress)
  // A plain transfer to a user address: no warning, a plain Approve.
  expect(await screen.locator('.warning').count()).toBe(0)
  expect(await screen.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(1)
  const zh = await screenInChinese()
  expect(zh.intent).toMatch(/^向 .+ 发送 0\.5 CFX$/)
  expect(zh.text).toContain(recipient)
  await shoot(signer.page, '20-approve-conflux-transfer')
  await approve(signer.page)

  const result = conflux.locator('.result').nth(2)
  await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('executed in epoch')
  const hash = /transaction (0x[0-9a-f]{64})/.exec((await result.textContent()) ?? '')?.[1]
  expect(hash).toBeDefined()
  const receipt = (await cfx(stack, 'cfx_getTransactionReceipt', [hash])) as {
    outcomeStatus: string
    from: string
    to: string
  }
  expect(receipt.outcomeStatus).toBe('0x0')
  // The node answers verbose addresses (`net2029:type.user:…`): compare what they encode.
  expect(decodeBase32Address(receipt.from.toLowerCase())).toEqual(decodeBase32Address(coreAddress))
  expect(decodeBase32Address(receipt.to.toLowerCase())).toEqual(decodeBase32Address(recipient))
  expect(BigInt((await cfx(stack, 'cfx_getBalance', [recipient])) as string)).toBe(
    parseEther('0.5'),
  )
})

test('Solana: the signer shows the message; the dapp and Ed25519 under the Home address verify it', async () => {
  evidence('chain-requests-solana')
  const solana = section('Solana (same Tessera pairing, Wallet Standard)')
  await solana.getByRole('button', { name: 'Use Solana' }).click()
  await expect.poll(() => solana.locator('dd').first().textContent()).toBe(solanaAddress)

  const message = `Sign in to the Tessera demo ${Date.now()}`
  await solana.getByLabel('Message').fill(message)
  await solana.getByRole('button', { name: 'Sign', exact: true }).first().click()

  const screen = await approvalScreen(signer.page)
  await expect.poll(() => screen.textContent()).toContain(message)
  expect(await signer.page.locator('#approve-intent').textContent()).toBe('Sign a message')
  const shown = (await screen.textContent()) ?? ''
  expect(shown).toContain(stack.dapp)
  // The dapp pairs for devnet (its `chains` preference): the screen names that network.
  expect(shown).toContain('solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1')
  expect(shown).not.toContain('solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp')
  expect(await screen.locator('.warning').count()).toBe(0)
  const zh = await screenInChinese()
  expect(zh.intent).toBe('签名一条消息')
  expect(zh.text).toContain(message)
  await shoot(signer.page, '21-approve-solana-message')
  await approve(signer.page)

  const result = solana.locator('.result').nth(1)
  await expect
    .poll(() => result.textContent())
    .toContain('signature verified: Ed25519 under the account key')
  const signature = (await result.locator(':scope > *').first().textContent()) ?? ''
  const bytes = base58.decode(signature.trim())
  expect(bytes).toHaveLength(64)
  const publicKey = base58.decode(solanaAddress)
  expect(ed25519.verify(bytes, new TextEncoder().encode(message), publicKey)).toBe(true)
  // The same signature does not verify another message.
  expect(ed25519.verify(bytes, new TextEncoder().encode(`${message}.`), publicKey)).toBe(false)
})
