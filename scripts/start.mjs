/**
 * `npm start`: sets up a fresh machine (pnpm, dependencies), then starts every Tessera service
 * that exists on embedded defaults — no PostgreSQL, Redis or other set-up needed — waits until
 * each answers its health check, and prints what to open. Ctrl-C stops everything gracefully.
 * Services are one table below; each new service adds a row.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePnpm, installDependencies, root, step } from './setup.mjs'

const dataDir = join(root, '.tessera', 'data')
const host = process.env.TESSERA_HOST ?? '127.0.0.1'

/** Every service: how to start it, how to know it is up, and what to tell the user. */
const services = [
  {
    name: 'relay',
    present: existsSync(join(root, 'relay', 'src', 'main.ts')),
    command: ['pnpm', '--silent', '--filter', '@tessera/relay', 'exec', 'tsx', 'src/main.ts'],
    env: {
      RELAY_HOST: host,
      RELAY_PORT: process.env.RELAY_PORT ?? '8787',
      RELAY_DATA_DIR: join(dataDir, 'relay'),
    },
    health: (env) => `http://${env.RELAY_HOST}:${env.RELAY_PORT}/health`,
    open: (env) => [
      ['relay (WebSocket, WalletConnect-compatible)', `ws://${env.RELAY_HOST}:${env.RELAY_PORT}`],
      ['relay health', `http://${env.RELAY_HOST}:${env.RELAY_PORT}/health`],
      ['relay metrics', `http://${env.RELAY_HOST}:${env.RELAY_PORT}/metrics`],
    ],
  },
  {
    name: 'cosigner',
    present: existsSync(join(root, 'packages', 'cosigner', 'src', 'main.ts')),
    command: ['pnpm', '--silent', '--filter', '@tessera/cosigner', 'exec', 'tsx', 'src/main.ts'],
    env: {
      COSIGNER_HOST: host,
      COSIGNER_PORT: process.env.COSIGNER_PORT ?? '8788',
      COSIGNER_DATA_DIR: join(dataDir, 'cosigner'),
    },
    health: (env) => `http://${env.COSIGNER_HOST}:${env.COSIGNER_PORT}/health`,
    open: (env) => [
      [
        'co-signer (login, JWKS, audit; MPC at /v1/mpc)',
        `http://${env.COSIGNER_HOST}:${env.COSIGNER_PORT}`,
      ],
      ['co-signer status', `http://${env.COSIGNER_HOST}:${env.COSIGNER_PORT}/v1/status`],
      ['co-signer JWKS', `http://${env.COSIGNER_HOST}:${env.COSIGNER_PORT}/.well-known/jwks.json`],
    ],
  },
].filter((service) => service.present)

ensurePnpm()
installDependencies()
mkdirSync(dataDir, { recursive: true })

const children = []
let stopping = false

function stopAll(code) {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  const deadline = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
    process.exit(code)
  }, 10_000)
  deadline.unref()
  Promise.all(
    children.map(
      (child) =>
        new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done())),
    ),
  ).then(() => process.exit(code))
}

process.on('SIGINT', () => stopAll(0))
process.on('SIGTERM', () => stopAll(0))

function prefixLines(stream, name) {
  let pending = ''
  stream.on('data', (chunk) => {
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) console.log(`[${name}] ${line}`)
  })
}

/** Polls a health URL until it answers 200, for at most `ms` milliseconds. */
async function waitHealthy(url, ms, child) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false
    try {
      const response = await fetch(url)
      if (response.ok) return true
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return false
}

const rows = []
for (const service of services) {
  step(`starting ${service.name}`)
  // Workspace packages resolve to their TypeScript sources (the `source` export condition).
  const env = { ...process.env, NODE_OPTIONS: '--conditions=source', ...service.env }
  const [command, ...args] = service.command
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  prefixLines(child.stdout, service.name)
  prefixLines(child.stderr, service.name)
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${service.name} exited with code ${code}; stopping everything`)
      stopAll(1)
    }
  })
  if (!(await waitHealthy(service.health(service.env), 60_000, child))) {
    console.error(`${service.name} did not become healthy at ${service.health(service.env)}`)
    stopAll(1)
    break
  }
  rows.push(...service.open(service.env))
}

if (!stopping) {
  const width = Math.max(...rows.map(([label]) => label.length))
  console.log('\nTessera is running. Open:')
  for (const [label, url] of rows) console.log(`  ${label.padEnd(width)}  ${url}`)
  console.log(`\nData is kept in ${dataDir}. Press Ctrl-C to stop.`)
}
