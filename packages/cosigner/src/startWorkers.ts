/**
 * `--workers N` (N > 1): this process becomes the node:cluster primary and forks N workers, each
 * a whole co-signer (`startCosigner`) listening on the one port; the primary accepts connections
 * and hands them to the workers in turn (round-robin). Workers share nothing in memory: single-use
 * presignatures and nonces, the audit chain, key locks, policy counters and the JWT and Noise
 * keys live in PostgreSQL, exactly as for separate processes behind a proxy
 * (docs/COSIGNER.md#several-processes), so PGlite is refused. Resolves once every worker serves
 * (a worker that exits first fails the start); a worker that dies later is replaced; `close()`
 * stops every worker gracefully (SIGTERM) and resolves once all have exited.
 * Never logs a secret: workers inherit the environment, nothing is passed on the command line.
 */
import cluster, { type Worker } from 'node:cluster'
import type { Logger } from '@tessera/server-kit'
import { CosignerError } from './errors.ts'
import type { RunningCosigner } from './startCosigner.ts'

/** What a worker tells the primary once it serves (startCosigner resolved). */
export interface WorkerStarted {
  type: 'cosigner_started'
  url: string
  noiseStaticKey: string
}

const isStarted = (m: unknown): m is WorkerStarted =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'cosigner_started'

export function startWorkers(count: number, log: Logger): Promise<RunningCosigner> {
  let closing = false
  const live = new Set<Worker>()
  const fork = (): Promise<WorkerStarted> => {
    const worker = cluster.fork()
    live.add(worker)
    return new Promise<WorkerStarted>((resolve, reject) => {
      let started = false
      worker.on('message', (m: unknown) => {
        if (!isStarted(m) || started) return
        started = true
        log.info('worker_started', { worker: worker.id, pid: worker.process.pid })
        resolve(m)
      })
      worker.once('exit', (code, signal) => {
        live.delete(worker)
        if (!started) {
          reject(
            new CosignerError(
              'Misconfigured',
              `co-signer worker ${worker.id} exited (code ${code}, signal ${signal}) before it served: see its own lines`,
            ),
          )
          return
        }
        if (closing) return
        // A worker that died while serving: its runs failed as for a crashed process (nothing
        // half-written); a new one takes its place.
        log.warn('worker_exited', { worker: worker.id, code, signal })
        fork().catch((error: unknown) =>
          log.error('worker_replace_failed', { error: String(error) }),
        )
      })
    })
  }
  const close = async () => {
    closing = true
    const exits = [...live].map(
      (w) => new Promise<void>((resolve) => w.once('exit', () => resolve())),
    )
    for (const w of live) w.process.kill('SIGTERM')
    await Promise.all(exits)
  }
  return Promise.all(Array.from({ length: count }, fork)).then(
    ([first]) => {
      const { url, noiseStaticKey } = first as WorkerStarted
      log.info('workers_started', { workers: count, url })
      return { url, mpcUrl: `${url.replace(/^http/, 'ws')}/v1/mpc`, noiseStaticKey, close }
    },
    async (error: unknown) => {
      await close()
      throw error
    },
  )
}
