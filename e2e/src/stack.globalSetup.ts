/**
 * Starts the product once for every e2e flow, with the same code as `npm start`
 * (`scripts/services.mjs`) on free loopback ports and a fresh data directory, and stops it — every
 * process and port — when the flows end. Flows read the URLs with `inject('stack')`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import {
  freePorts,
  type RunningServices,
  type ServiceUrls,
  startServices,
} from '../../scripts/services.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ServiceUrls
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'))
  const ports = await freePorts()
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
