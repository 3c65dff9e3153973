/**
 * Vitest `globalSetup` of the browser project: a real `@tessera/relay` in the Node process
 * (loopback, port 0, temporary data directory) for browser tests that run both sides of a session
 * in the page, since a page cannot start servers. The URL reaches the tests through
 * `provide('tesseraRelayUrl')` / `inject`. Test-only; never imported by package code.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// By path: this file is loaded outside the `source` export condition, and the relay has no dist in a checkout.
import { startRelay } from '@tessera/relay/testing'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    tesseraRelayUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-browser-relay-'))
  const relay = await startRelay({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    logLevel: 'silent',
    fsyncIntervalMs: 0,
  })
  project.provide('tesseraRelayUrl', relay.url)
  return async () => {
    await relay.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
