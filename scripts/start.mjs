/**
 * `npm start`: sets up a fresh machine (pnpm, dependencies), then starts the whole product on
 * embedded defaults — relay (file mailbox), co-signer (PGlite) with a DEVELOPMENT login on, local
 * EVM and Conflux chains with a faucet and a demo token, the demo dapp and the signer app — waits
 * for every health check, and prints what to open, with terminal QR codes of the signer app and the
 * demo dapp (uqr's text rendering, for a phone on the same network). Ctrl-C stops every process and frees every
 * port. `TESSERA_HOST` makes it reachable from a phone on the same network; ports are in
 * `scripts/services.mjs` (`RELAY_PORT`, `COSIGNER_PORT`, … override them);
 * `TESSERA_DEV_LOGIN=0` turns the development login off; `TESSERA_DATA_DIR` moves the data.
 */
import { join } from 'node:path'
import { DEFAULT_PORTS, startServices } from './services.mjs'
import { ensurePnpm, installDependencies, root, step } from './setup.mjs'

const dataDir = process.env.TESSERA_DATA_DIR ?? join(root, '.tessera', 'data')
const host = process.env.TESSERA_HOST ?? '127.0.0.1'
const ports = Object.fromEntries(
  Object.entries(DEFAULT_PORTS).map(([name, port]) => [name, Number(process.env[name] ?? port)]),
)
for (const [name, port] of Object.entries(ports)) {
  // A port whose default is 0 may stay 0: that service picks a free one.
  const lowest = DEFAULT_PORTS[name] === 0 ? 0 : 1
  if (!Number.isInteger(port) || port < lowest || port > 65_535) {
    console.error(`${name} must be a port number (${lowest}–65535), got "${process.env[name]}"`)
    process.exit(2)
  }
}

ensurePnpm()
installDependencies()

let running
let stopping = false
async function stopAll(code) {
  if (stopping) return
  stopping = true
  console.log('\nstopping every service…')
  await running?.stop()
  process.exit(code)
}
process.on('SIGINT', () => void stopAll(0))
process.on('SIGTERM', () => void stopAll(0))

step('starting the relay, the co-signer, the development login, the local chains and the demos')
try {
  running = await startServices({
    host,
    ports,
    dataDir,
    devLogin: process.env.TESSERA_DEV_LOGIN !== '0',
    log: (name, line) => console.log(`[${name}] ${line}`),
    onExit: (name, code) => {
      console.error(`${name} exited (${code}); stopping everything`)
      void stopAll(1)
    },
  })
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}

if (!stopping) {
  const width = Math.max(...running.rows.map(([label]) => label.length))
  console.log('\nTessera is running. Open:')
  for (const [label, url] of running.rows) console.log(`  ${label.padEnd(width)}  ${url}`)
  // uqr is a dependency, installed above: imported only now. Light modules are blocks, for
  // terminals with a dark background.
  const { renderUnicodeCompact } = await import('uqr')
  for (const [label, url] of [
    ['signer app (scan with a phone)', running.urls.signer],
    ['demo dapp', running.urls.dapp],
  ]) {
    console.log(`\n  ${label}: ${url}`)
    const qr = renderUnicodeCompact(url, { border: 2 })
    console.log(qr.replace(/^/gm, '  '))
  }
  console.log(`\nData is kept in ${dataDir}. Press Ctrl-C to stop.`)
}
