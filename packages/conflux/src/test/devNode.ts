/**
 * Test-only: a real Conflux Core dev node (conflux-rust as a native addon, @xcfx/node) on a free
 * loopback port, in a fresh data directory, with one genesis account; its JSON-RPC as a
 * `ConfluxRpc`, a receipt waiter, and `stop()` that removes the data. Each call starts its own
 * node: nothing is shared between test files.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from '@xcfx/node'
import type { Hex } from 'viem'
// The workspace's one free-port picker (ports no bind to port 0 elsewhere can take meanwhile).
import { freePort } from '../../../../scripts/services.mjs'
import type { ConfluxRpc } from '../types.ts'

/** The dev chain's Core chain id (its eSpace id is one more). */
export const DEV_CHAIN_ID = 2029

export interface DevNode {
  readonly rpc: ConfluxRpc
  /** Waits for the receipt by asking the node each block interval, up to a deadline. */
  receipt(hash: Hex): Promise<Record<string, unknown>>
  stop(): Promise<void>
}

/** Starts a dev node whose genesis funds the account of `genesisSecret` (0x-hex). */
export async function startDevNode(genesisSecret: Hex): Promise<DevNode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-xcfx-'))
  const port = await freePort()
  let server: Awaited<ReturnType<typeof createServer>> | undefined
  const stop = async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    // Every port the node opens is a free one: the P2P port's default (32323, TCP and UDP) is
    // shared by every node on the machine, so two test runs side by side would collide.
    const p2pPort = await freePort()
    server = await createServer({
      jsonrpcHttpPort: port,
      tcpPort: p2pPort,
      udpPort: p2pPort,
      stratumPort: await freePort(),
      chainId: DEV_CHAIN_ID,
      evmChainId: DEV_CHAIN_ID + 1,
      genesisSecrets: [genesisSecret.slice(2)],
      devBlockIntervalMs: 100,
      confluxDataDir: dataDir,
      log: false,
    })
    await server.start()
  } catch (error) {
    await stop()
    throw error
  }
  let id = 0
  const rpc: ConfluxRpc = {
    async request({ method, params = [] }) {
      const response = await fetch(`http://127.0.0.1:${port}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      })
      const body = (await response.json()) as {
        result?: unknown
        error?: { code: number; message: string }
      }
      if (body.error !== undefined) throw { code: body.error.code, message: body.error.message }
      return body.result
    },
  }
  return {
    rpc,
    async receipt(hash) {
      const deadline = Date.now() + 15_000
      while (Date.now() < deadline) {
        const found = await rpc.request({ method: 'cfx_getTransactionReceipt', params: [hash] })
        if (found !== null) return found as Record<string, unknown>
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      throw new Error(`no receipt for ${hash} within 15 s`)
    },
    stop,
  }
}
