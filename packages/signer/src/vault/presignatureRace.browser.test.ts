/**
 * Two engines (as two tabs would run them) on one vault database race for one DKLs23
 * presignature record: exactly one wins (FROST nonces and the ready presignatures never reach
 * IndexedDB: memoryNonces.ts, memoryPresignatures.ts). The stores are
 * separate instances on the same IndexedDB, without the Web Lock (that is the other layer,
 * tested in vault.browser.test.ts). The co-signer is a real in-process `@tessera/mpc` engine.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { type DkgMessage, generateEncryptionKey, type SignMessage } from '@tessera/mpc'
import { createMpcEngine, type MpcEngine } from '@tessera/mpc/worker'
import { expect, test } from 'vitest'
import { ConcurrentWriteError } from '../errors.ts'
import { openVaultDatabase } from './database.ts'
import { idbShareStore } from './idbShareStore.ts'
import { createSealer } from './sealing.ts'
import { loadVaultKey } from './vaultKey.ts'

/** One tab's view of the vault `name`: its own connection and store instances. */
async function tab(name: string) {
  const db = await openVaultDatabase(name)
  const sealer = createSealer(await loadVaultKey(db))
  return {
    db,
    shares: idbShareStore(db, sealer),
  }
}

async function dkg(device: MpcEngine, cosigner: MpcEngine) {
  const common = {
    curve: 'secp256k1' as const,
    keyId: `race-${Math.random()}`,
    t: 2,
    n: 3,
    online: [1, 2],
    offline: [{ index: 3, encryptionKey: generateEncryptionKey().publicKey }],
  }
  const a = await device.dkgStart({ ...common, index: 1 })
  const c = await cosigner.dkgStart({ ...common, index: 2 })
  let toA: DkgMessage[] = c.messages
  let toC: DkgMessage[] = a.messages
  for (;;) {
    const [sa, sc] = await Promise.all([
      device.dkgStep(a.session, toA),
      cosigner.dkgStep(c.session, toC),
    ])
    if (sa.done && sc.done) return { device: sa.key.handle, cosigner: sc.key.handle }
    if (sa.done || sc.done) throw new Error('DKG parties finished in different rounds')
    toA = sc.messages
    toC = sa.messages
  }
}

async function presign(device: MpcEngine, dh: string, cosigner: MpcEngine, ch: string) {
  const a = await device.dklsOpen(dh, { signers: [1, 2] })
  const c = await cosigner.dklsOpen(ch, { signers: [1, 2] })
  const a1 = await device.dklsRound1(a.session, { 2: c.nonce })
  const c1 = await cosigner.dklsRound1(c.session, { 1: a.nonce })
  const a2 = await device.dklsRound2(a.session, c1)
  const c2 = await cosigner.dklsRound2(c.session, a1)
  const { presignature } = await device.dklsPresign(a.session, c2)
  const mine = await cosigner.dklsPresign(c.session, a2)
  expect(mine.presignature).toBe(presignature)
  return presignature
}

/**
 * mpc refuses to release w_i when the consume marker cannot be written (Abort), whether this
 * store's compare-and-swap refused the write or mpc's own check saw the marker already there.
 */
function expectRefused(reason: unknown) {
  expect(reason).toMatchObject({
    name: 'MpcError',
    code: 'Abort',
    message: 'dkls23: could not persist presignature consumption',
  })
  const cause = (reason as Error).cause as Error
  if (cause.name === 'MpcError') expect(cause.message).toBe('dkls23: presignature already used')
  else expect(cause).toBeInstanceOf(ConcurrentWriteError)
}

test('two tabs consume one presignature: exactly one signs', async () => {
  const name = `race-${Math.random().toString(36).slice(2)}`
  const [one, two] = [await tab(name), await tab(name)]
  const cosigner = createMpcEngine()
  const engineOne = createMpcEngine({ store: one.shares })
  const engineTwo = createMpcEngine({ store: two.shares })
  const handles = await dkg(engineOne, cosigner)
  const id = await presign(engineOne, handles.device, cosigner, handles.cosigner)
  const hash = keccak_256(utf8ToBytes('race'))

  const results = await Promise.allSettled([
    engineOne.dklsSignWithPresignature(handles.device, id, hash),
    engineTwo.dklsSignWithPresignature(handles.device, id, hash),
  ])
  const won = results.filter((r) => r.status === 'fulfilled')
  const lost = results.filter((r) => r.status === 'rejected')
  expect(won).toHaveLength(1)
  expect(lost).toHaveLength(1)
  expectRefused((lost[0] as PromiseRejectedResult).reason)

  // The winner's share combines with the co-signer's into a signature the engine verified.
  const winner = results[0]?.status === 'fulfilled' ? engineOne : engineTwo
  const { session } = (won[0] as PromiseFulfilledResult<{ session: string }>).value
  const theirs = await cosigner.dklsSignWithPresignature(handles.cosigner, id, hash)
  const signature = await winner.dklsCombine(session, theirs.messages as SignMessage[])
  expect(signature.compact).toHaveLength(64)
  // And the presignature stays consumed for everyone.
  const again = engineTwo.dklsSignWithPresignature(handles.device, id, hash)
  await expect(again).rejects.toMatchObject({ name: 'MpcError', code: 'Abort' })
  await expect(again).rejects.toThrow('presignature already used')
  one.db.close()
  two.db.close()
})

test('a write derived from a stale read is refused (compare-and-swap)', async () => {
  const name = `cas-${Math.random().toString(36).slice(2)}`
  const [one, two] = [await tab(name), await tab(name)]
  await one.shares.put('key-a', { share: randomBytes(32) })
  const readOne = await one.shares.get('key-a')
  const readTwo = await two.shares.get('key-a')
  if (readOne === undefined || readTwo === undefined) throw new Error('record missing')
  await one.shares.put('key-a', { ...readOne, presignatures: { a: randomBytes(8) } })
  await expect(
    two.shares.put('key-a', { ...readTwo, presignatures: { b: randomBytes(8) } }),
  ).rejects.toBeInstanceOf(ConcurrentWriteError)
  expect(Object.keys((await two.shares.get('key-a'))?.presignatures ?? {})).toEqual(['a'])
  one.db.close()
  two.db.close()
})
