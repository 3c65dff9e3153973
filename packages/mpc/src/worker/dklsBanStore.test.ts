/**
 * Persisting a Ban must not fail silently: with a store whose writes fail, the Ban raised by a
 * tampered vOLE says that storing it failed, the pair refuses to sign in this engine (every use
 * retries the write and says so), and once the store works again the next use stores the Ban
 * before refusing, so an engine restarted on the store refuses too.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import type { Round2Payload, SignMessage } from '../dkls23/messages.ts'
import { decodePairOtState } from '../dkls23/pairState.ts'
import { MpcError } from '../errors.ts'
import { createMpcEngine } from './createMpcEngine.ts'
import { memoryShareStore, type ShareStore, type StoredKey } from './shareStore.ts'
import { dklsSign, type PageParty } from './test/dklsFlow.ts'
import { type Remote, runWorkerDkg } from './test/workerDkg.ts'

const inner = memoryShareStore()
let failing = false
const store: ShareStore = {
  get: (h) => inner.get(h),
  put: (h, r) => {
    if (failing) return Promise.reject(new Error('disk full'))
    return inner.put(h, r)
  },
  delete: (h) => inner.delete(h),
}
const engine = createMpcEngine({ store }) as Remote
const dkg = await runWorkerDkg(engine, 'secp256k1')
const { handle } = dkg.key
const page: PageParty = { share: dkg.pageShare, pair: dkg.pagePair as never }
const storedBan = async () =>
  decodePairOtState(((await inner.get(handle)) as StoredKey).pairs?.[2] as Uint8Array).banned

async function rejection(p: Promise<unknown>): Promise<MpcError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof MpcError)) throw new Error('expected an MpcError')
  return err
}

function flipVole(m: SignMessage): SignMessage {
  const p = m.payload as Round2Payload
  const aTilde = p.vole.aTilde.slice()
  aTilde[40] = (aTilde[40] as number) ^ 1
  return { ...m, payload: { ...p, vole: { ...p.vole, aTilde } } }
}

test('a Ban that could not be stored is reported, refuses every use, and is stored at the next', async () => {
  failing = true
  const ban = await rejection(dklsSign(engine, handle, page, randomBytes(32), { tamper: flipVole }))
  expect([ban.code, ban.culprit, ban.pair, ban.message]).toEqual([
    'Ban',
    2,
    [1, 2],
    'vOLE: consistency check failed for the sender 2 (storing the Ban failed: the pair refuses until it is stored)',
  ])
  expect(await storedBan()).toBe(false)

  const refusedUnstored = await rejection(engine.dklsOpen(handle, { signers: [1, 2] }))
  expect([refusedUnstored.code, refusedUnstored.message]).toEqual([
    'Ban',
    'dkls23: pair (1, 2) is banned until a fresh OT setup (storing the Ban failed; retried at the next use)',
  ])
  expect(await storedBan()).toBe(false)

  failing = false
  const refused = await rejection(engine.dklsOpen(handle, { signers: [1, 2] }))
  expect([refused.code, refused.message]).toEqual([
    'Ban',
    'dkls23: pair (1, 2) is banned until a fresh OT setup',
  ])
  expect(await storedBan()).toBe(true)
  const restarted = createMpcEngine({ store }) as Remote
  const again = await rejection(restarted.dklsOpen(handle, { signers: [1, 2] }))
  expect(again.message).toBe('dkls23: pair (1, 2) is banned until a fresh OT setup')
}, 60_000)
