/**
 * Rollback safety of presignatures against the REAL co-signer (in-process, PGlite): the device's
 * presignatures live in memory only (memoryPresignatures.ts). A presignature made at m/0/3 signs
 * once in ONE round trip (viem recovers the account's address; the co-signer audits the release
 * as `presignature`); a snapshot of the persistent store taken while it was ready, restored under
 * a fresh engine (a reload, a restored IndexedDB), holds no presignature: the device refuses to
 * use it, and the co-signer refuses the id too (consumed). The control without the wrapper shows
 * what the snapshot would otherwise carry.
 */
import { generateEncryptionKey } from '@tessera/mpc'
import { createMpcEngine, type ShareStore } from '@tessera/mpc/worker'
import { hashMessage, hexToBytes, recoverMessageAddress, serializeSignature } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { deriveAccount } from '../accounts/deriveAccount.ts'
import type { CosignerSession } from '../cosigner/cosignerLink.ts'
import { type RealCosigner, startRealCosigner } from '../cosigner/test/realCosigner.ts'
import { presignatureShelf } from '../engine/presignatures.ts'
import { type DkgResult, runDkg } from '../engine/runDkg.ts'
import { signDigest } from '../engine/signDigest.ts'
import type { SignerContext } from '../engine/types.ts'
import { withMemoryPresignatures } from './memoryPresignatures.ts'
import { snapshotDisk } from './test/snapshotDisk.ts'

let real: RealCosigner
let session: CosignerSession
const message = 'presigned at account 3'
const digest = hexToBytes(hashMessage(message))
const context = { kind: 'personal_sign', chain: 'evm', message } as const

beforeAll(async () => {
  real = await startRealCosigner()
  session = await real.link.login({ kind: 'oidc', idToken: await real.idToken('u-rollback') })
}, 60_000)

afterAll(async () => {
  await real?.close()
})

async function wallet(keyId: string, store: ShareStore) {
  const ctx: SignerContext = {
    engine: createMpcEngine({ store }),
    link: real.link,
    session: () => session,
    presignatures: presignatureShelf(),
  }
  const key: DkgResult = await runDkg(ctx, {
    curve: 'secp256k1',
    keyId,
    backupKey: generateEncryptionKey().publicKey,
  })
  const account = deriveAccount({ secp256k1: key.public }, 3)
  const evm = account.secp256k1 as NonNullable<(typeof account)['secp256k1']>
  return { ctx, key, path: account.path, evm }
}

test('a presignature signs once in one round trip; a restored store snapshot cannot use it again', async () => {
  const { store, snapshot } = snapshotDisk()
  const { ctx, key, path, evm } = await wallet('rollback-1', withMemoryPresignatures(store))
  const shelf = ctx.presignatures as NonNullable<SignerContext['presignatures']>
  const id = await shelf.fill(ctx, key, path)
  expect(shelf.size(key, path)).toBe(1)

  // The store as it is while the presignature is ready: this is what a backup would copy.
  const old = await snapshot()
  expect((await old.get(key.handle))?.presignatures).toBeUndefined()

  let exchanges = 0
  const counted: SignerContext = {
    ...ctx,
    link: {
      ...ctx.link,
      presign: {
        ...ctx.link.presign,
        sign: (...args) => {
          exchanges += 1
          return ctx.link.presign.sign(...args)
        },
      },
    },
  }
  const signature = await signDigest(counted, key, {
    path,
    publicKey: evm.publicKey,
    digest,
    context,
  })
  expect(exchanges).toBe(1)
  expect(shelf.size(key, path)).toBe(0)
  expect(await recoverMessageAddress({ message, signature: serializeSignature(signature) })).toBe(
    evm.address,
  )
  const released = (await real.audit(session)).filter(
    (r) => r.kind === 'sign' && r.data.phase === 'share-released' && r.data.presignature === id,
  )
  expect(released.map((r) => [r.data.mode, r.data.path, r.data.address])).toEqual([
    ['presignature', path, evm.address],
  ])

  // Restore the old snapshot under a fresh engine: no presignature to release w with again.
  const restored = createMpcEngine({ store: withMemoryPresignatures(old) })
  await expect(
    restored.dklsSignWithPresignature(key.handle, id, hexToBytes(hashMessage('again'))),
  ).rejects.toThrow(`dkls23: unknown presignature "${id}"`)
  // And the co-signer never releases its half twice.
  await expect(
    real.link.presign.sign(session, {
      keyId: key.public.keyId,
      epoch: key.public.epoch,
      path,
      messageHash: hexToBytes(hashMessage('again')),
      context: { kind: 'personal_sign', chain: 'evm', message: 'again' },
      presignature: id,
    }),
  ).rejects.toMatchObject({
    code: 'PartyFailed',
    shortMessage: expect.stringMatching(
      new RegExp(`presignature ${id} was already consumed at \\d+; it is never reused$`),
    ),
  })
}, 180_000)

test('control: without the memory-only rule the snapshot carries the ready presignature', async () => {
  const { store, snapshot } = snapshotDisk()
  const { ctx, key, path } = await wallet('rollback-2', store)
  const id = await (ctx.presignatures as NonNullable<SignerContext['presignatures']>).fill(
    ctx,
    key,
    path,
  )
  const old = await snapshot()
  expect(Object.keys((await old.get(key.handle))?.presignatures ?? {})).toEqual([id])
}, 180_000)
