/**
 * DKLs23 through the engine in process: a secp256k1 DKG between the engine (party 1) and a page
 * party (2) running the pure functions keeps party 1's pair OT state in the store; online and
 * presigned signatures verify with noble and recover to the key's address with viem; a stored
 * presignature signs once; misuse is refused with exact errors.
 */
import { expect, test } from 'vitest'
import { decodePairOtState } from '../dkls23/pairState.ts'
import { decodePresignature } from '../dkls23/presignatureCodec.ts'
import type { EcdsaSignature } from '../dkls23/signMath.ts'
import { MpcError } from '../errors.ts'
import { createMpcEngine } from './createMpcEngine.ts'
import { memoryShareStore, type StoredKey } from './shareStore.ts'
import { dklsPresign, dklsSign, dklsSignPresigned, type PageParty } from './test/dklsFlow.ts'
import { eip191Hash, ethereumCheck } from './test/ethereumCheck.ts'
import { type Remote, runWorkerDkg } from './test/workerDkg.ts'

const store = memoryShareStore()
const engine = createMpcEngine({ store, exposeSecretsForTests: true }) as Remote
const dkg = await runWorkerDkg(engine, 'secp256k1')
const { handle } = dkg.key
const page: PageParty = { share: dkg.pageShare, pair: dkg.pagePair as never }
const stored = () => store.get(handle) as StoredKey

async function rejection(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof Error)) throw new Error('expected a rejection')
  return err
}

async function checkEthereum(sig: EcdsaSignature, text: string, publicKey: Uint8Array) {
  const { verified, address, recovered } = await ethereumCheck(sig, text, publicKey)
  expect([verified, recovered]).toEqual([true, address])
}

test('the DKG keeps party 1 → 2 OT state in the store; online signatures verify (noble, viem)', async () => {
  const pairs = stored().pairs ?? {}
  expect(Object.keys(pairs)).toEqual(['2']) // the backup's pair is set up lazily
  const pair = decodePairOtState(pairs[2] as Uint8Array)
  expect([pair.self, pair.peer, pair.epoch, pair.banned]).toEqual([1, 2, 0, false])
  // The Worker's debug scan looks for the pair's Δ too (positive control for the Worker tests).
  expect(await engine.debugShareFoundIn(handle, [{ d: pair.sender.delta }])).toBe(true)
  const text = 'hello from the worker engine'
  const root = await dklsSign(engine, handle, page, eip191Hash(text))
  await checkEthereum(root, text, dkg.key.public.publicKey)
  const path = 'm/0/7'
  const child = await dklsSign(engine, handle, page, eip191Hash(text), { path })
  await checkEthereum(child, text, (await engine.derive(handle, path)).publicKey)
})

test('a stored presignature signs once; the second use is refused; concurrent uses: one wins', async () => {
  const presigned = await dklsPresign(engine, handle, page)
  const ready = stored().presignatures?.[presigned.id] as Uint8Array
  expect(ready).toBeInstanceOf(Uint8Array)
  const text = 'presigned'
  const sig = await dklsSignPresigned(engine, handle, presigned, eip191Hash(text))
  await checkEthereum(sig, text, dkg.key.public.publicKey)
  // The stored record is now the consumed marker, which never decodes to a presignature.
  const marker = stored().presignatures?.[presigned.id] as Uint8Array
  const consumed = new MpcError('Abort', 'dkls23: presignature already used (consumed marker)')
  expect(() => decodePresignature(marker)).toThrow(consumed)
  const err = await rejection(
    engine.dklsSignWithPresignature(handle, presigned.id, new Uint8Array(32).fill(7)),
  )
  expect([(err as MpcError).code, err.message]).toEqual(['Abort', consumed.message])

  const twice = await dklsPresign(engine, handle, page)
  const results = await Promise.allSettled(
    [1, 2].map((k) =>
      engine.dklsSignWithPresignature(handle, twice.id, new Uint8Array(32).fill(k)),
    ),
  )
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected'])
  const lost = (results[1] as PromiseRejectedResult).reason as MpcError
  expect([lost.code, lost.message, (lost.cause as Error).message]).toEqual([
    'Abort',
    'dkls23: could not persist presignature consumption',
    'dkls23: presignature already used',
  ])
})

test('misuse: unknown handles, sessions and presignatures are Malformed; bad inputs TypeError/RangeError', async () => {
  const malformed = async (p: Promise<unknown>, message: string) => {
    const err = await rejection(p)
    expect([err instanceof MpcError && err.code, err.message]).toEqual(['Malformed', message])
  }
  await malformed(engine.dklsOpen('key-00', { signers: [1, 2] }), 'unknown key handle "key-00"')
  await malformed(engine.dklsRound1('dkls-00', {}), 'unknown DKLs23 session "dkls-00"')
  await malformed(
    engine.dklsSign('dkls-00', new Uint8Array(32)),
    'unknown DKLs23 session "dkls-00"',
  )
  await malformed(engine.dklsCombine('dkls-00', []), 'unknown DKLs23 session "dkls-00"')
  await malformed(
    engine.respondPairSetup('pair-00', {} as never),
    'unknown pair setup session "pair-00"',
  )
  const id = 'ab'.repeat(32)
  await malformed(
    engine.dklsSignWithPresignature(handle, id, new Uint8Array(32)),
    `dkls23: unknown presignature "${id}"`,
  )
  await malformed(
    engine.dklsOpen(handle, { signers: [1, 3] }),
    'dkls23: no OT state toward party 3 for this key and epoch; run startPairSetup first',
  )
  const fails = async (p: Promise<unknown>, error: Error) => {
    const err = await rejection(p)
    expect([err.constructor, err.message]).toEqual([error.constructor, error.message])
  }
  const open = (options: unknown) => engine.dklsOpen(handle, options as never)
  await fails(open({ signers: '1,2' }), new TypeError('"signers" expected an array'))
  await fails(
    open({ signers: [1, '2'] }),
    new TypeError('signer index expected integer, got string'),
  )
  await fails(open({ signers: [1, 4] }), new RangeError('signer index 4 outside [1, 3]'))
  await fails(open({ signers: [1, 1] }), new RangeError('duplicate signer index 1'))
  await fails(open({ signers: [2, 3] }), new RangeError('own index 1 is not a signer'))
  await fails(open({ signers: [1] }), new RangeError('expected between 2 and 3 signers, got 1'))
  await fails(
    open({ signers: [1, 2], path: 7 }),
    new TypeError('"path" expected string, got number'),
  )
  await fails(
    open({ signers: [1, 2], path: "m/0'" }),
    new RangeError(
      `hardened step "0'" cannot be derived from a threshold key (no full private key)`,
    ),
  )
  await fails(
    engine.dklsSignWithPresignature(handle, id, new Uint8Array(31)),
    new RangeError('"messageHash" expected Uint8Array of length 32, got length=31'),
  )
  await fails(
    engine.startPairSetup(handle, { peer: 1, sid: new Uint8Array(32) }),
    new RangeError('"peer" must not be the own index'),
  )
  await fails(
    engine.startPairSetup(handle, { peer: 4, sid: new Uint8Array(32) }),
    new RangeError('"peer" expected integer in [1, 3], got 4'),
  )
  await fails(
    engine.startPairSetup(handle, { peer: 2, sid: new Uint8Array(31) }),
    new RangeError('"sid" expected Uint8Array of length 32'),
  )
  // Round-1 nonces: ours may be repeated, never replaced; a bad call ends the session.
  const a = await engine.dklsOpen(handle, { signers: [1, 2] })
  await fails(
    engine.dklsRound1(a.session, { 1: new Uint8Array(32), 2: new Uint8Array(32) }),
    new RangeError('"nonces[1]" is not the nonce this session opened with'),
  )
  await malformed(engine.dklsRound1(a.session, {}), `unknown DKLs23 session "${a.session}"`)
  const b = await engine.dklsOpen(handle, { signers: [1, 2] })
  await fails(
    engine.dklsRound1(b.session, { 2: new Uint8Array(31) }),
    new RangeError('"nonces[2]" expected Uint8Array of length 32, got length=31'),
  )
  const c = await engine.dklsOpen(handle, { signers: [1, 2] })
  await fails(
    engine.dklsRound1(c.session, { 3: new Uint8Array(32) }),
    new RangeError('"nonces" has non-signer 3'),
  )
  const d = await engine.dklsOpen(handle, { signers: [1, 2] })
  await fails(
    engine.dklsSign(d.session, new Uint8Array(32)),
    new Error('dkls23: call dklsRound3 first'),
  )
  // FROST keys do not sign with DKLs23.
  const ed = await runWorkerDkg(engine, 'ed25519')
  await fails(
    engine.dklsOpen(ed.key.handle, { signers: [1, 2] }),
    new TypeError('DKLs23 signs on secp256k1 only'),
  )
  await fails(
    engine.startPairSetup(ed.key.handle, { peer: 2, sid: new Uint8Array(32) }),
    new TypeError('DKLs23 signs on secp256k1 only'),
  )
})
