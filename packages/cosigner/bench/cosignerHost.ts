/**
 * Benchmark helper, run as a child process by bench/index.ts: one real co-signer
 * (`startCosigner`, PGlite in a temporary directory or PostgreSQL) alone in its process, so that
 * `process.cpuUsage()` here is the co-signer's CPU time and nothing else (the device client runs
 * in the parent). Talks to the parent over the fork IPC channel only: `{ready}` once listening,
 * `{cpu}` on request, and closes the co-signer on `close`. Never used outside the benchmark.
 */

import { createLogger } from '../src/log.ts'
import { type StartOptions, startCosigner } from '../src/startCosigner.ts'

export type HostRequest = { type: 'cpu' } | { type: 'close' }
export type HostMessage =
  | { type: 'ready'; url: string; mpcUrl: string; noiseStaticKey: string }
  | { type: 'cpu'; userUs: number; systemUs: number }

const send = (message: HostMessage) => process.send?.(message)
const options = JSON.parse(process.env.BENCH_COSIGNER_OPTIONS ?? '{}') as StartOptions
const cosigner = await startCosigner({ ...options, logger: createLogger('silent') })
process.on('message', (request: HostRequest) => {
  if (request.type === 'cpu') {
    const { user, system } = process.cpuUsage()
    send({ type: 'cpu', userUs: user, systemUs: system })
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
