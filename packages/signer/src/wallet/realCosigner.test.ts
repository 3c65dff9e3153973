/**
 * The wallet against a REAL co-signer (in-process `startCosigner` on PGlite, the OIDC issuer
 * double) through the real link: OIDC login → onboarding with progress → ready with addresses;
 * a reload is ready without login; onboarding aborted in the middle of a DKG starts over (the
 * co-signer abandons the pending key of the same key id) and ends with one key; a second vault of
 * the same identity is told KeyExists by the co-signer's own refusal. After a reload (no login)
 * the wallet signs at account 1's derived path: viem recovers the EVM signature, noble verifies
 * the Solana one.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { createMpcEngine } from '@tessera/mpc/worker'
import { recoverMessageAddress } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { CosignerLink } from '../cosigner/cosignerLink.ts'
import { type RealCosigner, startRealCosigner } from '../cosigner/test/realCosigner.ts'
import { createSignerWallet } from './createSignerWallet.ts'
import { memoryPlatform } from './test/memoryPlatform.ts'
import { scannableStore } from './test/scannableStore.ts'
import type { OnboardProgress } from './types.ts'

let real: RealCosigner
let link: CosignerLink

beforeAll(async () => {
  real = await startRealCosigner()
  link = real.link
}, 60_000)

afterAll(() => real?.close())

async function oidcProof(sub: string) {
  return { kind: 'oidc', idToken: await real.idToken(sub) } as const
}

test('login → aborted DKG → onboarding again with progress → ready; reload; KeyExists elsewhere', async () => {
  const platform = memoryPlatform(() => oidcProof('u-wallet'))
  const store = scannableStore()
  const options = { platform, engine: createMpcEngine({ store }), link, vaultName: 'real' }
  const wallet = await createSignerWallet(options)
  expect(await wallet.login(await oidcProof('u-wallet'))).toEqual({
    status: 'needsOnboarding',
    identity: `oidc:${real.issuer}:u-wallet`,
  })

  const abort = new AbortController()
  await expect(
    wallet.onboard({
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'reveal') abort.abort()
      },
    }),
  ).rejects.toMatchObject({ code: 'Aborted' })
  expect(store.scan()).toEqual([])

  const progress: OnboardProgress[] = []
  const ready = await wallet.onboard({ onProgress: (p) => progress.push(p) })
  expect(ready.status).toBe('ready')
  expect(progress.map((p) => `${p.curve} ${p.phase} ${p.percent}`)).toEqual([
    'secp256k1 connect 0',
    'secp256k1 nonce 10',
    'secp256k1 commit 20',
    'secp256k1 reveal 30',
    'secp256k1 confirm 40',
    'secp256k1 done 50',
    'ed25519 connect 50',
    'ed25519 nonce 60',
    'ed25519 commit 70',
    'ed25519 reveal 80',
    'ed25519 confirm 90',
    'ed25519 done 100',
  ])
  expect(store.scan()).toEqual(['wallet.ed25519@0#1', 'wallet.secp256k1@0#1'])
  // The aborted run's backup seed is the one the keys were made with: the backup is offered.
  expect(await wallet.backup()?.phrase()).toHaveLength(24)
  const account = wallet.account(0)
  expect(account.secp256k1?.address).toMatch(/^0x[0-9a-fA-F]{40}$/)
  expect(account.ed25519?.address).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/)

  const reloaded = await createSignerWallet(options)
  expect(reloaded.state()).toMatchObject({ status: 'ready', accounts: [account] })

  // After the reload, without login: the co-signer signs at account 1's derived path.
  const message = 'the real co-signer, account 1'
  const signature = await reloaded.signer.signMessage(1, message)
  expect(await recoverMessageAddress({ message, signature })).toBe(
    reloaded.account(1).secp256k1?.address,
  )
  const bytes = new TextEncoder().encode(message)
  const solana = await reloaded.signer.solana.signMessage(1, bytes)
  expect(ed25519.verify(solana, bytes, reloaded.account(1).ed25519?.publicKey as Uint8Array)).toBe(
    true,
  )
  expect(platform.proofs).toBe(0)

  const elsewhere = await createSignerWallet({
    platform: memoryPlatform(() => oidcProof('u-wallet')),
    engine: createMpcEngine(),
    link,
    vaultName: 'real',
  })
  await elsewhere.login(await oidcProof('u-wallet'))
  await expect(elsewhere.onboard()).rejects.toMatchObject({ code: 'KeyExists' })
}, 180_000)
