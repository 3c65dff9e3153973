/**
 * Rollback safety of FROST nonces against the REAL co-signer (in-process, PGlite): the device's
 * nonces live in Worker memory only (memoryNonces.ts). Nonces committed for one Solana signing at
 * m/0/2 sign once; a snapshot of the persistent store taken while they were outstanding, restored
 * under a fresh engine (a reload, a restored IndexedDB), holds no nonces, so the old session is
 * refused and no second share can come from them. The control with a persistent nonce store shows
 * what the snapshot would otherwise carry: a second share with the same nonces for another message.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { generateEncryptionKey, type NonceStore, type StoredNonces } from '@tessera/mpc'
import { createMpcEngine, type ShareStore } from '@tessera/mpc/worker'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { deriveAccount } from '../accounts/deriveAccount.ts'
import type { CosignerSession } from '../cosigner/cosignerLink.ts'
import { type RealCosigner, startRealCosigner } from '../cosigner/test/realCosigner.ts'
import { runDkg } from '../engine/runDkg.ts'
import type { SignerContext } from '../engine/types.ts'
import { memoryNonces } from './memoryNonces.ts'
import { snapshotDisk } from './test/snapshotDisk.ts'

/** The old design: nonces persisted beside the shares (what idbNonceStore did), snapshot-able. */
function persistentNonces() {
  const rows = new Map<string, StoredNonces>()
  const store: NonceStore = {
    put(id, n) {
      if (rows.has(id)) throw new Error(`nonces for session "${id}" already exist`)
      rows.set(id, { hiding: n.hiding.slice(), binding: n.binding.slice() })
    },
    take(id) {
      const found = rows.get(id)
      rows.delete(id)
      return found
    },
  }
  const snapshot = (): NonceStore => {
    // A copy of the bytes, as a disk image would be (the engine wipes what it took).
    const copy = new Map<string, StoredNonces>(
      [...rows].map(([id, n]) => [id, { hiding: n.hiding.slice(), binding: n.binding.slice() }]),
    )
    return { put: (id, n) => void copy.set(id, n), take: (id) => copy.get(id) }
  }
  return { store, snapshot }
}

let real: RealCosigner
let session: CosignerSession

beforeAll(async () => {
  real = await startRealCosigner()
  session = await real.link.login({ kind: 'oidc', idToken: await real.idToken('u-nonces') })
}, 60_000)

afterAll(async () => {
  await real?.close()
})

async function wallet(keyId: string, store: ShareStore, nonceStore: NonceStore) {
  const ctx: SignerContext = {
    engine: createMpcEngine({ store, nonceStore }),
    link: real.link,
    session: () => session,
  }
  const key = await runDkg(ctx, {
    curve: 'ed25519',
    keyId,
    backupKey: generateEncryptionKey().publicKey,
  })
  const account = deriveAccount({ ed25519: key.public }, 2)
  const ed = account.ed25519 as NonNullable<(typeof account)['ed25519']>
  return { ctx, key, path: account.path, publicKey: ed.publicKey }
}

test('FROST nonces sign once; a restored store snapshot holds none to sign again with', async () => {
  const { store, snapshot } = snapshotDisk()
  const { ctx, key, path, publicKey } = await wallet('nonces-1', store, memoryNonces('n1'))
  const message = utf8ToBytes('solana message, once')
  const ours = await ctx.engine.frostCommit(key.handle)
  // The store while our nonces are outstanding: what a backup of the profile would copy.
  const old = await snapshot()

  const theirs = await real.link.frost.open(session, {
    keyId: key.public.keyId,
    epoch: key.public.epoch,
    path,
    message,
    commitment: ours.commitment,
    context: { kind: 'solana', message: `0x${bytesToHex(message)}` },
  })
  const commitments = [ours.commitment, theirs.commitment]
  const share = await ctx.engine.frostSign(key.handle, {
    commitments,
    message,
    path,
    nonceSession: ours.nonceSession,
  })
  const signature = await real.link.frost.finish(session, theirs.run, share)
  expect(ed25519.verify(signature, message, publicKey)).toBe(true)

  const again = {
    commitments,
    message: utf8ToBytes('another message'),
    path,
    nonceSession: ours.nonceSession,
  }
  const refusal = `nonces for session "${ours.nonceSession}" are unknown or already used`
  // This Worker took them before its share left.
  await expect(ctx.engine.frostSign(key.handle, again)).rejects.toThrow(refusal)
  // A fresh engine on the restored snapshot (a reload of an old profile) has none.
  const restored = createMpcEngine({ store: old, nonceStore: memoryNonces('n1-restored') })
  await expect(restored.frostSign(key.handle, again)).rejects.toMatchObject({
    name: 'MpcError',
    code: 'Abort',
    message: refusal,
  })
}, 180_000)

test('control: with persisted nonces the snapshot gives a second share from the same nonces', async () => {
  const { store, snapshot } = snapshotDisk()
  const nonces = persistentNonces()
  const { ctx, key, path } = await wallet('nonces-2', store, nonces.store)
  const ours = await ctx.engine.frostCommit(key.handle)
  const oldShares = await snapshot()
  const oldNonces = nonces.snapshot()
  const theirs = await real.link.frost.open(session, {
    keyId: key.public.keyId,
    epoch: key.public.epoch,
    path,
    message: utf8ToBytes('first'),
    commitment: ours.commitment,
    context: { kind: 'solana', message: `0x${bytesToHex(utf8ToBytes('first'))}` },
  })
  const commitments = [ours.commitment, theirs.commitment]
  const request = (text: string) => ({
    commitments,
    message: utf8ToBytes(text),
    path,
    nonceSession: ours.nonceSession,
  })
  await ctx.engine.frostSign(key.handle, request('first'))
  real.link.frost.abort(theirs.run)
  const restored = createMpcEngine({ store: oldShares, nonceStore: oldNonces })
  // Two shares under one nonce pair for two messages: what reveals the share.
  const second = await restored.frostSign(key.handle, request('second'))
  expect(second.share).toBeInstanceOf(Uint8Array)
}, 180_000)
