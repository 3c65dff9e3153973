/**
 * `npm start`'s development chains as a process: DEVCHAIN_HOST, DEVCHAIN_PORT (default 8545),
 * DEVCHAIN_CONFLUX_PORT (default 12537), DEVCHAIN_CONFLUX_P2P_PORT and DEVCHAIN_CONFLUX_STRATUM_PORT
 * (free ones when unset), DEVCHAIN_DATA_DIR (required). Prints one JSON line when
 * ready; SIGINT/SIGTERM stop the chains and free the ports.
 */
import { startDevchain } from './startDevchain.ts'

function port(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    console.error(`${name} must be a port number (0–65535), got "${raw}"`)
    process.exit(2)
  }
  return value
}

const dataDir = process.env.DEVCHAIN_DATA_DIR
if (dataDir === undefined || dataDir === '') {
  console.error('DEVCHAIN_DATA_DIR is required (where the Conflux node keeps its chain)')
  process.exit(2)
}

const devchain = await startDevchain({
  host: process.env.DEVCHAIN_HOST ?? '127.0.0.1',
  port: port('DEVCHAIN_PORT', 8545),
  confluxPort: port('DEVCHAIN_CONFLUX_PORT', 12537),
  confluxP2pPort: port('DEVCHAIN_CONFLUX_P2P_PORT', 0),
  confluxStratumPort: port('DEVCHAIN_CONFLUX_STRATUM_PORT', 0),
  dataDir,
})
console.log(
  JSON.stringify({
    level: 'info',
    msg: 'devchain ready',
    url: devchain.url,
    evmChainId: devchain.evm.chainId,
    token: devchain.evm.token.address,
    confluxChainId: devchain.conflux.chainId,
  }),
)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  await devchain.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
