/**
 * WeChat SOTER as the co-signer's second factor, through the signer app's approval screen, in
 * Chromium (playwright-core) at a phone viewport. Real parts: the co-signer in-process (PGlite)
 * configured with the repository's WeChat double (jscode2session and `verify_signature`, whose
 * per-user device key stands for the phone's TEE), a real relay, the app served by Vite, and a
 * dapp in this process. The web-view's host is faked only where WeChat's JS-SDK would be:
 * `wx.miniProgram.navigateTo` records the shell hand-offs; the shell's answer is played as the
 * shell sends it (demos/wechat-miniprogram: `wx.reLaunch` of the index page, which opens a NEW
 * web-view at `<origin>/#code=<fresh code>&soter=<JSON>`), here a new page of the same browser
 * profile after the old one is closed.
 *
 * It shows: login with the shell's code; onboarding; pairing from `/pair#<uri>`; a policy with
 * `requireSoter` for this identity (admin API); a personal_sign approved → the co-signer denies it
 * for want of SOTER → the screen asks for a challenge and hands off to the shell (bridge URL with
 * the challenge and the request digest's purpose); an answer after the challenge expired comes
 * back on the reload (sentence, retry); the retry hands off again and a cancelled prompt comes
 * back (sentence, retry); the next retry's answer comes back on the reload → the
 * co-signer verifies it → the request is signed and the signature reaches the dapp, which
 * verifies it (viem). Screenshots of each SOTER screen in English and Chinese go to
 * e2e/artifacts/screens/. (Outside WeChat the denial is explained instead:
 * src/ui/Approve.browser.test.ts.)
 */
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { type Hex, hashMessage, verifyMessage } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DEFAULT_POLICY } from '../../../packages/cosigner/src/index.ts'
import {
  startWeChatDouble,
  type WeChatDouble,
} from '../../../packages/cosigner/src/testing/index.ts'
import { type AppStack, openDappPairing, PHONE, startAppStack } from './appStack.ts'

const here = dirname(fileURLToPath(import.meta.url))
const SCREENS = join(here, '../../../e2e/artifacts/screens')
const ADMIN = 'admin-token-for-the-soter-app-test-0123456789'
const OPENID = 'o-soter-app'

let wechat: WeChatDouble
let stack: AppStack

/** The web-view's `wx.miniProgram`, before the page's scripts: hand-offs are recorded. */
function installWeChat() {
  const w = window as unknown as Record<string, unknown>
  w.__wxjs_environment = 'miniprogram'
  const navigations: string[] = []
  w.__navigations = navigations
  w.wx = {
    miniProgram: {
      navigateTo(options: { url: string; success?: () => void }) {
        navigations.push(options.url)
        setTimeout(() => options.success?.(), 0)
      },
    },
  }
}

/** Saves the current screen in English and in Chinese (the header's language button). */
async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true })
  await page.screenshot({ path: join(SCREENS, `${name}.en.png`), fullPage: true, scale: 'css' })
  await page.getByRole('button', { name: '切换到简体中文' }).click()
  await page.locator('html[lang="zh-CN"]').waitFor()
  await page.screenshot({ path: join(SCREENS, `${name}.zh-CN.png`), fullPage: true, scale: 'css' })
  await page.getByRole('button', { name: 'Switch to English' }).click()
  await page.locator('html[lang="en"]').waitFor()
}

/** The SOTER hand-off the page made: the bridge page's query. */
async function handOff(page: Page, count: number): Promise<URLSearchParams> {
  const handle = await page.waitForFunction(
    (n) => {
      const all = (window as unknown as { __navigations: string[] }).__navigations
      const soter = all.filter((url) => url.includes('action=soter'))
      return soter.length >= n ? soter[n - 1] : false
    },
    count,
    { timeout: 60_000 },
  )
  const url = (await handle.jsonValue()) as string
  expect(url.startsWith('/pages/bridge/bridge?')).toBe(true)
  return new URLSearchParams(url.slice(url.indexOf('?') + 1))
}

beforeAll(async () => {
  wechat = await startWeChatDouble()
  stack = await startAppStack({
    name: 'soter-app',
    cosigner: {
      adminToken: ADMIN,
      wechatAppId: wechat.appId,
      wechatSecret: wechat.secret,
      wechatBaseUrl: wechat.url,
    },
    env: { VITE_TESSERA_CHAINS_WECHAT: 'eip155:1', VITE_TESSERA_CHAINS_BROWSER: 'eip155:1' },
  })
}, 240_000)

afterAll(async () => {
  await stack?.close()
  await wechat?.close()
}, 60_000)

test('requireSoter: the approval screen hands off to WeChat, the answer on the reload verifies and signs', async () => {
  const { origin } = stack
  const identity = `wechat:${wechat.appId}:${OPENID}`
  const { dappRelay, pairing } = await openDappPairing(stack.relay, 'SOTER test dapp')
  const wechatContext = await stack.browser.newContext(PHONE)
  let page: Page | undefined
  try {
    await wechatContext.addInitScript(installWeChat)
    // The shell opens the signer with a fresh wx.login code in the fragment.
    page = await wechatContext.newPage()
    await page.goto(`${origin}/?lang=en#code=${wechat.issueCode({ openid: OPENID })}`)
    await page.getByRole('button', { name: 'Create wallet' }).click({ timeout: 120_000 })
    await page.getByRole('button', { name: 'Remind me later' }).click({ timeout: 180_000 })

    // Pairing as the shell opens it: /pair#<uri>.
    await page.goto(`${origin}/pair#${pairing.uri}`)
    await page.getByText('SOTER test dapp').first().waitFor({ timeout: 60_000 })
    const [session] = await Promise.all([
      pairing.approved,
      page.getByRole('button', { name: 'Connect', exact: true }).first().click(),
    ])
    const account = (session.accounts['eip155:1'] ?? [])[0] as Hex
    expect(account).toMatch(/^0x[0-9a-fA-F]{40}$/)

    // The administrator requires SOTER for every signing of this identity.
    const put = await fetch(
      `${stack.cosigner.url}/v1/admin/policies/${encodeURIComponent(identity)}/*`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ methods: DEFAULT_POLICY.methods, requireSoter: true }),
      },
    )
    expect(put.status, await put.clone().text()).toBe(200)

    const message = `approved with a fingerprint ${Date.now()}`
    const signing = session.request({
      method: 'personal_sign',
      chainId: 'eip155:1',
      params: [`0x${Buffer.from(message).toString('hex')}`, account],
    }) as Promise<Hex>
    await page.getByRole('button', { name: 'Approve', exact: true }).click({ timeout: 60_000 })

    // Denied for want of SOTER: the screen gets a challenge and hands off to the shell.
    const first = await handOff(page, 1)
    const purpose = `digest:${hashMessage(message).slice(2)}`
    expect(first.get('purpose')).toBe(purpose)
    expect(first.get('challenge')).toMatch(/^[A-Za-z0-9_-]{16,512}$/)
    expect((first.get('content') ?? '').length).toBeLessThanOrEqual(42)
    const panel = page.locator('section.soter')
    await expect.poll(() => panel.getAttribute('data-phase')).toBe('handedOff')
    expect(await panel.textContent()).toContain('Confirm with your fingerprint in WeChat.')
    // Kept for the next load: public data only.
    const kept = await page.evaluate(() => localStorage.getItem('tessera.soterPending'))
    expect(kept).toContain(purpose)
    expect(kept).not.toContain(first.get('challenge') ?? '-')
    await shoot(page, '30-soter-handed-off')

    const reopen = async (answer: object) => {
      await page?.close()
      page = await wechatContext.newPage()
      await page.goto(
        `${origin}/#code=${wechat.issueCode({ openid: OPENID })}&soter=${encodeURIComponent(JSON.stringify(answer))}`,
      )
      return page
    }
    // Too slow: the challenge's two minutes are over when the answer comes back (the kept
    // record's expiry moved into the past here, instead of waiting two minutes).
    await page.evaluate(() => {
      const record = JSON.parse(localStorage.getItem('tessera.soterPending') ?? '{}')
      localStorage.setItem(
        'tessera.soterPending',
        JSON.stringify({ ...record, expiresAt: Date.now() - 1000 }),
      )
    })
    let view = await reopen({
      purpose,
      ...wechat.soterDevice(OPENID).authenticate(first.get('challenge') ?? ''),
    })
    const expired = view.locator('section.soter[data-phase="expired"]')
    await expired.waitFor({ timeout: 120_000 })
    expect(await expired.getByRole('alert').textContent()).toBe(
      'The fingerprint confirmation expired (it is valid for 2 minutes). Try again, or reject the request.',
    )
    // The code and the answer left the URL at once; the request is on screen again.
    expect(view.url()).toBe(`${origin}/`)
    expect(await view.locator('#approve-intent').textContent()).toBe('Sign a message')
    await shoot(view, '31-soter-expired')

    // Try again; this time the person cancels WeChat's prompt (the shell sends the errCode).
    await view.getByRole('button', { name: 'Try again' }).click()
    const retried = await handOff(view, 1)
    expect(retried.get('purpose')).toBe(purpose)
    view = await reopen({
      purpose,
      errCode: 90008,
      errMsg: 'startSoterAuthentication:fail user cancel',
    })
    const cancelled = view.locator('section.soter[data-phase="failed"]')
    await cancelled.waitFor({ timeout: 120_000 })
    expect(await cancelled.getByRole('alert').textContent()).toBe(
      'You cancelled the fingerprint confirmation. Try again, or reject the request.',
    )
    await shoot(view, '32-soter-cancelled')

    // Try again: a new challenge, a new hand-off; this time the finger is recognised.
    await view.getByRole('button', { name: 'Try again' }).click()
    const second = await handOff(view, 1)
    expect(second.get('purpose')).toBe(purpose)
    expect(new Set([first, retried, second].map((q) => q.get('challenge'))).size).toBe(3)
    const answer = wechat.soterDevice(OPENID).authenticate(second.get('challenge') ?? '')
    view = await reopen({ purpose, ...answer })
    await view.getByText('Approved and sent to SOTER test dapp.').waitFor({ timeout: 120_000 })
    await shoot(view, '33-soter-approved')
    const signature = await signing
    expect(await verifyMessage({ address: account, message, signature })).toBe(true)
    expect(await view.evaluate(() => localStorage.getItem('tessera.soterPending'))).toBeNull()
    await view.close()
    page = undefined

    session.detach()
  } finally {
    await wechatContext.close()
    await dappRelay.close()
  }
}, 600_000)
