/**
 * The backup after onboarding: the 24-word phrase and its check, the passphrase file and its QR
 * text, and the point of the phrase: phrase + the wallet's stored DKG transcripts give back the
 * backup shares WITH their zero seeds, so the device and the restored backup sign an EVM message
 * at a derived path without the co-signer (viem recovers the account's address).
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import {
  type DkgTranscript,
  exportBackup,
  importBackup,
  type KeyShare,
  type PublicKeyState,
} from '@tessera/mpc'
import { createMpcEngine, type MpcEngine } from '@tessera/mpc/worker'
import {
  bytesToHex,
  hashMessage,
  hexToBytes,
  recoverMessageAddress,
  serializeSignature,
} from 'viem'
import { expect, test } from 'vitest'
import { parseBackupFile } from '../backup/backupFile.ts'
import { backupShareOf, isPhrase, wordsToSeed } from '../backup/backupPhrase.ts'
import { inProcessCosignerParty } from '../cosigner/test/inProcessCosignerParty.ts'
import { MIN_PASSCODE_KDF } from '../vault/passcode.ts'
import { BACKUP_QR_PREFIX } from './backupMaterial.ts'
import { createSignerWallet } from './createSignerWallet.ts'
import { memoryPlatform } from './test/memoryPlatform.ts'
import { walletStore } from './walletRecord.ts'

const proof = { kind: 'oidc', idToken: 'h.bob.s' } as const

async function readyWallet() {
  const platform = memoryPlatform(() => proof)
  const engine = createMpcEngine()
  const wallet = await createSignerWallet({
    platform,
    engine,
    link: inProcessCosignerParty(),
    vaultName: 'backup',
    backupKdf: MIN_PASSCODE_KDF,
  })
  await wallet.login(proof)
  await wallet.onboard()
  return { platform, engine, wallet }
}

/** DKLs23 between two engines (signers 1 and 3), after a fresh OT pair setup between them. */
async function signTogether(
  a: { engine: MpcEngine; handle: string },
  b: { engine: MpcEngine; handle: string },
  path: string,
  digest: Uint8Array,
) {
  const sid = randomBytes(32)
  const pa = await a.engine.startPairSetup(a.handle, { peer: 3, sid })
  const pb = await b.engine.startPairSetup(b.handle, { peer: 1, sid })
  const ra = await a.engine.respondPairSetup(pa.session, pb.message)
  const rb = await b.engine.respondPairSetup(pb.session, pa.message)
  await a.engine.finishPairSetup(pa.session, rb)
  await b.engine.finishPairSetup(pb.session, ra)

  const oa = await a.engine.dklsOpen(a.handle, { signers: [1, 3], path })
  const ob = await b.engine.dklsOpen(b.handle, { signers: [1, 3], path })
  const r1a = await a.engine.dklsRound1(oa.session, { 3: ob.nonce })
  const r1b = await b.engine.dklsRound1(ob.session, { 1: oa.nonce })
  const r2a = await a.engine.dklsRound2(oa.session, r1b)
  const r2b = await b.engine.dklsRound2(ob.session, r1a)
  await a.engine.dklsRound3(oa.session, r2b)
  await b.engine.dklsRound3(ob.session, r2a)
  await a.engine.dklsSign(oa.session, digest)
  const wb = await b.engine.dklsSign(ob.session, digest)
  return a.engine.dklsCombine(oa.session, wb)
}

test('phrase check, file and QR, and a phrase-restored backup signs with the device alone', async () => {
  const { platform, engine, wallet } = await readyWallet()
  const state = wallet.state()
  if (state.status !== 'ready') throw new Error('not ready')
  const material = wallet.backup()
  if (material === undefined) throw new Error('no backup material')
  const words = await material.phrase()
  expect(words).toHaveLength(24)
  expect(isPhrase(words)).toBe(true)

  // The file and its QR text hold both backup shares, under the passphrase only.
  const file = parseBackupFile(await material.file('a long backup passphrase'))
  const qr = await material.qrText('a long backup passphrase')
  expect(qr.startsWith(BACKUP_QR_PREFIX)).toBe(true)
  const fromQr = parseBackupFile(base64urlnopad.decode(qr.slice(BACKUP_QR_PREFIX.length)))
  expect(fromQr.secp256k1.publicKey).toEqual(file.secp256k1.publicKey)
  expect(fromQr.ed25519.publicKey).toEqual(file.ed25519.publicKey)

  // A wrong word is not "kept"; the right ones are, and then the seed is gone.
  await expect(material.confirmPhrase({ 1: words[0] as string })).rejects.toThrow('at least 3')
  const wrong = words[6] === 'zoo' ? 'abandon' : 'zoo'
  expect(
    await material.confirmPhrase({ 1: words[0] as string, 7: wrong, 24: words[23] as string }),
  ).toBe(false)
  expect(wallet.state()).toMatchObject({ backupDue: true })
  expect(
    await material.confirmPhrase({
      3: words[2] as string,
      12: ` ${(words[11] as string).toUpperCase()} `,
      20: words[19] as string,
    }),
  ).toBe(true)
  expect(wallet.state()).toMatchObject({ status: 'ready', backupDue: false })
  expect(wallet.backup()).toBeUndefined()
  await expect(material.phrase()).rejects.toMatchObject({ code: 'BackupUnavailable' })

  // Restore from the phrase and the stored (public) transcripts: the same shares as the file's,
  // zero seeds included.
  const store = walletStore(platform.storage, platform.storage, 'backup')
  const record = await store.load()
  const transcript = (await store.loadTranscript('secp256k1')) as DkgTranscript
  const restored: Record<'secp256k1' | 'ed25519', KeyShare> = {
    secp256k1: backupShareOf(
      wordsToSeed(words),
      (await store.loadTranscript('secp256k1')) as never,
    ),
    ed25519: backupShareOf(wordsToSeed(words), (await store.loadTranscript('ed25519')) as never),
  }
  for (const curve of ['secp256k1', 'ed25519'] as const) {
    const fromFile = importBackup(
      file[curve],
      'a long backup passphrase',
      record.keys[curve]?.public as PublicKeyState,
    )
    expect(restored[curve].index).toBe(3)
    expect(bytesToHex(restored[curve].secretShare)).toBe(bytesToHex(fromFile.secretShare))
    expect(restored[curve].zeroSeeds).toEqual(fromFile.zeroSeeds)
  }
  expect(Object.keys(restored.secp256k1.zeroSeeds).sort()).toEqual(['1', '2'])

  // Device (party 1) + restored backup (party 3) sign at account 1's path, no co-signer involved.
  const backupEngine = createMpcEngine()
  const once = 'a one-time import passphrase'
  const imported = await backupEngine.importBackup(
    exportBackup(restored.secp256k1, once, { kdf: MIN_PASSCODE_KDF }),
    once,
    record.keys.secp256k1?.public as PublicKeyState,
  )
  const account = wallet.account(1)
  const message = 'device + backup, the co-signer is gone'
  const digest = hexToBytes(hashMessage(message))
  const signature = await signTogether(
    { engine, handle: record.keys.secp256k1?.handle as string },
    { engine: backupEngine, handle: imported.handle },
    account.path,
    digest,
  )
  const serialized = serializeSignature({
    r: bytesToHex(signature.r),
    s: bytesToHex(signature.s),
    yParity: signature.recovery as 0 | 1,
  })
  expect(await recoverMessageAddress({ message, signature: serialized })).toBe(
    account.secp256k1?.address,
  )

  // The phrase of another wallet does not open this wallet's transcript.
  const other = await readyWallet()
  const otherWords = (await other.wallet.backup()?.phrase()) as string[]
  expect(() => backupShareOf(wordsToSeed(otherWords), transcript)).toThrow()
}, 180_000)
