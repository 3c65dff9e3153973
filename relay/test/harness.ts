/**
 * Test helper: starts an in-process relay on an ephemeral port with a temporary data directory
 * and quiet logs, and tears both down. Test-only.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RelayConfig } from '../src/config.ts'
import { type RunningRelay, type StartOptions, startRelay } from '../src/startRelay.ts'

export const topicOf = (): string => randomBytes(32).toString('hex')

export async function testRelay(
  overrides: Partial<RelayConfig> = {},
  options: StartOptions = {},
): Promise<RunningRelay & { dataDir: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-test-'))
  const relay = await startRelay({ port: 0, dataDir, logLevel: 'silent', ...overrides }, options)
  return {
    ...relay,
    dataDir,
    async stop() {
      await relay.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
