/**
 * Test-only: a fresh wallet (both keys) made by the onboarding DKG between an in-process device
 * engine and the co-signer PARTY test double, and its signer. Not exported.
 */
import { generateEncryptionKey } from '@tessera/mpc'
import { createMpcEngine } from '@tessera/mpc/worker'
import type { CosignerSession } from '../cosigner/cosignerLink.ts'
import { inProcessCosignerParty } from '../cosigner/test/inProcessCosignerParty.ts'
import { createWallet } from '../engine/createWallet.ts'
import type { OnboardingProgress } from '../engine/runDkg.ts'
import type { SignerContext } from '../engine/types.ts'
import { walletSigner } from '../engine/walletSigner.ts'

export async function walletFixture(onProgress?: (p: OnboardingProgress) => void) {
  const cosigner = inProcessCosignerParty()
  const session: CosignerSession = await cosigner.login({ kind: 'oidc', idToken: 'h.p.s' })
  const ctx: SignerContext = { engine: createMpcEngine(), link: cosigner, session: () => session }
  const keys = await createWallet(ctx, {
    keyId: `wallet-${Math.random().toString(36).slice(2)}`,
    backupKey: generateEncryptionKey().publicKey,
    ...(onProgress === undefined ? {} : { onProgress }),
  })
  return { cosigner, ctx, keys, wallet: walletSigner(ctx, keys) }
}
