/**
 * Test-only: a real `@tessera/relay` in this process on loopback, port 0, with a temporary data
 * directory, that can be stopped and started again on the same port and data (a restart).
 * `WebSocket` is `ws`'s class for the clients. Never used by package code; not exported.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RelayConfig, startRelay } from '@tessera/relay'
import WebSocket from 'ws'
import type { WebSocketConstructor } from '../relay/types.ts'

export const NodeWebSocket = WebSocket as unknown as WebSocketConstructor

export interface RelayHarness {
  readonly url: string
  readonly port: number
  stop(): Promise<void>
  /** Starts again on the same port and data directory. */
  start(): Promise<void>
  /** Stops and removes the data directory. */
  dispose(): Promise<void>
}

export async function startRelayHarness(
  overrides: Partial<RelayConfig> = {},
): Promise<RelayHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-core-relay-'))
  const config: Partial<RelayConfig> = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    logLevel: 'silent',
    fsyncIntervalMs: 0,
    ...overrides,
  }
  let relay = await startRelay(config)
  const port = relay.port
  let running = true
  return {
    url: relay.url,
    port,
    async stop() {
      if (!running) return
      running = false
      await relay.close()
    },
    async start() {
      if (running) return
      relay = await startRelay({ ...config, port })
      running = true
    },
    async dispose() {
      if (running) await relay.close()
      running = false
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
