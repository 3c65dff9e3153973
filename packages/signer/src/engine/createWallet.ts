/**
 * Onboarding: the wallet's two threshold keys, secp256k1 (EVM, Conflux) then Ed25519 (Solana),
 * each a DKG with the co-signer (runDkg.ts), with progress for both as one percentage.
 */
import { type DkgResult, type OnboardingProgress, runDkg } from './runDkg.ts'
import type { SignerContext, WalletKey } from './types.ts'

export type WalletKeyHandles = { readonly secp256k1: WalletKey; readonly ed25519: WalletKey }

/** Both keys with their DKG transcripts (public; needed once, to export the backup). */
export type CreatedWallet = {
  readonly secp256k1: DkgResult
  readonly ed25519: DkgResult
}

export async function createWallet(
  ctx: SignerContext,
  options: {
    /** Prefix of the two key ids (`<keyId>/secp256k1`, `<keyId>/ed25519`). */
    readonly keyId: string
    readonly backupKey: Uint8Array
    /** `percent` is over both keys. */
    readonly onProgress?: (progress: OnboardingProgress) => void
  },
): Promise<CreatedWallet> {
  const overall = (offset: number) => (p: OnboardingProgress) =>
    options.onProgress?.({ ...p, percent: Math.round(offset + p.percent / 2) })
  const secp256k1 = await runDkg(ctx, {
    curve: 'secp256k1',
    keyId: `${options.keyId}/secp256k1`,
    backupKey: options.backupKey,
    onProgress: overall(0),
  })
  const ed25519 = await runDkg(ctx, {
    curve: 'ed25519',
    keyId: `${options.keyId}/ed25519`,
    backupKey: options.backupKey,
    onProgress: overall(50),
  })
  return { secp256k1, ed25519 }
}
