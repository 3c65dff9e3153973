/**
 * The engine in a real Node worker_threads Worker through comlink's Node adapter: a 2-of-3
 * Ed25519 DKG with the page-side party and a FROST signature that plain ed25519.verify accepts;
 * a secp256k1 DKG and DKLs23 signatures (online on a child path, presigned once, refused twice, a
 * Ban until a fresh pair setup) that noble verifies and viem recovers to the key's address. Proof
 * that neither the Worker's share nor a pair's OT secret Δ crossed the boundary: the Worker's
 * test-only hook scans every recorded value; a test-side recombination of the share is the
 * positive control.
 */
import { Worker } from 'node:worker_threads'
import { afterAll, expect, test } from 'vitest'
import type { Round2Payload, SignMessage } from '../dkls23/messages.ts'
import { MpcError } from '../errors.ts'
import { containsAnyBytes } from './debugScan.ts'
import { proxy, wrapMpcEngine } from './exposeMpcEngine.ts'
import { nodeEndpoint } from './nodeEndpoint.ts'
import {
  dklsPresign,
  dklsSign,
  dklsSignPresigned,
  freshPairSetup,
  type PageParty,
} from './test/dklsFlow.ts'
import { eip191Hash, ethereumCheck } from './test/ethereumCheck.ts'
import { runWorkerDkg } from './test/workerDkg.ts'
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
  // MpcError crosses with its code intact.
  const err = await remote.keyInfo('no-such-handle').catch((e: unknown) => e)
  expect(err).toBeInstanceOf(MpcError)
  expect([(err as MpcError).code, (err as MpcError).message]).toEqual([
    'Malformed',
    'unknown key handle "no-such-handle"',
  ])
})

async function rejection(p: Promise<unknown>): Promise<MpcError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof MpcError)) throw new Error('expected an MpcError')
  return err
}
const details = (e: MpcError) => [e.code, e.culprit, e.pair, e.message]

test('DKG + DKLs23 inside a worker_threads Worker: online, presigned, Ban until a fresh setup; no share or Δ crosses', async () => {
  const remote = wrapMpcEngine(nodeEndpoint(worker))
  const crossed: unknown[] = []
  const engine = recording(remote as never, crossed)
  const dkg = await runWorkerDkg(engine, 'secp256k1')
  const { handle } = dkg.key
  const page: PageParty = { share: dkg.pageShare, pair: dkg.pagePair as never }
  const scanned = async () => [
    await remote.debugShareFoundIn(handle, crossed),
    containsAnyBytes(crossed, [dkg.share1FromOthers]),
  ]

  const path = 'm/3/9'
  const text = 'signed inside a worker thread'
  const online = await dklsSign(engine, handle, page, eip191Hash(text), { path })
  const child = await engine.derive(handle, path)
  const onlineCheck = await ethereumCheck(online, text, child.publicKey)
  expect([onlineCheck.verified, onlineCheck.recovered]).toEqual([true, onlineCheck.address])

  const presigned = await dklsPresign(engine, handle, page)
  const later = 'presigned inside a worker thread'
  const sig = await dklsSignPresigned(engine, handle, presigned, eip191Hash(later))
  const laterCheck = await ethereumCheck(sig, later, dkg.key.public.publicKey)
  expect([laterCheck.verified, laterCheck.recovered]).toEqual([true, laterCheck.address])
  const again = await rejection(
    engine.dklsSignWithPresignature(handle, presigned.id, eip191Hash(text)),
  )
  expect(details(again)).toEqual([
    'Abort',
    undefined,
    undefined,
    'dkls23: presignature already used (consumed marker)',
  ])
  expect(details(await rejection(engine.dklsOpen('key-00', { signers: [1, 2] })))).toEqual([
    'Malformed',
    undefined,
    undefined,
    'unknown key handle "key-00"',
  ])
  // Neither the share nor the DKG pair's Δ has crossed so far.
  expect(await scanned()).toEqual([false, false])

  const flip = (m: SignMessage): SignMessage => {
    const p = m.payload as Round2Payload
    const muHat = p.vole.muHat.slice()
    muHat[0] = (muHat[0] as number) ^ 1
    return { ...m, payload: { ...p, vole: { ...p.vole, muHat } } }
  }
  const ban = await rejection(dklsSign(engine, handle, page, eip191Hash(text), { tamper: flip }))
  expect(details(ban)).toEqual([
    'Ban',
    2,
    [1, 2],
    'vOLE: consistency check failed for the sender 2',
  ])
  expect(details(await rejection(engine.dklsOpen(handle, { signers: [1, 2] })))).toEqual([
    'Ban',
    2,
    [1, 2],
    'dkls23: pair (1, 2) is banned until a fresh OT setup',
  ])
  await freshPairSetup(engine, handle, page)
  const after = await dklsSign(engine, handle, page, eip191Hash(text))
  expect((await ethereumCheck(after, text, dkg.key.public.publicKey)).verified).toBe(true)
  // Nor the fresh pair's Δ; the hook does find the share when it is there.
  expect(await scanned()).toEqual([false, false])
  expect(await remote.debugShareFoundIn(handle, [{ x: dkg.share1FromOthers }])).toBe(true)
}, 90_000) // two pairwise OT setups (DKG, then fresh): seconds of CPU each on a loaded machine
