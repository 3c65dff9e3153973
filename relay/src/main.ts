#!/usr/bin/env node
/**
 * The relay's command: reads flags and environment (see README; `--help` prints the table),
 * reports unknown `RELAY_*` variables, starts one node, and shuts it down gracefully on
 * SIGINT/SIGTERM. Logs JSON lines to stdout. Anything that stops it from starting (a bad option,
 * port in use, data directory locked, Redis unreachable) is one `fatal` line and exit code 2.
 */
import { createLogger, helpText, startOrExit } from '@tessera/server-kit'
import { OPTION_TABLE, readRelayOptions } from './config.ts'
import { startRelay } from './startRelay.ts'

const USAGE = 'usage: tessera-relay [options]'
// Start-up lines (the unknown-variable warning, a fatal error) go to stderr, synchronously.
const fatal = createLogger({
  level: 'info',
  base: { service: 'relay' },
  sink: (line) => process.stderr.write(line),
})

const relay = await startOrExit(async () => {
  const { config, help, unknownEnv } = readRelayOptions(process.argv.slice(2), process.env)
  if (help) {
    process.stdout.write(helpText(OPTION_TABLE, USAGE))
    process.exit(0)
  }
  if (unknownEnv.length > 0) fatal.warn('unknown_environment', { variables: unknownEnv })
  return startRelay(config)
}, fatal)

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
