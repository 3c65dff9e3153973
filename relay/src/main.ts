#!/usr/bin/env node
/**
 * The relay's command: reads flags and environment (see README), starts one node, and shuts it
 * down gracefully on SIGINT/SIGTERM. Logs JSON lines to stdout; exits 2 on a configuration error and
 * 1 when it cannot start (port in use, data directory locked, Redis unreachable).
 */
import { ConfigError, loadConfig } from './config.ts'
import { startRelay } from './startRelay.ts'

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(process.argv.slice(2), process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
  let relay: Awaited<ReturnType<typeof startRelay>>
  try {
    relay = await startRelay(config)
  } catch (error) {
    // Port in use, data directory locked, Redis unreachable: one line saying which, exit 1.
    process.stderr.write(`relay failed to start: ${(error as Error).message}\n`)
    process.exit(1)
  }
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

await main()
