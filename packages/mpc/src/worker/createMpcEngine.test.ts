/**
 * The engine in process (no Worker): two engines run a secp256k1 DKG, derive the same xpub, sign
 * with DKLs23 on a child path (the pair OT states from the DKG), a backup round-trips through a
 * second engine (the device's own vault refuses it: one index per key), and misuse is refused with exact errors.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { expect, test } from 'vitest'
import type { DkgMessage } from '../dkg/types.ts'
import { MpcError } from '../errors.ts'
import { seededRng } from '../test/rng.ts'
import { createMpcEngine, type MpcEngine } from './createMpcEngine.ts'
import { engineDklsSign } from './test/engines.ts'

async function dkgPair(a: MpcEngine, b: MpcEngine, backupHost: MpcEngine = a) {
  const backup = await backupHost.createBackupKey()
  const common = {
    curve: 'secp256k1' as const,
    keyId: 'engine-test',
    t: 2,
    n: 3,
    online: [1, 2],
    offline: [{ index: 3, encryptionKey: backup.publicKey }],
  }
  const sa = await a.dkgStart({ ...common, index: 1 })
  const sb = await b.dkgStart({ ...common, index: 2 })
  let toA: DkgMessage[] = sb.messages
  let toB: DkgMessage[] = sa.messages
  for (;;) {
    const [ra, rb] = await Promise.all([a.dkgStep(sa.session, toA), b.dkgStep(sb.session, toB)])
    if (ra.done && rb.done) return { ka: ra.key, kb: rb.key, transcript: ra.transcript, backup }
    if (ra.done || rb.done) throw new Error('parties finished in different rounds')
    toA = rb.messages
    toB = ra.messages
  }
}

test('two engines run a DKG; handles and public data only; DKLs23 signs; backup round-trips', async () => {
  const a = createMpcEngine({ rng: seededRng('engine-a') })
  const b = createMpcEngine({ rng: seededRng('engine-b') })
  // The backup's key lives in an engine of its own: a vault holding share 1 refuses share 3.
  const d = createMpcEngine()
  const { ka, kb, transcript, backup } = await dkgPair(a, b, d)
  expect(ka.public).toEqual(kb.public)
  expect(ka.handle).toMatch(/^key-[0-9a-f]{32}$/)
  expect(Object.keys(ka).sort()).toEqual(['handle', 'index', 'public'])
  const path = 'm/0/5'
  const child = await a.derive(ka.handle, path)
  expect(child.xpub).toBe((await b.derive(kb.handle, path)).xpub)
  const messageHash = new Uint8Array(32).fill(0x5a)
  const [s1, s2] = await engineDklsSign(
    [
      { engine: a, key: ka },
      { engine: b, key: kb },
    ],
    messageHash,
    path,
  )
  expect(s2?.compact).toEqual(s1?.compact)
  const ok = { prehash: false, lowS: true }
  expect(secp256k1.verify(s1?.compact as Uint8Array, messageHash, child.publicKey, ok)).toBe(true)
  const k3 = await d.importOfflineShare(transcript, 3, backup.handle)
  expect(k3.public.publicKey).toEqual(ka.public.publicKey)
  await d.dropBackupKey(backup.handle)
  await expect(d.importOfflineShare(transcript, 3, backup.handle)).rejects.toThrow(
    'unknown backup key handle',
  )
  const blob = await d.exportBackup(k3.handle, 'correct horse', { kdf: { t: 1, m: 64, p: 1 } })
  await expect(a.importBackup(blob, 'correct horse', kb.public)).rejects.toThrow(
    /already holds share 1 of key engine-test: a second index \(3\)/,
  )
  const c = createMpcEngine()
  const restored = await c.importBackup(blob, 'correct horse', kb.public)
  expect(restored.index).toBe(3)
  expect(restored.public).toEqual(ka.public)
})

test('misuse: unknown handles and sessions are Malformed; debug hooks are off by default', async () => {
  const e = createMpcEngine()
  const kinds = async (p: Promise<unknown>) => {
    const err = await p.catch((x: unknown) => x)
    if (!(err instanceof MpcError)) throw new Error('expected MpcError')
    return [err.code, err.message]
  }
  expect(await kinds(e.keyInfo('key-00'))).toEqual(['Malformed', 'unknown key handle "key-00"'])
  expect(await kinds(e.dkgStep('dkg-00', []))).toEqual([
    'Malformed',
    'unknown DKG session "dkg-00"',
  ])
  expect(await kinds(e.debugShareFoundIn('key-00', []))).toEqual([
    'Malformed',
    'debug hooks are disabled in this engine',
  ])
})

test('a DKG round that fails forgets its session (a retry needs a fresh sid)', async () => {
  const e = createMpcEngine()
  const { session } = await e.dkgStart({
    curve: 'ed25519',
    keyId: 'k',
    t: 2,
    n: 2,
    index: 1,
    online: [1, 2],
  })
  const err = await e.dkgStep(session, []).catch((x: unknown) => x)
  expect([(err as MpcError).code, (err as MpcError).culprit]).toEqual(['Abort', 2])
  await expect(e.dkgStep(session, [])).rejects.toThrow(`unknown DKG session "${session}"`)
})
