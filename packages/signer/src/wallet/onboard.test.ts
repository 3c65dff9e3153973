/**
 * Interrupted onboarding: aborted in the middle of the first DKG it restarts cleanly; aborted in
 * the middle of the second it resumes with the second only (the first key and its address are
 * kept). Either way the device's vault ends with exactly one share per key and the co-signer party
 * with one key per key id; a second vault of the same identity is told `KeyExists`, never given a
 * second key. An expired session is renewed through the platform's login proof.
 */
import { createMpcEngine } from '@tessera/mpc/worker'
import { recoverMessageAddress } from 'viem'
import { expect, test } from 'vitest'
import { inProcessCosignerParty } from '../cosigner/test/inProcessCosignerParty.ts'
import { createSignerWallet } from './createSignerWallet.ts'
import { memoryPlatform } from './test/memoryPlatform.ts'
import { scannableStore } from './test/scannableStore.ts'
import type { OnboardProgress } from './types.ts'

const proof = { kind: 'oidc', idToken: 'h.carol.s' } as const

test('abort mid-DKG: restart, resume, exactly one key each; a second vault is told KeyExists', async () => {
  const cosigner = inProcessCosignerParty()
  const store = scannableStore()
  const platform = memoryPlatform(() => proof)
  const options = { platform, engine: createMpcEngine({ store }), link: cosigner, vaultName: 'o' }
  const wallet = await createSignerWallet(options)
  await wallet.login(proof)

  // 1. Abort in the middle of the secp256k1 DKG: nothing is kept on either side.
  const first = new AbortController()
  const stop = (at: (p: OnboardProgress) => boolean) => (p: OnboardProgress) => {
    if (at(p)) first.abort()
  }
  await expect(
    wallet.onboard({ signal: first.signal, onProgress: stop((p) => p.phase === 'commit') }),
  ).rejects.toMatchObject({ code: 'Aborted' })
  expect(wallet.state().status).toBe('needsOnboarding')
  expect(store.scan()).toEqual([])

  // 2. Start again, abort in the middle of the Ed25519 DKG: the secp256k1 key is kept.
  const second = new AbortController()
  await expect(
    wallet.onboard({
      signal: second.signal,
      onProgress: (p) => {
        if (p.curve === 'ed25519' && p.phase === 'reveal') second.abort()
      },
    }),
  ).rejects.toMatchObject({ code: 'Aborted' })
  expect(store.scan()).toEqual(['wallet.secp256k1@0#1'])

  // 3. A reload, then onboarding resumes with the Ed25519 key only.
  const reloaded = await createSignerWallet(options)
  expect(reloaded.state().status).toBe('needsOnboarding')
  const progress: OnboardProgress[] = []
  const ready = await reloaded.onboard({ onProgress: (p) => progress.push(p) })
  expect(progress[0]).toEqual({ curve: 'secp256k1', phase: 'done', percent: 50 })
  expect(progress.every((p) => p.curve === 'ed25519' || p.phase === 'done')).toBe(true)
  expect(ready.status).toBe('ready')
  expect(store.scan()).toEqual(['wallet.ed25519@0#1', 'wallet.secp256k1@0#1'])
  // The backup seed of the first key went with the first session: the backup stays due.
  expect(ready).toMatchObject({ backupDue: true })
  expect(reloaded.backup()).toBeUndefined()

  const message = 'one key per identity'
  const signature = await reloaded.signer.signMessage(0, message)
  expect(await recoverMessageAddress({ message, signature })).toBe(
    reloaded.account(0).secp256k1?.address,
  )

  // 4. The same identity on a fresh vault (a second device): the co-signer has the key.
  const elsewhere = await createSignerWallet({
    platform: memoryPlatform(() => proof),
    engine: createMpcEngine(),
    link: cosigner,
    vaultName: 'o',
  })
  await elsewhere.login(proof)
  await expect(elsewhere.onboard()).rejects.toMatchObject({ code: 'KeyExists' })
  expect(elsewhere.state().status).toBe('needsOnboarding')
}, 180_000)

test('a session near its end is renewed through the platform login before signing', async () => {
  let now = 1_000_000
  const cosigner = inProcessCosignerParty({ now: () => now })
  const platform = memoryPlatform(() => proof)
  const wallet = await createSignerWallet({
    platform,
    engine: createMpcEngine(),
    link: cosigner,
    vaultName: 's',
    clock: () => now,
  })
  await wallet.login(proof)
  await wallet.onboard()
  const before = wallet.state()
  if (before.status !== 'ready') throw new Error('not ready')
  expect(platform.proofs).toBe(0)

  now = before.sessionExpiresAt - 30_000 // inside the renewal margin
  const message = 'after renewal'
  const signature = await wallet.signer.signMessage(0, message)
  expect(await recoverMessageAddress({ message, signature })).toBe(
    wallet.account(0).secp256k1?.address,
  )
  expect(platform.proofs).toBe(1)
  expect(wallet.state()).toMatchObject({ sessionExpiresAt: now + 15 * 60_000 })

  // A reload after expiry comes back signed out (the keys stay), and login makes it ready.
  now += 60 * 60_000
  const reloaded = await createSignerWallet({
    platform,
    engine: createMpcEngine(),
    link: cosigner,
    vaultName: 's',
    clock: () => now,
  })
  expect(reloaded.state()).toEqual({ status: 'signedOut' })
  expect(await reloaded.login(proof)).toMatchObject({ status: 'ready' })
}, 120_000)
