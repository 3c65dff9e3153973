/**
 * Refresh and recovery through the Worker engine: handles only, the pending share persisted
 * before the ack leaves, crash resolution, the per-key lock, and signatures by the new shares.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { expect, test } from 'vitest'
import type { DkgTranscript } from '../dkg/types.ts'
import { MpcError } from '../errors.ts'
import type { ReshareTranscript } from '../refresh/reshareTypes.ts'
import { createMpcEngine, type MpcEngine } from './createMpcEngine.ts'
import type { KeyInfo } from './keyVault.ts'
import { memoryShareStore } from './shareStore.ts'
import { engineSign, route } from './test/engines.ts'

type Done = { key: KeyInfo; transcript: unknown }

async function setup() {
  const deviceStore = memoryShareStore()
  const device = createMpcEngine({ store: deviceStore })
  const cosigner = createMpcEngine()
  const backupBox = createMpcEngine()
  const backupKey = await backupBox.createBackupKey()
  const common = {
    curve: 'ed25519' as const,
    keyId: 'engine-reshare',
    t: 2,
    n: 3,
    online: [1, 2],
    offline: [{ index: 3, encryptionKey: backupKey.publicKey }],
  }
  const started = new Map<
    number,
    { engine: MpcEngine; s: { session: string; messages: never[] } }
  >()
  for (const [i, engine] of [
    [1, device],
    [2, cosigner],
  ] as const) {
    started.set(i, { engine, s: (await engine.dkgStart({ ...common, index: i })) as never })
  }
  const done = await route<Done>(
    new Map(
      [...started].map(
        ([i, { engine, s }]) => [i, { ...s, step: engine.dkgStep as never }] as const,
      ),
    ),
  )
  const transcript = done.get(1)?.transcript as DkgTranscript
  const backup = await backupBox.importOfflineShare(transcript, 3, backupKey.handle)
  return {
    device: { engine: device, key: done.get(1)?.key as KeyInfo, store: deviceStore },
    cosigner: { engine: cosigner, key: done.get(2)?.key as KeyInfo },
    backup: { engine: backupBox, key: backup, x25519: backupKey },
    offline: common.offline,
  }
}

test('refresh through engines: epoch + 1 for all three, same PK, new shares sign; lock refuses a second run', async () => {
  const { device, cosigner, backup, offline } = await setup()
  // A nonce pair committed at epoch 0 is erased when the share switches to epoch 1.
  const early = await device.engine.frostCommit(device.key.handle)
  const a = await device.engine.refreshStart(device.key.handle, { online: [1, 2], offline })
  await expect(
    device.engine.refreshStart(device.key.handle, { online: [1, 2], offline }),
  ).rejects.toThrow(new MpcError('Abort', 'a refresh or re-share of this key is already running'))
  const b = await cosigner.engine.refreshStart(cosigner.key.handle, { online: [1, 2], offline })
  let sawPending = false
  const done = await route<Done>(
    new Map([
      [1, { ...a, step: device.engine.reshareStep as never }],
      [2, { ...b, step: cosigner.engine.reshareStep as never }],
    ]),
    (m) => {
      // When device's ack is in flight, its pending share is already durable.
      if (m.round === 4 && m.from === 1) {
        const stored = device.store.get(device.key.handle) as { pending?: unknown }
        sawPending = stored.pending !== undefined
      }
      return m
    },
  )
  expect(sawPending).toBe(true)
  const transcript = done.get(1)?.transcript as ReshareTranscript
  const b3 = await backup.engine.applyOfflineRefresh(
    backup.key.handle,
    transcript,
    backup.x25519.handle,
  )
  const d1 = await device.engine.keyInfo(device.key.handle)
  expect([d1.public.epoch, b3.public.epoch]).toEqual([1, 1])
  expect(b3.public).toEqual(d1.public)
  expect(d1.public.publicKey).toEqual(device.key.public.publicKey)
  const message = Uint8Array.of(1, 2, 3)
  // Even with a list relabelled to epoch 1, the old session's nonces are gone.
  const relabelled = { ...early.commitment, epoch: 1 }
  await expect(
    device.engine.frostSign(device.key.handle, {
      nonceSession: early.nonceSession,
      commitments: [relabelled, { ...relabelled, index: 3 }],
      message,
    }),
  ).rejects.toThrow(
    new MpcError('Abort', `nonces for session "${early.nonceSession}" are unknown or already used`),
  )
  const sig = await engineSign(
    [
      { engine: device.engine, key: d1 },
      { engine: backup.engine, key: b3 },
    ],
    message,
  )
  expect(ed25519.verify(sig, message, d1.public.publicKey)).toBe(true)
})

test('recovery through engines: backup + co-signer give a new device engine a share; old device refused', async () => {
  const { device, cosigner, backup } = await setup()
  const fresh = createMpcEngine()
  // Channel keys: the masked contributions cross any router sealed.
  const k1 = await fresh.createBackupKey()
  const k2 = await cosigner.engine.createBackupKey()
  const k3 = await backup.engine.createBackupKey()
  const peers = { 1: k1.publicKey, 2: k2.publicKey, 3: k3.publicKey }
  const t = await fresh.recoveryTargetStart({
    record: cosigner.key.public,
    index: 1,
    helpers: [2, 3],
    expectedPublicKey: device.key.public.publicKey,
    channel: { key: k1.handle, peers },
  })
  const h2 = await cosigner.engine.recoveryHelperStart(cosigner.key.handle, {
    helpers: [2, 3],
    target: 1,
    channel: { key: k2.handle, peers },
  })
  const h3 = await backup.engine.recoveryHelperStart(backup.key.handle, {
    helpers: [2, 3],
    target: 1,
    channel: { key: k3.handle, peers },
  })
  let sealedRound3 = 0
  const done = await route<Done>(
    new Map([
      [1, { ...t, step: fresh.reshareStep as never }],
      [2, { ...h2, step: cosigner.engine.reshareStep as never }],
      [3, { ...h3, step: backup.engine.reshareStep as never }],
    ]),
    (m) => {
      if (m.round === 3) {
        const p = m.payload as Record<string, unknown>
        if (p.sealed instanceof Uint8Array && p.value === undefined) sealedRound3++
      }
      return m
    },
  )
  expect(sealedRound3).toBe(4) // 2 → 1, 2 → 3, 3 → 1, 3 → 2
  const newDevice = done.get(1)?.key as KeyInfo
  const c2 = await cosigner.engine.keyInfo(cosigner.key.handle)
  expect(newDevice.public).toEqual(c2.public)
  expect(newDevice.public.epoch).toBe(1)
  const message = new TextEncoder().encode('recovered')
  const sig = await engineSign(
    [
      { engine: fresh, key: newDevice },
      { engine: cosigner.engine, key: c2 },
    ],
    message,
  )
  expect(ed25519.verify(sig, message, newDevice.public.publicKey)).toBe(true)
  // A derived child key signs too, and only under the child public key.
  const path = 'm/0/7'
  const child = await fresh.derive(newDevice.handle, path)
  const childSig = await engineSign(
    [
      { engine: fresh, key: newDevice },
      { engine: cosigner.engine, key: c2 },
    ],
    message,
    path,
  )
  expect(ed25519.verify(childSig, message, child.publicKey)).toBe(true)
  expect(ed25519.verify(childSig, message, newDevice.public.publicKey)).toBe(false)
  const err = await engineSign(
    [
      { engine: cosigner.engine, key: c2 },
      { engine: device.engine, key: device.key },
    ],
    message,
  ).catch((e: unknown) => e)
  expect([(err as MpcError).code, (err as MpcError).culprit]).toEqual(['Abort', 1])
})

test('crash after the ack: a restarted engine on the same store resolves the pending refresh', async () => {
  const { device, cosigner, offline } = await setup()
  const a = await device.engine.refreshStart(device.key.handle, { online: [1, 2], offline })
  const b = await cosigner.engine.refreshStart(cosigner.key.handle, { online: [1, 2], offline })
  type Step = { messages: never[] }
  let toDevice = b.messages as never[]
  let toCosigner = a.messages as never[]
  for (let round = 2; round <= 4; round++) {
    const d = (await device.engine.reshareStep(a.session, toDevice)) as unknown as Step
    const c = (await cosigner.engine.reshareStep(b.session, toCosigner)) as unknown as Step
    toDevice = c.messages
    toCosigner = d.messages
  }
  // The co-signer gets the device's ack and switches; the device crashes before its last step.
  const finished = await cosigner.engine.reshareStep(b.session, toCosigner)
  expect(finished.done).toBe(true)
  const cosignerAck = (toDevice[0] as unknown as { payload: { ack: Uint8Array } }).payload.ack
  const restarted = createMpcEngine({ store: device.store })
  expect((await restarted.keyInfo(device.key.handle)).public.epoch).toBe(0)
  expect(await restarted.resolvePendingRefresh(device.key.handle, [], [1, 2])).toBe('wait')
  expect(
    await restarted.resolvePendingRefresh(
      device.key.handle,
      [{ index: 2, ack: cosignerAck }],
      [1, 2],
    ),
  ).toBe('switch')
  const d1 = await restarted.keyInfo(device.key.handle)
  const c1 = await cosigner.engine.keyInfo(cosigner.key.handle)
  expect([d1.public.epoch, c1.public.epoch]).toEqual([1, 1])
  const message = Uint8Array.of(7)
  const sig = await engineSign(
    [
      { engine: restarted, key: d1 },
      { engine: cosigner.engine, key: c1 },
    ],
    message,
  )
  expect(ed25519.verify(sig, message, d1.public.publicKey)).toBe(true)
})

test('a peer that never formed its pending share: the pending one is abandoned, the old share kept', async () => {
  const { device, cosigner, offline } = await setup()
  const a = await device.engine.refreshStart(device.key.handle, { online: [1, 2], offline })
  const b = await cosigner.engine.refreshStart(cosigner.key.handle, { online: [1, 2], offline })
  let toDevice = b.messages as never[]
  let toCosigner = a.messages as never[]
  for (let round = 2; round <= 3; round++) {
    const d = (await device.engine.reshareStep(a.session, toDevice)) as unknown as {
      messages: never[]
    }
    const c = (await cosigner.engine.reshareStep(b.session, toCosigner)) as unknown as {
      messages: never[]
    }
    toDevice = c.messages
    toCosigner = d.messages
  }
  await device.engine.reshareStep(a.session, toDevice) // device persists old + pending
  await cosigner.engine.reshareAbort(b.session) // co-signer crashed before forming its share
  await device.engine.reshareAbort(a.session)
  await expect(
    device.engine.refreshStart(device.key.handle, { online: [1, 2], offline }),
  ).rejects.toThrow('a refresh of this key awaits resolution (resolvePendingRefresh)')
  expect(
    await device.engine.resolvePendingRefresh(
      device.key.handle,
      [{ index: 2, ack: 'none' }],
      [1, 2],
    ),
  ).toBe('abandon')
  const d0 = await device.engine.keyInfo(device.key.handle)
  expect(d0.public).toEqual(device.key.public)
  const message = Uint8Array.of(8)
  const sig = await engineSign([{ engine: device.engine, key: d0 }, cosigner], message)
  expect(ed25519.verify(sig, message, d0.public.publicKey)).toBe(true)
})
