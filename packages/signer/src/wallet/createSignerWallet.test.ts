/**
 * The wallet façade over an in-process device engine and the co-signer party double: login →
 * needsOnboarding → onboard with progress → ready with accounts; a reload with the same storage
 * and engine comes back ready without login; logout keeps the keys; a storage read that fails is
 * a StorageRead error, never an empty wallet.
 */
import { createMpcEngine } from '@tessera/mpc/worker'
import { recoverMessageAddress } from 'viem'
import { expect, test } from 'vitest'
import { inProcessCosignerParty } from '../cosigner/test/inProcessCosignerParty.ts'
import { MIN_PASSCODE_KDF } from '../vault/passcode.ts'
import { createSignerWallet } from './createSignerWallet.ts'
import { memoryPlatform } from './test/memoryPlatform.ts'
import type { OnboardProgress, WalletState } from './types.ts'
import { walletStorageKey } from './walletRecord.ts'

const proof = { kind: 'oidc', idToken: 'h.alice.s' } as const

test('login → onboard with progress → ready; a reload is ready without login; logout keeps keys', async () => {
  let linkCloses = 0
  // The link's kept connections are closed at logout.
  const cosigner = { ...inProcessCosignerParty(), close: () => void linkCloses++ }
  const engine = createMpcEngine()
  const platform = memoryPlatform(() => proof)
  const options = { platform, engine, link: cosigner, vaultName: 'v1', backupKdf: MIN_PASSCODE_KDF }
  const wallet = await createSignerWallet(options)
  expect(wallet.state()).toEqual({ status: 'signedOut' })
  const seen: WalletState['status'][] = []
  wallet.on('change', (s) => seen.push(s.status))

  // A vault that holds nothing yet may change identity at login.
  expect(await wallet.login({ kind: 'oidc', idToken: 'h.mallory.s' })).toMatchObject({
    identity: 'oidc:test:mallory',
  })
  expect(await wallet.login(proof)).toEqual({
    status: 'needsOnboarding',
    identity: 'oidc:test:alice',
  })
  const progress: OnboardProgress[] = []
  // Two calls at once run one onboarding (never two DKGs of a key).
  const [ready, same] = await Promise.all([
    wallet.onboard({ onProgress: (p) => progress.push(p) }),
    wallet.onboard(),
  ])
  expect(same).toBe(ready)
  expect(ready.status).toBe('ready')
  if (ready.status !== 'ready') throw new Error('not ready')
  expect(ready.backupDue).toBe(true)
  expect(ready.accounts[0]?.secp256k1?.address).toMatch(/^0x[0-9a-fA-F]{40}$/)
  expect(progress.map((p) => p.percent)).toEqual([0, 10, 20, 30, 40, 50, 50, 60, 70, 80, 90, 100])
  expect(progress.at(-1)).toMatchObject({ curve: 'ed25519', phase: 'done', percent: 100 })
  expect(seen).toEqual(['needsOnboarding', 'needsOnboarding', 'ready'])

  const message = 'signed through the wallet'
  const signature = await wallet.signer.signMessage(0, message)
  expect(await recoverMessageAddress({ message, signature })).toBe(
    ready.accounts[0]?.secp256k1?.address,
  )

  // Reload: same storage, same engine (the vault), no login.
  const reloaded = await createSignerWallet(options)
  expect(reloaded.state()).toMatchObject({ status: 'ready', identity: 'oidc:test:alice' })
  expect(reloaded.account(0)).toEqual(ready.accounts[0])
  const again = await reloaded.signer.signMessage(0, message)
  expect(await recoverMessageAddress({ message, signature: again })).toBe(
    ready.accounts[0]?.secp256k1?.address,
  )
  expect(platform.proofs).toBe(0)

  expect(linkCloses).toBe(0)
  await reloaded.logout()
  expect(linkCloses).toBe(1)
  expect(reloaded.state()).toEqual({ status: 'signedOut' })
  await expect(reloaded.signer.signMessage(0, message)).rejects.toMatchObject({ code: 'NotReady' })
  expect(await reloaded.login(proof)).toMatchObject({
    status: 'ready',
    identity: 'oidc:test:alice',
  })

  // Another identity on this vault is refused, the keys are not touched.
  await expect(reloaded.login({ kind: 'oidc', idToken: 'h.mallory.s' })).rejects.toMatchObject({
    code: 'WrongIdentity',
  })
  expect(reloaded.state()).toMatchObject({ status: 'ready', identity: 'oidc:test:alice' })
}, 120_000)

test('a storage read that fails, or a malformed record, is an error, never an empty wallet', async () => {
  const platform = memoryPlatform(() => proof)
  const options = {
    platform,
    engine: createMpcEngine(),
    link: inProcessCosignerParty(),
    vaultName: 'v2',
  }
  platform.failReads = true
  await expect(createSignerWallet(options)).rejects.toMatchObject({ code: 'StorageRead' })
  platform.failReads = false
  platform.data.set(walletStorageKey('v2', 'head'), '{"v":1,"identity":"oidc:test:alice"}')
  await expect(createSignerWallet(options)).rejects.toMatchObject({
    code: 'StorageRead',
    shortMessage: 'wallet "v2": head is malformed',
  })
  platform.data.set(
    walletStorageKey('v2', 'head'),
    '{"v":1,"identity":"oidc:test:alice","backupDue":true}',
  )
  platform.data.set(
    walletStorageKey('v2', 'key_secp256k1'),
    '{"handle":"key-1","public":{"curve":"secp256k1"}}',
  )
  await expect(createSignerWallet(options)).rejects.toMatchObject({
    code: 'StorageRead',
    shortMessage: 'wallet "v2": key_secp256k1 is malformed',
  })
})

test('changePasscode: a weak passcode is refused before it reaches the vault; no vault is Unsupported', async () => {
  const calls: unknown[] = []
  const base = {
    platform: memoryPlatform(() => proof),
    engine: createMpcEngine(),
    link: inProcessCosignerParty(),
    vaultName: 'v-passcode',
  }
  const wallet = await createSignerWallet({
    ...base,
    vault: { changePasscode: async (input) => void calls.push(input) },
    passcodeKdf: MIN_PASSCODE_KDF,
  })
  await expect(wallet.changePasscode({ next: 'aaaaaa' })).rejects.toMatchObject({
    name: 'WeakPasscodeError',
    rule: 'distinct',
  })
  expect(calls).toEqual([])
  await wallet.changePasscode({ current: 'old passcode', next: 'new passcode' })
  expect(calls).toEqual([{ current: 'old passcode', next: 'new passcode', kdf: MIN_PASSCODE_KDF }])
  const without = await createSignerWallet({ ...base, vaultName: 'v-passcode-2' })
  await expect(without.changePasscode({ next: 'new passcode' })).rejects.toMatchObject({
    name: 'WalletError',
    code: 'Unsupported',
  })
})
