/**
 * Starts the product once for every e2e flow, with the same code as `npm start`
 * (`scripts/services.mjs`) on free loopback ports and a fresh data directory, and stops it — every
 * process and port — when the flows end. Meanwhile it launches one Chromium for every flow
 * (`inject('chromium')`, a Playwright browser server on loopback): each flow connects to it and
 * makes browser contexts of its own (`launchChromium` in `browser.ts`), instead of starting a
 * browser per file. Flows read the URLs with `inject('stack')`; a flow that
 * kills and restarts a service (the relay mid-session) posts to `inject('stackControl')`
 * (`POST /restart/<service>`, loopback only; see `restartService` in `stackControl.ts`).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { TestProject } from 'vitest/node'
import {
  freePorts,
  type RunningServices,
  type ServiceUrls,
  startServices,
} from '../../scripts/services.mjs'
import { chromiumArgs, chromiumPath } from '../../vite.config.ts'
import { phaseTimer } from './timings.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ServiceUrls
    stackControl: string
    /** The shared Chromium's Playwright endpoint (`chromium.connect`). */
    chromium: string
    /** The co-signer's Telegram bot token (random per run) for the Telegram initData double. */
    telegramBotToken: string
    /** The co-signer's admin token (random per run), for flows that set a policy through its admin API. */
    cosignerAdminToken: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mark = phaseTimer('stack')
  const browserServer = chromium.launchServer({
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
    host: '127.0.0.1',
  })
  browserServer.then(
    () => mark('chromium launched'),
    () => {},
  )
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'))
  const ports = await freePorts()
  const lines: string[] = []
  // A random bot token per run: the co-signer checks Telegram initData against it (HMAC), and
  // the Telegram flow signs its initData double with it. The services inherit this environment.
  const telegramBotToken = `${700_000_000 + Math.floor(Math.random() * 1e8)}:${randomBytes(26).toString('base64url')}`
  process.env.COSIGNER_TELEGRAM_BOT_TOKEN = telegramBotToken
  // The co-signer's admin API (policies) is on only with a token: a random one per run, so the
  // policy-denial flow can set a rule for its own test user (`PUT /v1/admin/policies/…`).
  const cosignerAdminToken = randomBytes(32).toString('base64url')
  process.env.COSIGNER_ADMIN_TOKEN = cosignerAdminToken
  let running: RunningServices
  try {
    running = await startServices({
      dataDir,
      ports,
      onHealthy: (name) => mark(`${name} healthy`),
      // A service that dies under the flows would otherwise show only as timeouts in every flow
      // after it: say which one, and what it printed last.
      onExit: (name, code) => {
        const own = lines.filter((line) => line.startsWith(`[${name}] `)).slice(-40)
        console.error(`[e2e stack] ${name} exited (${code}); its last lines:\n${own.join('\n')}`)
      },
      log: (name, line) => {
        lines.push(`[${name}] ${line}`)
        if (lines.length > 2_000) lines.shift()
      },
    })
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    await browserServer.then(
      (server) => server.close(),
      () => {},
    )
    throw new Error(`${(error as Error).message}\n${lines.slice(-80).join('\n')}`)
  }
  mark('services healthy')
  let server: Awaited<typeof browserServer>
  try {
    server = await browserServer
  } catch (error) {
    await running.stop()
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  project.provide('chromium', server.wsEndpoint())
  project.provide('stack', running.urls)
  project.provide('telegramBotToken', telegramBotToken)
  project.provide('cosignerAdminToken', cosignerAdminToken)
  const control = createServer((request, response) => {
    const name = /^\/restart\/([a-z-]+)$/.exec(request.url ?? '')?.[1]
    if (request.method !== 'POST' || name === undefined) {
      response.writeHead(404).end()
      return
    }
    running.restart(name).then(
      () => response.writeHead(204).end(),
      (error: Error) => response.writeHead(500).end(error.message),
    )
  })
  await new Promise<void>((listening) => control.listen(0, '127.0.0.1', listening))
  const address = control.address()
  project.provide(
    'stackControl',
    `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`,
  )
  return async () => {
    await server.close()
    await new Promise((closed) => control.close(closed))
    await running.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
