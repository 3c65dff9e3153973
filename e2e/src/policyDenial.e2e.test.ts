/**
 * A co-signer policy denial, seen by the person and by the dapp: one signer app onboarded (as a
 * test user of its own) and paired with the demo dapp; an administrator sets a policy for that
 * user through the co-signer's admin API (`PUT /v1/admin/policies/<identity>/*`, the identity read
 * from the app's Settings); then —
 * a blocked spender: Permit2 typed data naming a spender on the policy's deny list is approved
 * in the app, the co-signer refuses it, the app says why in words (the rule's sentence, in both
 * languages) and names the rule (`recipients.deny`), and the dapp's result line shows the
 * wallet's answer (the co-signer policy refused the request);
 * a method the policy leaves out: with a policy that allows no `personal_sign`, an approved
 * message is refused with the rule `methods`, told in its own sentence.
 * Nothing is signed in either case (the dapp never shows a signature).
 */
import { DEFAULT_POLICY } from '@tessera/cosigner'
import type { Browser } from 'playwright-core'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, inject, onTestFailed, test } from 'vitest'
import {
  desktopPage,
  launchChromium,
  phonePage,
  saveEvidence,
  type WatchedPage,
} from './browser.ts'
import {
  addressOn,
  approvalScreen,
  approve,
  devLogin,
  keepBackupByPhrase,
  shoot,
} from './signerApp.ts'

const stack = inject('stack')
const adminToken = inject('cosignerAdminToken')

/** Every signing method of the co-signer's default policy (its own list, so the two cannot drift). */
const DEFAULT_METHODS = [...(DEFAULT_POLICY.methods ?? [])]

let browser: Browser
let signer: WatchedPage
let dapp: WatchedPage
let address: string
let identity: string

const evidence = (flow: string) =>
  onTestFailed(() => saveEvidence(`policy-denial-${flow}`, { dapp, signer }))

/** A section of the dapp page by its heading. */
const section = (heading: string) =>
  dapp.page.locator('section', { has: dapp.page.getByRole('heading', { name: heading }) })

/** Sets the policy for this flow's user (every dapp), as an administrator does. */
async function setPolicy(policy: object): Promise<void> {
  const response = await fetch(
    `${stack.cosigner}/v1/admin/policies/${encodeURIComponent(identity)}/*`,
    {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(policy),
    },
  )
  expect(response.status, await response.clone().text()).toBe(200)
}

/** The app's error panel once it names a rule; returns the alert. */
async function denialShown(rule: string) {
  const alert = signer.page.getByRole('alert').filter({ has: signer.page.locator('.rule') })
  await alert.waitFor()
  expect(await alert.locator('.rule').getAttribute('data-rule')).toBe(rule)
  return alert
}

beforeAll(async () => {
  browser = await launchChromium()
  dapp = await desktopPage(browser)
  signer = await phonePage(browser)
  try {
    await signer.page.goto(`${stack.signer}/?lang=en`)
    await signer.page.getByRole('heading', { name: 'Your wallet, in two halves' }).waitFor()
    await devLogin(signer.page, `e2e-policy-${Date.now().toString(36)}`)
    await signer.page.getByRole('button', { name: 'Create wallet' }).click()
    await signer.page
      .getByRole('heading', { name: 'Back up your wallet' })
      .waitFor({ timeout: 240_000 })
    await keepBackupByPhrase(signer.page, false)
    address = await addressOn(signer.page, 'eip155:31337')
    // Who the co-signer knows this person as: the app's Settings say it.
    await signer.page.getByRole('button', { name: 'Settings', exact: true }).click()
    const account = signer.page.locator('.field', { hasText: 'Logged in as' }).locator('dd')
    identity = (await account.textContent()) ?? ''
    expect(identity).toMatch(/^oidc:http:\/\/127\.0\.0\.1:\d+:dev-e2e-policy-/)
    await signer.page.getByRole('button', { name: 'Home', exact: true }).click()
    // Paired with the demo dapp by the modal's deep link.
    await dapp.page.goto(`${stack.dapp}/?lang=en`)
    await dapp.page.getByRole('button', { name: 'Connect with Tessera' }).click()
    const link = dapp.page.locator('tessera-connect-modal a[data-kind="signer"]')
    await link.waitFor()
    await signer.page.goto((await link.getAttribute('href')) ?? '')
    await signer.page.getByText('A dapp asks to connect').waitFor()
    await signer.page.getByRole('button', { name: 'Connect', exact: true }).first().click()
    await signer.page.getByText(/^Connected to /).waitFor()
    await dapp.page.getByText(address).first().waitFor()
  } catch (error) {
    await saveEvidence('policy-denial-setup', { dapp, signer })
    throw error
  }
}, 240_000)
afterAll(() => browser?.close())

test('a spender on the deny list: the app tells the rule in words, the dapp is refused', async () => {
  evidence('recipients-deny')
  const blocked = privateKeyToAccount(generatePrivateKey()).address
  await setPolicy({ methods: DEFAULT_METHODS, recipients: { deny: [blocked] } })
  const typed = section('Sign typed data (Permit2 PermitSingle)')
  await typed.getByLabel('Spender').fill(blocked)
  await typed.getByLabel('Amount').fill('1000')
  await typed.getByRole('button', { name: 'Sign', exact: true }).click()
  const screen = await approvalScreen(signer.page)
  await expect.poll(() => screen.textContent()).toContain(blocked)
  await approve(signer.page)
  const alert = await denialShown('recipients.deny')
  const text = (await alert.textContent()) ?? ''
  expect(text).toContain('The co-signer’s policy refused this request.')
  expect(text).toContain('The recipient or spender is on your policy’s list of blocked addresses.')
  expect(text).toContain('Policy rule: recipients.deny')
  // The dapp hears the wallet's refusal (4100, the policy named), not a signature.
  const result = typed.locator('.result')
  await expect
    .poll(() => result.textContent())
    .toMatch(/^failed: .*The wallet’s co-signer policy refused the request\./)
  // viem's sentence for EIP-1193 code 4100 (unauthorized) heads the line, the wallet's reason after.
  expect(await result.textContent()).toContain(
    'The requested method and/or account has not been authorized by the user.',
  )
  expect(await result.textContent()).not.toContain('signature verified')
  // The same screen in Chinese (and back), saved for the record.
  await shoot(signer.page, '20-policy-denied')
  await signer.page.getByRole('button', { name: '切换到简体中文' }).click()
  await expect
    .poll(() => alert.textContent())
    .toContain('收款方或授权对象在您的策略的禁止地址名单上。')
  expect(await alert.textContent()).toContain('策略规则：recipients.deny')
  await signer.page.getByRole('button', { name: 'Switch to English' }).click()
  await signer.page.locator('html[lang="en"]').waitFor()
  await alert.getByRole('button', { name: 'Dismiss' }).click()
  await alert.waitFor({ state: 'detached' })
})

test('a method the policy leaves out: personal_sign refused by the rule "methods"', async () => {
  evidence('methods')
  await setPolicy({ methods: DEFAULT_METHODS.filter((method) => method !== 'personal_sign') })
  const sign = section('Sign a message')
  const message = `not allowed ${Date.now()}`
  await sign.getByLabel('Message').fill(message)
  await sign.getByRole('button', { name: 'Sign', exact: true }).click()
  const screen = await approvalScreen(signer.page)
  await expect.poll(() => screen.textContent()).toContain(message)
  await approve(signer.page)
  const alert = await denialShown('methods')
  expect(await alert.textContent()).toContain('Your policy does not allow this kind of request.')
  await expect
    .poll(() => sign.locator('.result').textContent())
    .toMatch(/^failed: .*The wallet’s co-signer policy refused the request\./)
})
