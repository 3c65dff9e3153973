/**
 * Vitest `globalSetup` of the browser project: a way for Chromium tests to reach a REAL co-signer
 * PROCESS (`packages/cosigner/src/main.ts`, started the way `scripts/services.mjs` starts it, on
 * PGlite in a temporary data directory), since a page cannot start servers. Only a small control
 * server starts with the run; the co-signer starts on the first `GET /cosigner` (browser test files
 * that do not use it pay nothing). The control server's URL reaches tests through
 * `inject('tesseraCosignerControl')`. Routes (CORS open, loopback only):
 * - `GET /cosigner` → `{ url, mpcUrl, noiseStaticKey }`: `url` is `/api` here, which forwards
 *   HTTP to the co-signer (the same-origin reverse proxy the signer app has in front of it; the
 *   co-signer itself sends no CORS headers); `mpcUrl` is the co-signer's own `/v1/mpc` WebSocket
 *   (direct, no relay); `noiseStaticKey` is read from its `/v1/status`, to be pinned;
 * - `GET /oidc?sub=…` → an ID token from the local OIDC issuer double the co-signer trusts;
 * - `GET /telegram?id=…` → Telegram Mini App `initData` signed with the co-signer's test bot token.
 * TEST DOUBLES are only the two login providers. Test-only; never imported by package code.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHmac, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type OidcDouble, startOidcDouble } from '@tessera/cosigner/testing'
import type { TestProject } from 'vitest/node'
import { freePort } from '../../../../scripts/services.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    tesseraCosignerControl: string
  }
}

const HOST = '127.0.0.1'
const OIDC_CLIENT_ID = 'tessera'
const TELEGRAM_BOT_TOKEN = '7000000002:browser-test-bot-token'
const cosignerDir = fileURLToPath(new URL('../../../cosigner/', import.meta.url))

type Started = {
  readonly child: ChildProcess
  readonly oidc: OidcDouble
  readonly dataDir: string
  readonly url: string
  readonly mpcUrl: string
  readonly noiseStaticKey: string
  readonly output: string[]
}

/** Polls `/health` until it answers, the child exits, or the deadline passes (bounded). */
async function waitHealthy(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the co-signer did not become healthy at ${url}`)
}

async function startCosignerProcess(): Promise<Started> {
  const [oidc, port] = await Promise.all([startOidcDouble(), freePort(HOST)])
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-browser-cosigner-'))
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
    cwd: cosignerDir,
    env: {
      ...process.env,
      COSIGNER_HOST: HOST,
      COSIGNER_PORT: String(port),
      COSIGNER_DATA_DIR: dataDir,
      COSIGNER_OIDC_PROVIDERS: `${OIDC_CLIENT_ID}@${oidc.issuer}`,
      COSIGNER_TELEGRAM_BOT_TOKEN: TELEGRAM_BOT_TOKEN,
      COSIGNER_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const output: string[] = []
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'))
    if (output.length > 200) output.shift()
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const url = `http://${HOST}:${port}`
  try {
    await waitHealthy(url, child, 120_000)
    const status = (await (await fetch(`${url}/v1/status`)).json()) as {
      noise: { staticKey: string }
    }
    return {
      child,
      oidc,
      dataDir,
      url,
      mpcUrl: `ws://${HOST}:${port}/v1/mpc`,
      noiseStaticKey: status.noise.staticKey,
      output,
    }
  } catch (error) {
    stopGroup(child)
    await oidc.close()
    rmSync(dataDir, { recursive: true, force: true })
    throw new Error(`${(error as Error).message}\n${output.join('')}`)
  }
}

function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** `initData` as Telegram signs it for a bot (sorted `k=v` lines, HMAC keyed "WebAppData"). */
function telegramInitData(userId: number): string {
  const fields: Record<string, string> = {
    auth_date: String(Math.floor(Date.now() / 1000)),
    query_id: `AAH${userId}`,
    user: JSON.stringify({ id: userId, first_name: 'Browser', username: `user${userId}` }),
  }
  const lines = Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('\n')
  const secret = createHmac('sha256', 'WebAppData').update(TELEGRAM_BOT_TOKEN).digest()
  const hash = createHmac('sha256', secret).update(lines).digest('hex')
  return new URLSearchParams({ ...fields, hash }).toString()
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let started: Promise<Started> | undefined
  const cosigner = () => {
    started ??= startCosignerProcess()
    return started
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.setHeader('access-control-allow-origin', '*')
    response.setHeader('access-control-allow-headers', 'content-type, authorization')
    response.setHeader('access-control-allow-methods', 'GET, POST, PUT, OPTIONS')
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end()
      return
    }
    const url = new URL(request.url ?? '/', `http://${HOST}`)
    const json = (value: unknown) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value))
    if (url.pathname === '/cosigner') {
      const c = await cosigner()
      json({ url: `${control}/api`, mpcUrl: c.mpcUrl, noiseStaticKey: c.noiseStaticKey })
    } else if (url.pathname === '/oidc') {
      const { oidc } = await cosigner()
      const now = Math.floor(Date.now() / 1000)
      const sub = url.searchParams.get('sub') ?? 'browser-user'
      // A new token per request (its own `jti`): two logins in one second are not a replay.
      json({
        idToken: await oidc.sign({
          iss: oidc.issuer,
          aud: OIDC_CLIENT_ID,
          sub,
          iat: now,
          exp: now + 600,
          jti: randomUUID(),
        }),
      })
    } else if (url.pathname === '/telegram') {
      json({ initData: telegramInitData(Number(url.searchParams.get('id') ?? '1')) })
    } else if (url.pathname.startsWith('/api/')) {
      const c = await cosigner()
      const headers: Record<string, string> = {}
      for (const name of ['content-type', 'authorization']) {
        const value = request.headers[name]
        if (typeof value === 'string') headers[name] = value
      }
      const forwarded = await fetch(`${c.url}${url.pathname.slice(4)}${url.search}`, {
        method: request.method ?? 'GET',
        headers,
        ...(request.method === 'GET' || request.method === 'HEAD'
          ? {}
          : { body: new Uint8Array(await body(request)) }),
      })
      const type = forwarded.headers.get('content-type')
      response
        .writeHead(forwarded.status, type === null ? {} : { 'content-type': type })
        .end(Buffer.from(await forwarded.arrayBuffer()))
    } else {
      response.writeHead(404).end()
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500)
      response.end(String((error as Error).message))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve))
  const control = `http://${HOST}:${(server.address() as AddressInfo).port}`
  project.provide('tesseraCosignerControl', control)

  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    if (started === undefined) return
    const c = await started.catch(() => undefined)
    if (c === undefined) return
    const exited = new Promise<void>((resolve) =>
      c.child.exitCode !== null || c.child.signalCode !== null
        ? resolve()
        : c.child.once('exit', () => resolve()),
    )
    stopGroup(c.child)
    const force = setTimeout(() => stopGroup(c.child, 'SIGKILL'), 10_000)
    await exited
    clearTimeout(force)
    await c.oidc.close()
    rmSync(c.dataDir, { recursive: true, force: true })
  }
}
