/**
 * Onboarding: the wallet's two threshold keys, secp256k1 (EVM, Conflux) then Ed25519 (Solana),
 * each a DKG with the co-signer (runDkg.ts), with progress for both as one percentage. Their key
 * ids are `<prefix>.secp256k1` and `<prefix>.ed25519`: the co-signer's wire allows 1–64 of
 * A–Z a–z 0–9 _ . -, so the prefix is checked up front, before any run starts.
 */
import { type DkgResult, type OnboardingProgress, runDkg } from './runDkg.ts'
import type { SignerContext, WalletKey } from './types.ts'

export type WalletKeyHandles = { readonly secp256k1: WalletKey; readonly ed25519: WalletKey }

/** Both keys with their DKG transcripts (public; needed once, to export the backup). */
export type CreatedWallet = {
  readonly secp256k1: DkgResult
  readonly ed25519: DkgResult
}

const SUFFIXES = { secp256k1: '.secp256k1', ed25519: '.ed25519' } as const
const MAX_PREFIX = 64 - SUFFIXES.secp256k1.length
const PREFIX = new RegExp(`^[A-Za-z0-9_.-]{1,${MAX_PREFIX}}$`)

/** The two key ids of a wallet, or a TypeError naming the rule the prefix breaks. */
export function walletKeyIds(prefix: string): { secp256k1: string; ed25519: string } {
  if (typeof prefix !== 'string' || !PREFIX.test(prefix))
    throw new TypeError(
      `"keyId" expected 1–${MAX_PREFIX} of A–Z a–z 0–9 _ . - (the co-signer's key ids are "<keyId>.secp256k1" and "<keyId>.ed25519", at most 64 characters), got ${JSON.stringify(String(prefix).slice(0, 80))}`,
    )
  return { secp256k1: `${prefix}${SUFFIXES.secp256k1}`, ed25519: `${prefix}${SUFFIXES.ed25519}` }
}

export async function createWallet(
  ctx: SignerContext,
  options: {
    /** Prefix of the two key ids (`<keyId>.secp256k1`, `<keyId>.ed25519`); see walletKeyIds. */
    readonly keyId: string
    readonly backupKey: Uint8Array
    /** `percent` is over both keys. */
    readonly onProgress?: (progress: OnboardingProgress) => void
  },
): Promise<CreatedWallet> {
  const ids = walletKeyIds(options.keyId)
  const overall = (offset: number) => (p: OnboardingProgress) =>
    options.onProgress?.({ ...p, percent: Math.round(offset + p.percent / 2) })
  const secp256k1 = await runDkg(ctx, {
    curve: 'secp256k1',
    keyId: ids.secp256k1,
    backupKey: options.backupKey,
    onProgress: overall(0),
  })
  const ed25519 = await runDkg(ctx, {
    curve: 'ed25519',
    keyId: ids.ed25519,
    backupKey: options.backupKey,
    onProgress: overall(50),
  })
  return { secp256k1, ed25519 }
}
