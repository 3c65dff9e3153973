/**
 * In a real browser: the engine in a Web Worker (comlink), party 2 on the page. A 2-of-3 Ed25519
 * DKG and a FROST signature that plain ed25519.verify accepts; a 2-of-3 secp256k1 DKG (pairwise
 * OT setup inside) and a DKLs23 signature that noble's secp256k1.verify accepts. Proof that the
 * Worker's share (and its pair's OT secret Δ) never reached the page: the Worker's test-only hook
 * scans every value that crossed, and a test-side recombination of the share from parties 2 and 3
 * is the positive control.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { expect, test } from 'vitest'
import { MpcError } from '../errors.ts'
import { containsAnyBytes } from './debugScan.ts'
import { proxy, wrapMpcEngine } from './exposeMpcEngine.ts'
import { dklsSign } from './test/dklsFlow.ts'
import { runWorkerDkg } from './test/workerDkg.ts'
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
    expect((err as MpcError).code).toBe('Malformed')
  } finally {
    worker.terminate()
  }
})

test('secp256k1 DKG + DKLs23 with the share inside a Web Worker; neither share nor Δ reaches the page', async () => {
  const worker = new Worker(new URL('./test/engine.worker.ts', import.meta.url), { type: 'module' })
  try {
    const remote = wrapMpcEngine(worker)
    const crossed: unknown[] = []
    const engine = recording(remote as never, crossed)
    const dkg = await runWorkerDkg(engine, 'secp256k1', (f) => proxy(f))
    expect(dkg.progress.map((p) => p.phase)).toEqual([
      'nonce',
      'commit',
      'reveal',
      'confirm',
      'done',
    ])
    const { handle } = dkg.key
    const messageHash = crypto.getRandomValues(new Uint8Array(32))
    const page = { share: dkg.pageShare, pair: dkg.pagePair as never }
    const path = 'm/44/60'
    const signature = await dklsSign(engine, handle, page, messageHash, { path })
    const { publicKey } = await engine.derive(handle, path)
    const ok = { prehash: false, lowS: true }
    expect(secp256k1.verify(signature.compact, messageHash, publicKey, ok)).toBe(true)
    expect(await remote.debugShareFoundIn(handle, [crossed, dkg.progress])).toBe(false)
    expect(containsAnyBytes([crossed, dkg.progress], [dkg.share1FromOthers])).toBe(false)
    expect(dkg.privateFromWorker).toHaveLength(2) // f_1(2) and the zero seed, sealed
    expect(containsAnyBytes(crossed, dkg.privateFromWorker)).toBe(false)
    expect(await remote.debugShareFoundIn(handle, [dkg.share1FromOthers])).toBe(true)
    const err = await remote.dklsRound1('dkls-unknown', {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MpcError)
    expect([(err as MpcError).code, (err as MpcError).message]).toEqual([
      'Malformed',
      'unknown DKLs23 session "dkls-unknown"',
    ])
  } finally {
    worker.terminate()
  }
}, 90_000)
