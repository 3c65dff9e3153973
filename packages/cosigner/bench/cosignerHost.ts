/**
 * Benchmark helper, run as a child process by bench/index.ts: one real co-signer
 * (`startCosigner`, PGlite in a temporary directory or PostgreSQL) alone in its process, so that
 * `process.cpuUsage()` here is the co-signer's CPU time and nothing else (the device client runs
 * in the parent). Talks to the parent over the fork IPC channel only: `{ready}` once listening,
 * `{cpu}` on request (with its PostgreSQL statement count and event-loop time), a V8 CPU profile of a window on `profile` (written to BENCH_CPU_PROF_DIR),
 * and closes the co-signer on `close`. Never used outside the benchmark.
 */

import { mkdir, writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { createLogger } from '../src/log.ts'
import { type StartOptions, startCosigner } from '../src/startCosigner.ts'

export type HostRequest =
  | { type: 'cpu' }
  | { type: 'profile'; on: boolean; name: string }
  | { type: 'close' }
export type HostMessage =
  | { type: 'ready'; url: string; mpcUrl: string; noiseStaticKey: string }
  | {
      type: 'cpu'
      userUs: number
      systemUs: number
      /** PostgreSQL round trips so far (every statement, BEGIN and COMMIT included). */
      statements: number
      /** Event-loop time so far, ms: busy and idle (performance.eventLoopUtilization). */
      eluActiveMs: number
      eluIdleMs: number
    }
  | { type: 'profiled' }

const send = (message: HostMessage) => process.send?.(message)
// Every statement this process sends (through the pool or a transaction's client) is counted.
let statements = 0
const query = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements += 1
  return (query as (...a: unknown[]) => unknown).apply(this, args)
} as typeof query
const options = JSON.parse(process.env.BENCH_COSIGNER_OPTIONS ?? '{}') as StartOptions
const cosigner = await startCosigner({ ...options, logger: createLogger('silent') })
const profileDir = process.env.BENCH_CPU_PROF_DIR
let inspector: Session | undefined

/** Starts or stops a CPU profile of this process (only with BENCH_CPU_PROF_DIR). */
async function profile(on: boolean, name: string) {
  if (profileDir === undefined) return
  if (on) {
    inspector = new Session()
    inspector.connect()
    await inspector.post('Profiler.enable')
    await inspector.post('Profiler.start')
    return
  }
  if (inspector === undefined) return
  const { profile: taken } = await inspector.post('Profiler.stop')
  await mkdir(profileDir, { recursive: true })
  await writeFile(join(profileDir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(taken))
  inspector.disconnect()
  inspector = undefined
}

process.on('message', (request: HostRequest) => {
  if (request.type === 'cpu') {
    const { user, system } = process.cpuUsage()
    const elu = performance.eventLoopUtilization()
    send({
      type: 'cpu',
      userUs: user,
      systemUs: system,
      statements,
      eluActiveMs: elu.active,
      eluIdleMs: elu.idle,
    })
    return
  }
  if (request.type === 'profile') {
    void profile(request.on, request.name).then(() => send({ type: 'profiled' }))
    return
  }
  void cosigner.close().then(() => process.disconnect())
})
send({
  type: 'ready',
  url: cosigner.url,
  mpcUrl: cosigner.mpcUrl,
  noiseStaticKey: cosigner.noiseStaticKey,
})
