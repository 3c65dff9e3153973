/**
 * Recovery, refresh and full-key export against a REAL co-signer (in-process `startCosigner` on
 * PGlite, the OIDC double) through the real link. One onboarding (two DKGs) on an "old device";
 * then on a NEW device (empty vault) recovery from the 24 words: the same addresses, epoch 1,
 * personal_sign verified by viem and a Solana message by noble; the vault is scanned at every
 * progress event and afterwards and never holds two shares of one key (the backup's share never
 * reaches it, and a second index is refused); the old device's share is refused by the co-signer.
 * Then refresh: epoch 2, presignatures dropped, a new backup due; the previous phrase and file
 * are refused with BackupOutdated. Export: refused without the sentence, refused by the default
 * policy, allowed and audited once the identity's policy opens an export window; the key is the
 * account's.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { deriveSecp256k1 } from '@tessera/mpc'
import { EXPORT_CONFIRMATION } from '@tessera/mpc/dangerous'
import { createMpcEngine } from '@tessera/mpc/worker'
import { recoverMessageAddress } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { parseBackupFile } from '../backup/backupFile.ts'
import { type RealCosigner, startRealCosigner } from '../cosigner/test/realCosigner.ts'
import { MIN_PASSCODE_KDF } from '../vault/passcode.ts'
import { createSignerWallet } from './createSignerWallet.ts'
import { memoryPlatform } from './test/memoryPlatform.ts'
import { scannableStore } from './test/scannableStore.ts'
import type { SignerWallet, WalletState } from './types.ts'
import { walletStore } from './walletRecord.ts'

let real: RealCosigner
beforeAll(async () => {
  real = await startRealCosigner()
}, 60_000)
afterAll(async () => {
  await real?.close()
})

const SUB = 'u-recovery'
const proof = async () => ({ kind: 'oidc', idToken: await real.idToken(SUB) }) as const

/** "keyId@epoch#index" entries → true when some key has two indices. */
function twoIndicesOfOneKey(scan: readonly string[]): boolean {
  const indices = new Map<string, Set<string>>()
  for (const entry of scan) {
    const [keyId, rest] = entry.split('@') as [string, string]
    const index = rest.split('#')[1]?.split(' ')[0] as string
    indices.set(keyId, (indices.get(keyId) ?? new Set()).add(index))
  }
  return [...indices.values()].some((s) => s.size > 1)
}

async function newDevice(vaultName: string, store = scannableStore()) {
  const platform = memoryPlatform(proof)
  const engine = createMpcEngine({ store })
  const wallet = await createSignerWallet({
    platform,
    engine,
    link: real.link,
    vaultName,
    backupKdf: MIN_PASSCODE_KDF,
  })
  await wallet.login(await proof())
  return { wallet, store, engine, platform }
}

async function keptPhrase(wallet: SignerWallet): Promise<string[]> {
  const material = wallet.backup()
  if (material === undefined) throw new Error('no backup offered')
  return [...(await material.phrase())]
}

const ready = (s: WalletState) => {
  if (s.status !== 'ready') throw new Error(`not ready: ${s.status}`)
  return s
}

test('recover on a new device from the phrase, refresh, old backups refused, export by policy', async () => {
  // The old device: onboarding (the only DKGs of this file).
  const old = await newDevice('old')
  const before = ready(await old.wallet.onboard())
  const phrase0 = await keptPhrase(old.wallet)
  const account = before.accounts[0]
  if (account === undefined) throw new Error('no account')

  // The new device: recovery from the 24 words, the vault scanned all along.
  const device = await newDevice('new')
  const scans: string[][] = []
  const phases: string[] = []
  const recovered = ready(
    await device.wallet.recover({
      phrase: phrase0,
      onProgress: (p) => {
        phases.push(`${p.curve} ${p.phase}`)
        scans.push(device.store.scan())
      },
    }),
  )
  expect(phases).toContain('secp256k1 done')
  expect(phases).toContain('ed25519 done')
  expect(scans.length).toBeGreaterThanOrEqual(10)
  expect(scans.some(twoIndicesOfOneKey)).toBe(false)
  expect(device.store.scan()).toEqual(['wallet.ed25519@1#1', 'wallet.secp256k1@1#1'])
  expect(recovered).toMatchObject({ epoch: 1, backupDue: true, accounts: [account] })

  // The recovered device signs with the co-signer: viem and noble verify.
  const message = 'recovered on a new device'
  const signature = await device.wallet.signer.signMessage(0, message)
  expect(await recoverMessageAddress({ message, signature })).toBe(account.secp256k1?.address)
  const bytes = new TextEncoder().encode(message)
  const solana = await device.wallet.signer.solana.signMessage(0, bytes)
  expect(ed25519.verify(solana, bytes, account.ed25519?.publicKey as Uint8Array)).toBe(true)

  // The old device's share (epoch 0) is refused: its epoch was retired by the recovery.
  await expect(old.wallet.signer.signMessage(0, 'the lost phone')).rejects.toThrow(
    /epoch 0 is retired/,
  )

  // The recovery's backup is a NEW phrase; its file holds index 3 of epoch 1 — which the vault,
  // already holding index 1 of both keys, refuses to store.
  const material1 = device.wallet.backup()
  if (material1 === undefined) throw new Error('no backup after recovery')
  const phrase1 = [...(await material1.phrase())]
  expect(phrase1).not.toEqual(phrase0)
  const file1 = await material1.file('a long backup passphrase')
  const blob = parseBackupFile(file1).secp256k1
  expect(blob).toMatchObject({ index: 3, epoch: 1 })
  const engine = createMpcEngine({ store: device.store })
  const record1 = (
    await walletStore(device.platform.storage, device.platform.storage, 'new').load()
  ).keys.secp256k1?.public
  if (record1 === undefined) throw new Error('no stored key')
  await expect(engine.importBackup(blob, 'a long backup passphrase', record1)).rejects.toThrow(
    /already holds share 1 of key wallet\.secp256k1: a second index \(3\)/,
  )
  expect(twoIndicesOfOneKey(device.store.scan())).toBe(false)

  // Refresh: epoch 2, the presignatures of epoch 1 dropped, a new backup due.
  await material1.confirmFile()
  expect(device.wallet.state()).toMatchObject({ backupDue: false })
  const stored = await walletStore(device.platform.storage, device.platform.storage, 'new').load()
  const epoch1 = stored.keys.secp256k1
  if (epoch1 === undefined) throw new Error('no stored key')
  device.wallet.presignatures.warm(0)
  await device.wallet.presignatures.settled()
  expect(device.wallet.presignatures.ready(0)).toBeGreaterThan(0)
  const refreshed = ready(await device.wallet.refresh())
  expect(device.wallet.presignatures.ready(0)).toBe(0)
  expect(refreshed).toMatchObject({ epoch: 2, backupDue: true, accounts: [account] })
  expect(device.store.scan()).toEqual(['wallet.ed25519@2#1', 'wallet.secp256k1@2#1'])
  const phrase2 = await keptPhrase(device.wallet)
  expect(phrase2).not.toEqual(phrase1)
  const after = await device.wallet.signer.signMessage(3, 'after the refresh')
  expect(await recoverMessageAddress({ message: 'after the refresh', signature: after })).toBe(
    device.wallet.account(3).secp256k1?.address,
  )

  // The backups of epochs 0 and 1 no longer combine with the refreshed key: refused precisely.
  const third = await newDevice('third')
  await expect(third.wallet.recover({ phrase: phrase1 })).rejects.toMatchObject({
    code: 'BackupOutdated',
    shortMessage: expect.stringMatching(/not the backup of the secp256k1 key's epoch 2/),
  })
  await expect(
    third.wallet.recover({ file: file1, passphrase: 'a long backup passphrase' }),
  ).rejects.toMatchObject({
    code: 'BackupOutdated',
    shortMessage: expect.stringMatching(/backup is of epoch 1 but the key is at epoch 2/),
  })
  expect(third.store.scan()).toEqual([])

  // Export: the sentence first, then the co-signer's policy (default: no export), audited.
  await expect(device.wallet.exportPrivateKey({ confirm: 'yes' })).rejects.toMatchObject({
    code: 'ExportRefused',
  })
  await expect(
    device.wallet.exportPrivateKey({ confirm: EXPORT_CONFIRMATION }),
  ).rejects.toMatchObject({ code: 'PolicyDenied' })
  const now = Date.now()
  await real.putPolicy(recovered.identity, {
    methods: [
      'personal_sign',
      'eth_signTypedData_v4',
      'eth_sendTransaction',
      'ed25519_sign',
      'export',
    ],
    exportWindow: { from: now - 60_000, until: now + 600_000 },
  })
  const key = await device.wallet.exportPrivateKey({ confirm: EXPORT_CONFIRMATION })
  expect(key).toHaveLength(32)
  // The exported root key is the key's; account 0's adds its derivation tweak δ.
  const session = await device.wallet.session()
  const record = await real.link.lifecycle?.record(session, 'wallet.secp256k1')
  if (record === undefined) throw new Error('no record')
  expect(bytesToHex(secp256k1.getPublicKey(key, true))).toBe(bytesToHex(record.publicKey))
  const { delta } = deriveSecp256k1(record, account.path)
  const child = (BigInt(`0x${bytesToHex(key)}`) + delta) % secp256k1.Point.CURVE().n
  expect(privateKeyToAddress(`0x${child.toString(16).padStart(64, '0')}`)).toBe(
    account.secp256k1?.address,
  )
  key.fill(0)
  // With `account`, the account's own key: the one its address belongs to.
  const own = await device.wallet.exportPrivateKey({ confirm: EXPORT_CONFIRMATION, account: 0 })
  expect(privateKeyToAddress(`0x${bytesToHex(own)}`)).toBe(account.secp256k1?.address)
  own.fill(0)
  const audit = await real.audit(await device.wallet.session())
  expect(audit.filter((r) => r.kind === 'export')).toHaveLength(2)
  expect(audit.map((r) => r.kind)).toEqual(expect.arrayContaining(['recovery', 'refresh']))
}, 600_000)
