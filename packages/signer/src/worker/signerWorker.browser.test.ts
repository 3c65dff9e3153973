/**
 * The signer's Worker in Chromium: the vault opens inside a real Web Worker (IndexedDB, Web Lock,
 * passcode), a wallet is made by DKG (its backup exported from the Worker's in-memory backup engine) with the in-process co-signer party on the page, signs, and
 * after lock → unlock (the engine's memory gone) signs again from the sealed records alone. A
 * second Worker is refused the same vault while the first holds it. The passcode is changed in the
 * Worker through the wallet façade, with the vault's errors arriving on the page as their classes.
 */
import { importBackup } from '@tessera/mpc'
import { verifyMessage } from 'viem'
import { afterEach, expect, test } from 'vitest'
import { type BackupEngine, exportWalletBackup } from '../backup/exportWalletBackup.ts'
import type { CosignerSession } from '../cosigner/cosignerLink.ts'
import { inProcessCosignerParty } from '../cosigner/test/inProcessCosignerParty.ts'
import { createWallet } from '../engine/createWallet.ts'
import type { DeviceEngine, SignerContext } from '../engine/types.ts'
import { walletSigner } from '../engine/walletSigner.ts'
import { PasscodeRequiredError, WeakPasscodeError, WrongPasscodeError } from '../errors.ts'
import { MIN_PASSCODE_KDF } from '../vault/passcode.ts'
import { createSignerWallet } from '../wallet/createSignerWallet.ts'
import { memoryPlatform } from '../wallet/test/memoryPlatform.ts'
import { connectSignerWorker } from './exposeSignerWorker.ts'

const workers: Worker[] = []
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate()
})
const spawn = () => {
  const worker = new Worker(new URL('./test/signer.worker.ts', import.meta.url), { type: 'module' })
  workers.push(worker)
  return connectSignerWorker(worker)
}

test('a wallet made in the Worker signs again after lock and unlock', async () => {
  const name = `worker-${Math.random().toString(36).slice(2)}`
  const signerWorker = spawn()
  const engine = (await signerWorker.unlock({ name })) as unknown as DeviceEngine
  const cosigner = inProcessCosignerParty()
  const session: CosignerSession = await cosigner.login({ kind: 'oidc', idToken: 'h.p.s' })
  const link = { link: cosigner, session: () => session }
  const backupEngine = await signerWorker.backupEngine()
  const backupKey = await backupEngine.createBackupKey()
  const keys = await createWallet({ engine, ...link } as SignerContext, {
    keyId: name,
    backupKey: backupKey.publicKey,
  })
  const backup = await exportWalletBackup(backupEngine as unknown as BackupEngine, {
    backupKey: backupKey.handle,
    transcripts: { secp256k1: keys.secp256k1.transcript, ed25519: keys.ed25519.transcript },
    passphrase: 'a long backup passphrase',
    kdf: MIN_PASSCODE_KDF,
  })
  expect(importBackup(backup.ed25519, 'a long backup passphrase', keys.ed25519.public).index).toBe(
    3,
  )
  const address = walletSigner({ engine, ...link }, keys).account(0).secp256k1
    ?.address as `0x${string}`
  const first = await walletSigner({ engine, ...link }, keys).signMessage(0, 'one')
  expect(await verifyMessage({ address, message: 'one', signature: first })).toBe(true)

  await expect(spawn().unlock({ name })).rejects.toThrow(
    `vault "${name}" is open in another tab or worker`,
  )

  await signerWorker.lock()
  const reopened = (await signerWorker.unlock({ name })) as unknown as DeviceEngine
  const again = walletSigner({ engine: reopened, ...link }, keys)
  const second = await again.signMessage(0, 'two')
  expect(await verifyMessage({ address, message: 'two', signature: second })).toBe(true)
  const solana = await again.solana.signMessage(0, new Uint8Array([1, 2, 3]))
  expect(solana).toHaveLength(64)
})

test('the passcode is set and changed in the Worker through the wallet; errors keep their class', async () => {
  const name = `worker-${Math.random().toString(36).slice(2)}`
  const signerWorker = spawn()
  const engine = (await signerWorker.unlock({ name })) as unknown as DeviceEngine
  const wallet = await createSignerWallet({
    platform: memoryPlatform(() => ({ kind: 'oidc', idToken: 'h.alice.s' })),
    engine,
    link: inProcessCosignerParty(),
    vaultName: name,
    vault: signerWorker,
    passcodeKdf: MIN_PASSCODE_KDF,
  })
  await expect(wallet.changePasscode({ next: '123456' })).rejects.toBeInstanceOf(WeakPasscodeError)
  await wallet.changePasscode({ next: 'first passcode' })
  await expect(
    wallet.changePasscode({ current: 'not it at all', next: 'second passcode' }),
  ).rejects.toBeInstanceOf(WrongPasscodeError)
  await expect(wallet.changePasscode({ next: 'second passcode' })).rejects.toBeInstanceOf(
    PasscodeRequiredError,
  )
  await wallet.changePasscode({ current: 'first passcode', next: 'second passcode' })
  await signerWorker.lock()
  await expect(signerWorker.unlock({ name, passcode: 'first passcode' })).rejects.toThrow(
    `the passcode does not unlock vault "${name}"`,
  )
  await signerWorker.unlock({ name, passcode: 'second passcode' })
  wallet.close()
})
