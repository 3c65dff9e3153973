/**
 * The life of a pair OT state in the engine (docs/THRESHOLD.md#conventions,
 * docs/THRESHOLD.md#refresh): a Ban (one vOLE byte flipped in flight) is persisted, so the pair
 * refuses to sign, even after a restart on the same store, until a fresh pair setup; a refresh
 * keeps pairs and presignatures while its share is pending and erases them on the switch, after
 * which a fresh setup signs at the new epoch.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import type { Round2Payload, SignMessage } from '../dkls23/messages.ts'
import { decodePairOtState } from '../dkls23/pairState.ts'
import type { EcdsaSignature } from '../dkls23/signMath.ts'
import { MpcError } from '../errors.ts'
import { reshareCommit } from '../refresh/reshareCommit.ts'
import { reshareConfirm } from '../refresh/reshareConfirm.ts'
import { reshareFinish } from '../refresh/reshareFinish.ts'
import { reshareReveal } from '../refresh/reshareReveal.ts'
import { refreshStart } from '../refresh/reshareStart.ts'
import type { ReshareMessage, ReshareState } from '../refresh/reshareTypes.ts'
import { createMpcEngine } from './createMpcEngine.ts'
import { memoryShareStore, type StoredKey } from './shareStore.ts'
import { dklsPresign, dklsSign, freshPairSetup, type PageParty } from './test/dklsFlow.ts'
import { route } from './test/engines.ts'
import { type Remote, runWorkerDkg } from './test/workerDkg.ts'

const store = memoryShareStore()
const engine = createMpcEngine({ store }) as Remote
const dkg = await runWorkerDkg(engine, 'secp256k1')
const { handle } = dkg.key
const page: PageParty = { share: dkg.pageShare, pair: dkg.pagePair as never }
const stored = () => store.get(handle) as StoredKey
const publicKey = dkg.key.public.publicKey

const verifies = (sig: EcdsaSignature, hash: Uint8Array) =>
  secp256k1.verify(sig.compact, hash, publicKey, { prehash: false, lowS: true })

async function rejection(p: Promise<unknown>): Promise<MpcError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof MpcError)) throw new Error('expected an MpcError')
  return err
}
const details = (e: MpcError) => [e.code, e.culprit, e.pair, e.message]

/** Flips one byte of the vOLE ã in the page's round-2 message to the engine. */
function flipVole(m: SignMessage): SignMessage {
  const p = m.payload as Round2Payload
  const aTilde = p.vole.aTilde.slice()
  aTilde[40] = (aTilde[40] as number) ^ 1
  return { ...m, payload: { ...p, vole: { ...p.vole, aTilde } } }
}

test('a Ban is persisted: the pair refuses to sign, also after a restart, until a fresh setup', async () => {
  const hash = randomBytes(32)
  const ban = await rejection(dklsSign(engine, handle, page, hash, { tamper: flipVole }))
  expect(details(ban)).toEqual([
    'Ban',
    2,
    [1, 2],
    'vOLE: consistency check failed for the sender 2',
  ])
  const pair = decodePairOtState(stored().pairs?.[2] as Uint8Array)
  expect(pair.banned).toBe(true)
  expect(pair.sender.delta.every((b) => b === 0)).toBe(true)
  const refused = ['Ban', 2, [1, 2], 'dkls23: pair (1, 2) is banned until a fresh OT setup']
  expect(details(await rejection(engine.dklsOpen(handle, { signers: [1, 2] })))).toEqual(refused)
  const restarted = createMpcEngine({ store }) as Remote
  expect(details(await rejection(restarted.dklsOpen(handle, { signers: [1, 2] })))).toEqual(refused)

  await freshPairSetup(engine, handle, page)
  expect(decodePairOtState(stored().pairs?.[2] as Uint8Array).banned).toBe(false)
  expect(verifies(await dklsSign(engine, handle, page, hash), hash)).toBe(true)
  // The fresh pair is durable: an engine restarted on the store signs with it too.
  expect(verifies(await dklsSign(restarted, handle, page, hash), hash)).toBe(true)
}, 60_000) // a pairwise OT setup costs seconds of CPU on a loaded machine

test('a refresh keeps pairs and presignatures while pending and erases them on the switch', async () => {
  const presigned = await dklsPresign(engine, handle, page)
  const offline = dkg.transcript.offline
  const mine = await engine.refreshStart(handle, { online: [1, 2], offline })
  const theirs = refreshStart(page.share, { online: [1, 2], offline })
  const pure = (state: ReshareState) => async (_: string, inbound: ReshareMessage[]) => {
    if (state.step === 2) return { done: false, messages: reshareCommit(state, inbound).messages }
    if (state.step === 3) return { done: false, messages: reshareReveal(state, inbound).messages }
    if (state.step === 4) return { done: false, messages: reshareConfirm(state, inbound).messages }
    page.share = reshareFinish(state, inbound).keyShare
    return { done: true }
  }
  let pending: StoredKey | undefined
  await route(
    new Map([
      [1, { ...mine, step: engine.reshareStep as never }],
      [2, { session: 'page', messages: theirs.messages, step: pure(theirs.state) as never }],
    ]),
    (m) => {
      if (m.round === 4 && m.from === 1) pending = stored()
      return m
    },
  )
  expect(pending?.pending).toBeDefined()
  expect(Object.keys(pending?.pairs ?? {})).toEqual(['2'])
  expect(Object.keys(pending?.presignatures ?? {})).toEqual([presigned.id])
  // Switched: epoch 1, the old epoch's pairs and presignatures are gone.
  expect((await engine.keyInfo(handle)).public.epoch).toBe(1)
  expect([stored().pairs, stored().presignatures]).toEqual([undefined, undefined])
  const hash = randomBytes(32)
  const gone = await rejection(engine.dklsSignWithPresignature(handle, presigned.id, hash))
  expect(details(gone)).toEqual([
    'Malformed',
    undefined,
    undefined,
    `dkls23: unknown presignature "${presigned.id}"`,
  ])
  const noPair = await rejection(engine.dklsOpen(handle, { signers: [1, 2] }))
  expect(details(noPair)).toEqual([
    'Malformed',
    undefined,
    undefined,
    'dkls23: no OT state toward party 2 for this key and epoch; run startPairSetup first',
  ])
  await freshPairSetup(engine, handle, page)
  expect(decodePairOtState(stored().pairs?.[2] as Uint8Array).epoch).toBe(1)
  expect(verifies(await dklsSign(engine, handle, page, hash), hash)).toBe(true)
}, 60_000)
