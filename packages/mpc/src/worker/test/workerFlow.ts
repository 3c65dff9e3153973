/**
 * Test-only: the Ed25519 flow both Worker tests run (browser Web Worker and Node worker_threads).
 * The 2-of-3 DKG of `workerDkg.ts` (party 1 in the engine, party 2 on the page, 3 offline), then
 * one FROST signature by 1 + 2 with the engine coordinating. Every value that crosses the
 * boundary, both ways, is recorded by `recording` so the test can scan it for the engine's share.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import type { DkgProgress } from '../../dkg/types.ts'
import { frostCommit, frostSignShare } from '../../frost/frostSign.ts'
import { memoryNonceStore } from '../../frost/nonceStore.ts'
import { type Remote, runWorkerDkg, type WorkerDkgResult } from './workerDkg.ts'

export { recording } from './workerDkg.ts'

export type FlowResult = WorkerDkgResult & {
  signature: Uint8Array
  message: Uint8Array
  verified: boolean
}

export async function runWorkerFlow(
  engine: Remote,
  wrapProgress: (f: (p: DkgProgress) => void) => (p: DkgProgress) => void,
): Promise<FlowResult> {
  const dkg = await runWorkerDkg(engine, 'ed25519', wrapProgress)
  const { key, pageShare } = dkg
  // FROST: the engine (1) and the page (2) sign; the engine coordinates.
  const message = new TextEncoder().encode('solana message bytes')
  const store = memoryNonceStore()
  const mine = await engine.frostCommit(key.handle)
  const theirs = await frostCommit(pageShare, { sessionId: 'page', store })
  const commitments = [mine.commitment, theirs]
  const share1 = await engine.frostSign(key.handle, {
    nonceSession: mine.nonceSession,
    commitments,
    message,
  })
  const share2 = await frostSignShare(pageShare, { sessionId: 'page', store, commitments, message })
  const signature = await engine.frostAggregate(key.handle, { commitments, message }, [
    share1,
    share2,
  ])
  return {
    ...dkg,
    signature,
    message,
    verified: ed25519.verify(signature, message, key.public.publicKey),
  }
}
