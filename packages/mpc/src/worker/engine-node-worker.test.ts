/**
 * The engine in a real Node worker_threads Worker through comlink's Node adapter: a 2-of-3
 * Ed25519 DKG with the page-side party, a FROST signature that plain ed25519.verify accepts, and
 * proof that the Worker's share never crossed the boundary (the Worker's test-only hook scans
 * every recorded value; a test-side recombination of the share is the positive control).
 */
import { Worker } from 'node:worker_threads'
import { afterAll, expect, test } from 'vitest'
import { MpcError } from '../errors.ts'
import { containsAnyBytes } from './debugScan.ts'
import { proxy, wrapMpcEngine } from './exposeMpcEngine.ts'
import { nodeEndpoint } from './nodeEndpoint.ts'
import { recording, runWorkerFlow } from './test/workerFlow.ts'

const worker = new Worker(new URL('./test/tsxBoot.mjs', import.meta.url), {
  workerData: { entry: new URL('./test/node.worker.ts', import.meta.url).href },
})
afterAll(async () => {
  await worker.terminate()
})

test('DKG + FROST with the share inside a worker_threads Worker; the share never crosses', async () => {
  const remote = wrapMpcEngine(nodeEndpoint(worker))
  const crossed: unknown[] = []
  const engine = recording(remote as never, crossed)
  const flow = await runWorkerFlow(engine, (f) => proxy(f))
  expect(flow.verified).toBe(true)
  expect(flow.progress.map((p) => p.phase)).toEqual([
    'nonce',
    'commit',
    'reveal',
    'confirm',
    'done',
  ])
  expect(flow.key.public.publicKey).toEqual(flow.pageShare.publicKey)
  expect(await remote.debugShareFoundIn(flow.key.handle, [crossed, flow.progress])).toBe(false)
  expect(containsAnyBytes([crossed, flow.progress], [flow.share1FromOthers])).toBe(false)
  // The worker's private round-3 values crossed the page sealed only.
  expect(flow.privateFromWorker).toHaveLength(1)
  expect(containsAnyBytes(crossed, flow.privateFromWorker)).toBe(false)
  // Positive control: the hook does find the share when it is there.
  expect(await remote.debugShareFoundIn(flow.key.handle, [{ x: flow.share1FromOthers }])).toBe(true)
  // MpcError crosses with its kind intact.
  const err = await remote.keyInfo('no-such-handle').catch((e: unknown) => e)
  expect(err).toBeInstanceOf(MpcError)
  expect([(err as MpcError).kind, (err as MpcError).message]).toEqual([
    'Malformed',
    'unknown key handle "no-such-handle"',
  ])
})
