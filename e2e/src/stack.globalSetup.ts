/**
 * Starts the product once for every e2e flow, with the same code as `npm start`
 * (`scripts/services.mjs`) on free loopback ports and a fresh data directory, and stops it — every
 * process and port — when the flows end. Flows read the URLs with `inject('stack')`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import {
  DEFAULT_PORTS,
  type PortName,
  type RunningServices,
  type ServiceUrls,
  startServices,
} from '../../scripts/services.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ServiceUrls
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'))
  const ports = {} as Record<PortName, number>
  for (const name of Object.keys(DEFAULT_PORTS) as PortName[]) ports[name] = await freePort()
  const lines: string[] = []
  let running: RunningServices
  try {
    running = await startServices({
      dataDir,
      ports,
      log: (name, line) => {
        lines.push(`[${name}] ${line}`)
        if (lines.length > 2_000) lines.shift()
      },
    })
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    throw new Error(`${(error as Error).message}\n${lines.slice(-80).join('\n')}`)
  }
  project.provide('stack', running.urls)
  return async () => {
    await running.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
