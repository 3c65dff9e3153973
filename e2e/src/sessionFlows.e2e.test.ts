/**
 * One signer app, onboarded once (onboarding is two DKGs with OT set-up: the expensive part), and
 * the demo dapp paired with it by the modal's deep link, then — in this order, each flow starting
 * from where the previous one left the pages —
 * requests: Permit2 typed data and an ETH transfer, each approved after the approval screen showed
 * what is signed, the typed data verified by the dapp, the transfer mined on hardhat;
 * both pages reloaded mid-session: the session resumes, no new pairing, a request still works;
 * the signer closed while the dapp sends: the request waits in the relay's mailbox and is
 * answered when the signer opens again;
 * the relay killed and restarted mid-session, with a request waiting in its mailbox: nothing lost;
 * two dapps (two origins) paired at once: each request reaches the signer under its own origin and
 * its answer only its own page;
 * expiry: a request nobody answers before its deadline fails in the dapp with the expiry error
 * and leaves the signer's approval screen.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { createPublicClient, http, parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import { afterAll, beforeAll, expect, inject, onTestFailed, test } from 'vitest'
import {
  desktopPage,
  launchChromium,
  phonePage,
  saveEvidence,
  type WatchedPage,
  watch,
} from './browser.ts'
import { approvalScreen, approve, readySigner } from './signerApp.ts'
import { restartService } from './stackControl.ts'
import { phaseTimer } from './timings.ts'

const stack = inject('stack')
const chain = createPublicClient({ chain: hardhat, transport: http(stack.devchain) })
/** The second dapp: the same demo served under another origin (localhost, not 127.0.0.1). */
const secondOrigin = stack.dapp.replace('127.0.0.1', 'localhost')
const relayHttp = stack.relay.replace(/^ws/, 'http')
const mark = phaseTimer('sessionFlows')

let browser: Browser
let signerContext: BrowserContext
let signer: WatchedPage
let dapp: WatchedPage
let second: WatchedPage | undefined
let address: string

const evidence = (flow: string) =>
  onTestFailed(() =>
    saveEvidence(flow, { dapp, signer, ...(second === undefined ? {} : { second }) }),
  )

/** A section of the dapp page by its heading. */
const section = (page: WatchedPage, heading: string) =>
  page.page.locator('section', { has: page.page.getByRole('heading', { name: heading }) })

/** Opens `url` (the demo dapp), clicks Connect and opens the modal's deep link in the signer. */
async function pairByLink(target: WatchedPage, url: string): Promise<void> {
  await target.page.goto(url)
  await target.page.getByRole('button', { name: 'Connect with Tessera' }).click()
  const link = target.page.locator('tessera-connect-modal a[data-kind="signer"]')
  await link.waitFor()
  await signer.page.goto((await link.getAttribute('href')) ?? '')
  await signer.page.getByText('A dapp asks to connect').waitFor()
  await signer.page.getByRole('button', { name: 'Connect', exact: true }).first().click()
  await signer.page.getByText(/^Connected to /).waitFor()
  await target.page.getByText(address).first().waitFor()
}

/** Clicks the dapp's "Sign a message" with `message` and returns the section's result line. */
async function askSignature(target: WatchedPage, message: string) {
  const sign = section(target, 'Sign a message')
  await sign.getByLabel('Message').fill(message)
  await sign.getByRole('button', { name: 'Sign', exact: true }).click()
  return sign.locator('.result')
}

/** Approves the waiting personal_sign of `message` and waits for `result` to verify it. */
async function approveSignature(
  result: ReturnType<WatchedPage['page']['locator']>,
  message: string,
  origin: string,
): Promise<void> {
  const screen = await approvalScreen(signer.page)
  await expect.poll(() => screen.textContent()).toContain(message)
  expect(await screen.textContent()).toContain(origin)
  await approve(signer.page)
  await expect.poll(() => result.textContent()).toContain('signature verified')
  await signer.page.getByText(/^Approved and sent to /).waitFor()
}

/** One figure of the relay's Prometheus metrics. */
async function relayMetric(name: string): Promise<number> {
  const text = await (await fetch(`${relayHttp}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? 0 : Number(line.split(' ')[1])
}

/** Opens the signer app again in its (persistent) browser context. */
async function reopenSigner(): Promise<void> {
  signer = watch(await signerContext.newPage())
  await signer.page.goto(`${stack.signer}/?lang=en`)
}

beforeAll(async () => {
  mark('imported')
  browser = await launchChromium()
  dapp = await desktopPage(browser)
  signer = await phonePage(browser)
  signerContext = signer.page.context()
  try {
    await signer.page.goto(`${stack.signer}/?lang=en`)
    address = await readySigner(signer.page)
    mark('signer onboarded')
    await pairByLink(dapp, `${stack.dapp}/?lang=en`)
    mark('paired')
    // ETH for the transfer, from the devchain's faucet through the dapp's button.
    const faucet = section(dapp, 'Faucet (local chains)')
    await faucet.getByRole('button', { name: 'Fund this account' }).click()
    // (A hook may not poll: the page state is waited for by the locator.)
    await faucet.locator('.result', { hasText: 'ETH balance' }).waitFor({ timeout: 60_000 })
    mark('funded')
  } catch (error) {
    await saveEvidence('session-flows-setup', { dapp, signer })
    throw error
  }
}, 400_000)
afterAll(() => browser?.close())

test('Permit2 typed data, unlimited: the screen names spender and token, warns in red, needs a hold; the dapp verifies', async () => {
  evidence('requests-permit2')
  const typed = section(dapp, 'Sign typed data (Permit2 PermitSingle)')
  const spender = await typed.getByLabel('Spender').inputValue()
  const token = await typed.getByLabel('Token').inputValue()
  // The largest uint160: an allowance without limit, which the screen must call dangerous.
  await typed.getByLabel('Amount').fill(String(2n ** 160n - 1n))
  await typed.getByRole('button', { name: 'Sign', exact: true }).click()
  const screen = await approvalScreen(signer.page)
  await expect.poll(() => screen.textContent()).toContain(spender)
  const shown = (await screen.textContent()) ?? ''
  expect(shown).toContain(token)
  expect(shown).toContain(stack.dapp)
  expect(await signer.page.locator('#approve-intent').textContent()).toMatch(
    /^Allow 0x3fC9…7FAD to spend/,
  )
  const danger = screen.locator('.warning.danger[data-code="UnlimitedAllowance"]')
  expect(await danger.getAttribute('role')).toBe('alert')
  expect(await danger.textContent()).toMatch(/^Danger: /)
  // A dangerous request has no plain Approve: it must be held.
  expect(await screen.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0)
  await approve(signer.page)
  await expect
    .poll(() => typed.locator('.result').textContent())
    .toContain('signature verified: recovers to the account')
})

test('ETH transfer: the approval screen names recipient and amount; mined on hardhat', async () => {
  evidence('requests-eth-transfer')
  const recipient = privateKeyToAccount(generatePrivateKey()).address
  const send = section(dapp, 'Send ETH')
  await send.getByLabel('To').fill(recipient)
  await send.getByLabel('Amount').fill('0.25')
  await send.getByRole('button', { name: 'Send', exact: true }).click()
  const screen = await approvalScreen(signer.page)
  await expect.poll(() => screen.textContent()).toContain(recipient)
  expect(await signer.page.locator('#approve-intent').textContent()).toBe(
    `Send 0.25 ETH to ${recipient.slice(0, 6)}…${recipient.slice(-4)}`,
  )
  // A plain transfer to an address: no warning, a plain Approve.
  expect(await screen.locator('.warning').count()).toBe(0)
  await approve(signer.page)
  await expect.poll(() => send.locator('.result').textContent()).toContain('mined in block')
  expect(await chain.getBalance({ address: recipient })).toBe(parseEther('0.25'))
})

test('both pages reloaded mid-session: the session resumes without a new pairing; a request still works', async () => {
  evidence('reload-both')
  const sessionsBefore = await signer.page.locator('ul.sessions li').count()
  await Promise.all([dapp.page.reload(), signer.page.reload()])
  // The dapp shows the account again by itself; its Connect modal never opened.
  await dapp.page.getByText(address).first().waitFor()
  expect(await dapp.page.locator('tessera-connect-modal').getByRole('dialog').isVisible()).toBe(
    false,
  )
  await signer.page.getByRole('heading', { name: 'Your addresses' }).waitFor()
  await expect.poll(() => signer.page.locator('ul.sessions li').count()).toBe(sessionsBefore)
  const message = `after reload ${Date.now()}`
  const result = await askSignature(dapp, message)
  await approveSignature(result, message, stack.dapp)
})

test('signer closed while the dapp sends: the request waits in the relay and is answered when the signer opens', async () => {
  evidence('signer-closed')
  await signer.page.close()
  const held = await relayMetric('relay_mailbox_messages')
  const message = `while the signer was closed ${Date.now()}`
  const result = await askSignature(dapp, message)
  // The relay holds the request for the absent signer.
  await expect.poll(() => relayMetric('relay_mailbox_messages')).toBeGreaterThan(held)
  expect(await result.textContent()).toBe('')
  await reopenSigner()
  await approveSignature(result, message, stack.dapp)
})

test('relay killed and restarted mid-session: the waiting request and the session survive', async () => {
  evidence('relay-restart')
  await signer.page.close()
  const held = await relayMetric('relay_mailbox_messages')
  const message = `across a relay restart ${Date.now()}`
  const result = await askSignature(dapp, message)
  await expect.poll(() => relayMetric('relay_mailbox_messages')).toBeGreaterThan(held)
  await restartService('relay')
  // The restarted relay still holds the request (its mailbox is on disk).
  expect(await relayMetric('relay_mailbox_messages')).toBeGreaterThan(held)
  await reopenSigner()
  await approveSignature(result, message, stack.dapp)
  // And a new request on the same session after the restart.
  const next = `after the relay restart ${Date.now()}`
  await approveSignature(await askSignature(dapp, next), next, stack.dapp)
})

test('two dapps paired at once stay isolated', async () => {
  evidence('two-dapps')
  second = await desktopPage(browser)
  await pairByLink(second, `${secondOrigin}/?lang=en`)
  await signer.page.getByRole('button', { name: 'Home', exact: true }).click()
  await expect.poll(() => signer.page.locator('ul.sessions li').count()).toBe(2)

  // The second dapp's request reaches the signer under its origin; the answer reaches only it.
  const firstResult = section(dapp, 'Sign a message').locator('.result')
  const firstBefore = await firstResult.textContent()
  const message = `from the second dapp ${Date.now()}`
  const result = await askSignature(second, message)
  await approveSignature(result, message, secondOrigin)
  expect(await firstResult.textContent()).toBe(firstBefore)

  // And the first dapp's request under the first origin, its answer only to the first page.
  const secondBefore = await result.textContent()
  const other = `from the first dapp ${Date.now()}`
  await approveSignature(await askSignature(dapp, other), other, stack.dapp)
  expect(await result.textContent()).toBe(secondBefore)
})

test('expiry: a request nobody answers before its deadline fails in the dapp with the expiry error', async () => {
  evidence('expiry')
  const page = second ?? dapp
  const origin = second === undefined ? stack.dapp : secondOrigin
  await signer.page.close()
  // The dapp's requests get a 3-second deadline (the demo's `requestTimeout` setting); the
  // persisted session resumes under it.
  await page.page.goto(`${origin}/?lang=en&requestTimeout=3000`)
  await page.page.getByText(address).first().waitFor()
  const result = await askSignature(page, `nobody answers ${Date.now()}`)
  await expect
    .poll(() => result.textContent())
    .toMatch(/^failed: .*\(The wallet did not answer within 3 s; the request timed out\.\)$/)
  // The signer, opened after the deadline, is not asked the expired request: the next request
  // (from the first dapp) is the first and only one on its screen.
  await reopenSigner()
  await signer.page.getByRole('heading', { name: 'Your addresses' }).waitFor()
  const message = `after the expired one ${Date.now()}`
  const next = await askSignature(dapp, message)
  const screen = await approvalScreen(signer.page)
  await expect.poll(() => screen.textContent()).toContain(message)
  expect(await screen.textContent()).not.toContain('more waiting')
  await approveSignature(next, message, stack.dapp)
})
