/**
 * A second run on the clustered topology, with its own small stack started by the same code as
 * `npm start` (scripts/services.mjs): two relay nodes on Redis (a unique key prefix per run), the
 * co-signer on PostgreSQL (a fresh schema per run), the development login and the two demo apps
 * (no local chains: nothing here is mined). Clients reach the cluster by one URL, a load balancer
 * (`relayFront.ts`) that serves the dapp page from relay A and the signer app from relay B.
 * One onboarding on PostgreSQL, then:
 * pairing across the two relays, and a personal_sign approved in the signer, verified on the dapp;
 * relay A killed (SIGKILL) with a request pending — already shown in the signer — which is approved
 * while A is down: the dapp, reconnected through the balancer to relay B, gets the answer (kept in
 * Redis): nothing acknowledged is lost; then a new request on the same session.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, onTestFailed, test } from 'vitest'
import {
  freePort,
  freePorts,
  type RunningServices,
  startServices,
} from '../../scripts/services.mjs'
import {
  desktopPage,
  launchChromium,
  phonePage,
  saveEvidence,
  type WatchedPage,
} from './browser.ts'
import { type ClusterStores, createClusterStores } from './clusterStores.ts'
import { type RelayFront, startRelayFront } from './relayFront.ts'
import { approvalScreen, approve, readySigner } from './signerApp.ts'
import { phaseTimer } from './timings.ts'

const mark = phaseTimer('clusterTopology')
let stores: ClusterStores | undefined
let running: RunningServices | undefined
let front: RelayFront | undefined
let dataDir: string | undefined
const lines: string[] = []
let browser: Browser
let dapp: WatchedPage
let signer: WatchedPage
let address: string

const urls = () => {
  if (running === undefined) throw new Error('the clustered stack is not running')
  return running.urls
}
const evidence = (flow: string) => onTestFailed(() => saveEvidence(flow, { dapp, signer }))

/** A section of the dapp page by its heading. */
const section = (heading: string) =>
  dapp.page.locator('section', { has: dapp.page.getByRole('heading', { name: heading }) })

/** One gauge of a relay node's Prometheus metrics. */
async function relayMetric(relay: string, name: string): Promise<number> {
  const text = await (await fetch(`${relay.replace(/^ws/, 'http')}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? 0 : Number(line.split(' ')[1])
}

/** The storage engine a service's `/health` reports. */
async function engineOf(base: string): Promise<unknown> {
  const health = (await (await fetch(`${base.replace(/^ws/, 'http')}/health`)).json()) as {
    storage?: { engine?: unknown }
  }
  return health.storage?.engine
}

/** Clicks the dapp's "Sign a message" with `message` and returns the section's result line. */
async function askSignature(message: string) {
  const sign = section('Sign a message')
  await sign.getByLabel('Message').fill(message)
  await sign.getByRole('button', { name: 'Sign', exact: true }).click()
  return sign.locator('.result')
}

/** Waits for the signer's approval screen to show `message` from the dapp's origin. */
async function screenShows(message: string): Promise<void> {
  const screen = await approvalScreen(signer.page)
  await expect.poll(() => screen.textContent()).toContain(message)
  expect(await screen.textContent()).toContain(urls().dapp)
}

beforeAll(async () => {
  mark('imported')
  stores = await createClusterStores()
  mark('redis prefix and schema')
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-cluster-'))
  const frontPort = await freePort()
  const ports = await freePorts()
  try {
    running = await startServices({
      dataDir,
      ports,
      redis: { ...stores.redis, publicUrl: `ws://127.0.0.1:${frontPort}` },
      extraRelayPorts: [await freePort()],
      postgres: stores.postgres,
      only: ['relay', 'relay-2', 'dev-login', 'cosigner', 'dapp', 'signer'],
      log: (name, line) => {
        lines.push(`[${name}] ${line}`)
        if (lines.length > 2_000) lines.shift()
      },
    })
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${lines.slice(-80).join('\n')}`)
  }
  mark('stack started')
  const { relays, dapp: dappOrigin, signer: signerOrigin } = running.urls
  expect(relays).toHaveLength(2)
  front = await startRelayFront({
    port: frontPort,
    nodes: relays,
    route: { [dappOrigin]: 0, [signerOrigin]: 1 },
  })
  browser = await launchChromium()
  dapp = await desktopPage(browser)
  signer = await phonePage(browser)
  mark('browser connected')
  try {
    await signer.page.goto(`${running.urls.signer}/?lang=en`)
    address = await readySigner(signer.page)
    mark('signer onboarded')
  } catch (error) {
    await saveEvidence('cluster-setup', { dapp, signer })
    throw new Error(`${(error as Error).message}\n${lines.slice(-40).join('\n')}`)
  }
}, 400_000)

afterAll(async () => {
  await browser?.close()
  await front?.close()
  await running?.stop()
  await stores?.drop()
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
})

test('pairing across two relays on Redis; a personal_sign approved in the signer, verified on the dapp', async () => {
  evidence('cluster-pair-sign')
  const [relayA, relayB] = urls().relays as [string, string]
  expect([await engineOf(relayA), await engineOf(relayB)]).toEqual(['redis', 'redis'])
  expect(await engineOf(urls().cosigner)).toBe('postgres')
  // The signer app holds its connection on relay B only.
  await expect.poll(() => relayMetric(relayB, 'relay_connections')).toBeGreaterThan(0)
  expect(await relayMetric(relayA, 'relay_connections')).toBe(0)

  await dapp.page.goto(`${urls().dapp}/?lang=en`)
  await dapp.page.getByRole('button', { name: 'Connect with Tessera' }).click()
  const link = dapp.page.locator('tessera-connect-modal a[data-kind="signer"]')
  await link.waitFor()
  // The dapp waits for the signer on relay A.
  await expect.poll(() => relayMetric(relayA, 'relay_connections')).toBeGreaterThan(0)
  await signer.page.goto((await link.getAttribute('href')) ?? '')
  await signer.page.getByText('A dapp asks to connect').waitFor()
  await signer.page.getByRole('button', { name: 'Connect', exact: true }).first().click()
  await signer.page.getByText(/^Connected to /).waitFor()
  await dapp.page.getByText(address).first().waitFor()

  const message = `across two relays ${Date.now()}`
  const result = await askSignature(message)
  await screenShows(message)
  await approve(signer.page)
  await expect.poll(() => result.textContent()).toContain('signature verified')
})

test('relay A killed with a request pending: approved meanwhile, answered through relay B', async () => {
  evidence('cluster-relay-killed')
  if (running === undefined) throw new Error('the clustered stack is not running')
  const message = `relay A killed ${Date.now()}`
  const result = await askSignature(message)
  // Acknowledged: the request went dapp → relay A → Redis → relay B → the signer's screen.
  await screenShows(message)
  const [relayA, relayB] = urls().relays as [string, string]
  await running.kill('relay')
  await expect(fetch(`${relayA.replace(/^ws/, 'http')}/health`)).rejects.toThrow()
  // Approved while A is down: the answer goes out through relay B into the shared mailbox.
  await approve(signer.page)
  await signer.page.getByText(/^Approved and sent to /).waitFor()
  // The dapp, reconnected through the balancer to relay B, gets it.
  await expect.poll(() => result.textContent()).toContain('signature verified')
  expect(await relayMetric(relayB, 'relay_connections')).toBeGreaterThanOrEqual(2)

  // And the session goes on: a new request after the crash.
  const next = `after relay A came back ${Date.now()}`
  const nextResult = await askSignature(next)
  await screenShows(next)
  await approve(signer.page)
  await expect.poll(() => nextResult.textContent()).toContain('signature verified')
})
