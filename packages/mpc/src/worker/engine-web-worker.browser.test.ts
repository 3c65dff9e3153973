/**
 * In a real browser: the engine in a Web Worker (comlink), party 2 on the page. A 2-of-3 Ed25519
 * DKG, a FROST signature that plain ed25519.verify accepts, and proof that the Worker's share
 * never reached the page: the Worker's test-only hook scans every value that crossed, and a
 * test-side recombination of the share from parties 2 and 3 is the positive control.
 */
import { expect, test } from 'vitest'
import { MpcError } from '../errors.ts'
import { containsAnyBytes } from './debugScan.ts'
import { proxy, wrapMpcEngine } from './exposeMpcEngine.ts'
import { recording, runWorkerFlow } from './test/workerFlow.ts'

test('DKG + FROST with the share inside a Web Worker; the share never reaches the page', async () => {
  const worker = new Worker(new URL('./test/engine.worker.ts', import.meta.url), { type: 'module' })
  try {
    const remote = wrapMpcEngine(worker)
    const crossed: unknown[] = []
    const flow = await runWorkerFlow(recording(remote as never, crossed), (f) => proxy(f))
    expect(typeof document).toBe('object')
    expect(flow.verified).toBe(true)
    expect(flow.progress.map((p) => p.phase)).toEqual([
      'nonce',
      'commit',
      'reveal',
      'confirm',
      'done',
    ])
    expect(await remote.debugShareFoundIn(flow.key.handle, [crossed, flow.progress])).toBe(false)
    expect(containsAnyBytes([crossed, flow.progress], [flow.share1FromOthers])).toBe(false)
    // The worker's private round-3 values crossed the page sealed only.
    expect(flow.privateFromWorker).toHaveLength(1)
    expect(containsAnyBytes(crossed, flow.privateFromWorker)).toBe(false)
    expect(await remote.debugShareFoundIn(flow.key.handle, [flow.share1FromOthers])).toBe(true)
    const err = await remote.frostCommit('key-unknown').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MpcError)
    expect((err as MpcError).kind).toBe('Malformed')
  } finally {
    worker.terminate()
  }
})
