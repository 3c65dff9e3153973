/**
 * The product's processes on embedded defaults, as one table: what `npm start` runs and what the
 * end-to-end flows start (the same code). Each service says how to start it (a `node` process in
 * its own process group, so stopping it stops everything it spawned), how to know it is up (its
 * health URL) and what to tell the user. No PostgreSQL, Redis or other set-up is needed.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { root } from './setup.mjs'

const tsx = ['--conditions=source', '--import', 'tsx']
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js')

/** Default ports; each can be changed with the environment variable of the same name. */
export const DEFAULT_PORTS = {
  RELAY_PORT: 8787,
  COSIGNER_PORT: 8788,
  DEV_LOGIN_PORT: 8790,
  DEVCHAIN_PORT: 8545,
  DEVCHAIN_CONFLUX_PORT: 12537,
  // The Conflux node's peer-to-peer (TCP and UDP) and stratum ports; 0: the devchain picks free ones.
  DEVCHAIN_CONFLUX_P2P_PORT: 0,
  DEVCHAIN_CONFLUX_STRATUM_PORT: 0,
  DAPP_PORT: 5173,
  SIGNER_PORT: 5174,
}

/** The OIDC client id the development login issues tokens for, and the co-signer accepts. */
export const DEV_LOGIN_CLIENT_ID = 'tessera-signer'

/**
 * The service table for `host`, `ports` and `dataDir`. `devLogin: false` leaves the development
 * login out (and the co-signer without OIDC). The clustered topology (both optional, default
 * off): `redis: { url, prefix, publicUrl }` runs the relay on Redis, with one more relay node for
 * each port of `extraRelayPorts` (services `relay-2`, …); `publicUrl` is the one URL clients use
 * for the cluster (a load balancer in front of the nodes: every node accepts it as JWT `aud`, and
 * the demos are given it); `postgres: { url, schema }` runs the co-signer on PostgreSQL (the
 * schema must exist) with a master key file kept in `dataDir`.
 */
export function serviceTable({
  host,
  ports,
  dataDir,
  devLogin = true,
  redis,
  extraRelayPorts = [],
  postgres,
}) {
  const http = (port) => `http://${host}:${port}`
  if (extraRelayPorts.length > 0 && redis === undefined) {
    throw new Error('extraRelayPorts: more relay nodes need `redis` (a shared mailbox)')
  }
  const relayPorts = [ports.RELAY_PORT, ...extraRelayPorts]
  const relays = relayPorts.map((port) => `ws://${host}:${port}`)
  const urls = {
    relay: relays[0],
    relays,
    cosigner: http(ports.COSIGNER_PORT),
    devLogin: http(ports.DEV_LOGIN_PORT),
    devchain: http(ports.DEVCHAIN_PORT),
    dapp: http(ports.DAPP_PORT),
    signer: http(ports.SIGNER_PORT),
  }
  const demoEnv = {
    VITE_TESSERA_RELAY_URL: redis?.publicUrl ?? relays[0],
    VITE_TESSERA_RPC_URL: urls.devchain,
    VITE_TESSERA_CHAIN_ID: '31337',
    // The demo token's fixed address (demos/devchain DEMO_TOKEN_ADDRESS; checked at deploy).
    VITE_TESSERA_TOKEN: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    VITE_TESSERA_COSIGNER_URL: urls.cosigner,
    VITE_TESSERA_DEV_LOGIN_URL: devLogin ? urls.devLogin : '',
    VITE_TESSERA_DEVCHAIN_URL: urls.devchain,
    VITE_TESSERA_SIGNER_URL: urls.signer,
    VITE_TESSERA_DAPP_URL: urls.dapp,
    // Development only: the Telegram double may use the local EVM chain, so a Mini App opened
    // from the stack can pair with the demo dapp. A real Mini App deployment keeps Telegram's
    // own rule (TON only, the engine's PLATFORM_CHAINS) or sets its list here.
    VITE_TESSERA_CHAINS_TELEGRAM: 'eip155:31337',
  }
  const relayServices = relayPorts.map((port, index) => {
    const name = index === 0 ? 'relay' : `relay-${index + 1}`
    return {
      name,
      cwd: join(root, 'relay'),
      args: [...tsx, 'src/main.ts'],
      env: {
        RELAY_HOST: host,
        RELAY_PORT: String(port),
        RELAY_DATA_DIR: join(dataDir, name),
        ...(redis === undefined
          ? {}
          : {
              RELAY_STORAGE: 'redis',
              RELAY_REDIS_URL: redis.url,
              RELAY_REDIS_PREFIX: redis.prefix,
              RELAY_NODE_ID: name,
              ...(redis.publicUrl === undefined
                ? {}
                : { RELAY_PUBLIC_URLS: `${redis.publicUrl},${relays[index]}` }),
            }),
      },
      health: `${http(port)}/health`,
      open: [
        [`${name} (WebSocket, WalletConnect-compatible)`, relays[index]],
        [`${name} health / metrics`, `${http(port)}/health  /metrics`],
      ],
    }
  })
  if (postgres !== undefined) {
    // The co-signer on PostgreSQL needs a master key; keep it with the run's data (0600).
    mkdirSync(join(dataDir, 'cosigner'), { recursive: true, mode: 0o700 })
    const keyFile = join(dataDir, 'cosigner', 'master.key')
    if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32), { mode: 0o600 })
  }
  const services = [
    ...relayServices,
    devLogin && {
      name: 'dev-login',
      cwd: join(root, 'demos', 'dev-login'),
      args: [...tsx, 'src/main.ts'],
      env: {
        DEV_LOGIN_HOST: host,
        DEV_LOGIN_PORT: String(ports.DEV_LOGIN_PORT),
        DEV_LOGIN_CLIENT_ID,
        DEV_LOGIN_REDIRECT_ORIGINS: [urls.signer, urls.dapp].join(','),
      },
      health: `${urls.devLogin}/health`,
      open: [['development login (OIDC issuer, DEVELOPMENT ONLY)', urls.devLogin]],
    },
    {
      name: 'cosigner',
      cwd: join(root, 'packages', 'cosigner'),
      args: [...tsx, 'src/main.ts'],
      env: {
        COSIGNER_HOST: host,
        COSIGNER_PORT: String(ports.COSIGNER_PORT),
        COSIGNER_DATA_DIR: join(dataDir, 'cosigner'),
        ...(postgres === undefined
          ? {}
          : {
              COSIGNER_STORAGE: 'postgres',
              COSIGNER_DATABASE_URL: postgres.url,
              COSIGNER_DATABASE_SCHEMA: postgres.schema ?? '',
              COSIGNER_MASTER_KEY_FILE: join(dataDir, 'cosigner', 'master.key'),
            }),
        ...(devLogin ? { COSIGNER_OIDC_PROVIDERS: `${DEV_LOGIN_CLIENT_ID}@${urls.devLogin}` } : {}),
      },
      health: `${urls.cosigner}/health`,
      open: [
        ['co-signer (login, JWKS, audit; MPC at /v1/mpc)', urls.cosigner],
        ['co-signer health / status', `${urls.cosigner}/health  /v1/status`],
      ],
    },
    {
      name: 'devchain',
      cwd: join(root, 'demos', 'devchain'),
      args: [...tsx, 'src/main.ts'],
      env: {
        DEVCHAIN_HOST: host,
        DEVCHAIN_PORT: String(ports.DEVCHAIN_PORT),
        DEVCHAIN_CONFLUX_PORT: String(ports.DEVCHAIN_CONFLUX_PORT),
        DEVCHAIN_CONFLUX_P2P_PORT: String(ports.DEVCHAIN_CONFLUX_P2P_PORT),
        DEVCHAIN_CONFLUX_STRATUM_PORT: String(ports.DEVCHAIN_CONFLUX_STRATUM_PORT),
        DEVCHAIN_DATA_DIR: join(dataDir, 'conflux'),
      },
      health: `${urls.devchain}/health`,
      open: [
        ['local EVM chain 31337 (hardhat JSON-RPC)', urls.devchain],
        ['local Conflux Core chain 2029 (JSON-RPC)', `${urls.devchain}/conflux`],
        ['faucet (POST {"address":"0x…"})', `${urls.devchain}/faucet`],
      ],
    },
    {
      name: 'dapp',
      cwd: join(root, 'demos', 'dapp'),
      args: [vite, '--host', host, '--port', String(ports.DAPP_PORT), '--strictPort'],
      env: demoEnv,
      health: `${urls.dapp}/`,
      open: [['demo dapp', urls.dapp]],
    },
    {
      name: 'signer',
      cwd: join(root, 'demos', 'signer'),
      args: [vite, '--host', host, '--port', String(ports.SIGNER_PORT), '--strictPort'],
      env: demoEnv,
      health: `${urls.signer}/`,
      open: [['signer app (open on a phone, or beside the dapp)', urls.signer]],
    },
  ]
  return {
    urls,
    services: services.filter(
      (service) => service && existsSync(join(service.cwd, 'package.json')),
    ),
  }
}

/** The OS's ephemeral range (ports it hands out for port 0 and outgoing connections), if known. */
function ephemeralRange() {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number)
    return Number.isInteger(low) && Number.isInteger(high) ? { low, high } : undefined
  } catch {
    return undefined
  }
}

/** Listens on `port` (0: the OS picks) and closes again; resolves the port, or null if taken. */
function probePort(port, host) {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error) => (error.code === 'EADDRINUSE' ? resolve(null) : reject(error)))
    probe.listen(port, host, () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

/** Where `freePort` looks: from here up to just below the OS's ephemeral range. */
const QUIET_PORTS_FROM = 20_000
/** Ports this process handed out already: never twice, though each is free again until bound. */
const handedOut = new Set()

/**
 * A TCP port free on `host` right now, for a service that binds it a moment later (tests that run
 * the stack beside others). It is taken below the OS's ephemeral range, where no bind to port 0
 * and no outgoing connection anywhere on the machine can take it in the meantime. With the OS's
 * own pick, a test elsewhere binding port 0 could get the port before our service did: the
 * service then failed to start while its health check was answered by the other test's server.
 * Where the range is unknown (not Linux), the OS picks.
 */
export async function freePort(host = '127.0.0.1') {
  const range = ephemeralRange()
  if (range !== undefined && range.low - QUIET_PORTS_FROM > 1_000) {
    for (let attempt = 0; attempt < 64; attempt++) {
      const port = QUIET_PORTS_FROM + Math.floor(Math.random() * (range.low - QUIET_PORTS_FROM))
      if (handedOut.has(port) || (await probePort(port, host)) === null) continue
      handedOut.add(port)
      return port
    }
  }
  return probePort(0, host)
}

/** Free ports for every service, for a stack that must not collide with `npm start`'s defaults. */
export async function freePorts(host = '127.0.0.1') {
  const ports = {}
  for (const name of Object.keys(DEFAULT_PORTS)) ports[name] = await freePort(host)
  return ports
}

/** Polls a health URL until it answers 2xx, the child exits, or `ms` pass. */
async function waitHealthy(url, ms, child) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (response.ok) return true
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
}

function prefixLines(stream, write) {
  let pending = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk) => {
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) write(line)
  })
}

/** Sends `signal` to the child's whole process group (it was spawned detached). */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/**
 * Starts every present service of the table at once and waits for each health check.
 * Resolves to `{ urls, rows, stop, restart, kill }`; rejects (after stopping what started) when one
 * fails.
 * `log(name, line)` receives each output line; `onExit(name, code)` an unexpected exit;
 * `onHealthy(name, ms)` each service's first healthy answer (ms since the start);
 * `only` (service names) starts just those, e.g. the e2e benchmark's relay, co-signer and login.
 */
export async function startServices({
  host = '127.0.0.1',
  ports = DEFAULT_PORTS,
  dataDir,
  devLogin = true,
  log = () => {},
  onExit = () => {},
  onHealthy = () => {},
  healthTimeoutMs = 120_000,
  only,
  redis,
  extraRelayPorts,
  postgres,
}) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const table = serviceTable({ host, ports, dataDir, devLogin, redis, extraRelayPorts, postgres })
  const { urls } = table
  const services =
    only === undefined ? table.services : table.services.filter((s) => only.includes(s.name))
  const children = []
  let stopping = false

  async function stop() {
    stopping = true
    const exited = children.map(
      ({ child }) =>
        new Promise((done) =>
          child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', done),
        ),
    )
    for (const { child } of children) signalGroup(child, 'SIGTERM')
    const force = setTimeout(() => {
      for (const { child } of children) signalGroup(child, 'SIGKILL')
    }, 10_000)
    await Promise.all(exited)
    clearTimeout(force)
    // Grandchildren (vite's esbuild, the Conflux node's threads) share the group: make sure.
    for (const { child } of children) signalGroup(child, 'SIGKILL')
  }

  const launch = (service) => {
    const child = spawn(process.execPath, service.args, {
      cwd: service.cwd,
      env: { ...process.env, ...service.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    const entry = { service, child, restarting: false }
    prefixLines(child.stdout, (line) => log(service.name, line))
    prefixLines(child.stderr, (line) => log(service.name, line))
    child.on('exit', (code, signal) => {
      if (!stopping && !entry.restarting) onExit(service.name, code ?? signal)
    })
    return entry
  }
  for (const service of services) children.push(launch(service))

  /** Kills one service (SIGKILL to its process group: a crash) and waits for it to exit. */
  async function kill(name) {
    const index = children.findIndex((entry) => entry.service.name === name)
    const entry = children[index]
    if (entry === undefined) throw new Error(`no service named ${name}`)
    entry.restarting = true
    const { child } = entry
    const exited = new Promise((done) =>
      child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', done),
    )
    signalGroup(child, 'SIGKILL')
    await exited
    return { index, entry }
  }

  /**
   * Kills one service (SIGKILL to its process group: a crash, not a clean shutdown; a service
   * already killed by `kill` stays so) and starts it again on the same port and data directory,
   * resolving once it is healthy again.
   */
  async function restart(name) {
    const { index, entry } = await kill(name)
    const next = launch(entry.service)
    children[index] = next
    if (!(await waitHealthy(entry.service.health, healthTimeoutMs, next.child))) {
      throw new Error(`${name} did not become healthy again (${entry.service.health})`)
    }
  }

  const started = Date.now()
  const results = await Promise.all(
    children.map(async ({ service, child }) => {
      const healthy = await waitHealthy(service.health, healthTimeoutMs, child)
      if (healthy) onHealthy(service.name, Date.now() - started)
      return { service, healthy }
    }),
  )
  const failed = results.filter((result) => !result.healthy)
  if (failed.length > 0) {
    await stop()
    const names = failed.map(({ service }) => `${service.name} (${service.health})`).join(', ')
    throw new Error(`did not become healthy: ${names}`)
  }
  return {
    urls,
    rows: services.flatMap((service) => service.open),
    stop,
    restart,
    kill: async (name) => {
      await kill(name)
    },
  }
}
