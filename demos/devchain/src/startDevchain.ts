/**
 * Starts both development chains and their HTTP face; what `npm start` and the end-to-end flows
 * run. Returns the URL and a `stop` that frees every port and removes nothing the caller owns.
 */
import { mkdirSync } from 'node:fs'
import { createServer as createNetServer } from 'node:net'
import { type ConfluxChain, startConfluxChain } from './confluxChain.ts'
import { type DevchainServer, type FaucetAmounts, startDevchainServer } from './devchainServer.ts'
import { type EvmChain, startEvmChain } from './evmChain.ts'

export interface DevchainOptions {
  host?: string
  /** Port of the HTTP face (EVM RPC, Conflux proxy, faucet); 0 picks a free one. */
  port?: number
  /** Port of the Conflux node's own JSON-RPC; 0 picks a free one. */
  confluxPort?: number
  /** The Conflux node's peer-to-peer port (TCP and UDP); 0 picks a free one. */
  confluxP2pPort?: number
  /** The Conflux node's stratum port; 0 picks a free one. */
  confluxStratumPort?: number
  /** Where the Conflux node keeps its chain. */
  dataDir: string
  faucet?: FaucetAmounts
}

export interface Devchain {
  readonly url: string
  readonly evm: EvmChain
  readonly conflux: ConfluxChain
  stop(): Promise<void>
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

export async function startDevchain(options: DevchainOptions): Promise<Devchain> {
  const host = options.host ?? '127.0.0.1'
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const confluxPort = options.confluxPort || (await freePort(host))
  const [evm, conflux] = await Promise.all([
    startEvmChain(),
    startConfluxChain({
      host,
      port: confluxPort,
      p2pPort: options.confluxP2pPort || (await freePort(host)),
      stratumPort: options.confluxStratumPort || (await freePort(host)),
      dataDir: options.dataDir,
    }),
  ])
  let server: DevchainServer
  try {
    server = await startDevchainServer({
      host,
      port: options.port ?? 0,
      evm,
      conflux,
      ...(options.faucet === undefined ? {} : { faucet: options.faucet }),
    })
  } catch (error) {
    await conflux.stop()
    throw error
  }
  return {
    url: server.url,
    evm,
    conflux,
    async stop() {
      await server.close()
      await conflux.stop()
    },
  }
}
