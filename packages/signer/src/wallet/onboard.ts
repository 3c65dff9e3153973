/**
 * Onboarding: one DKG per key (secp256k1 for EVM and Conflux, then Ed25519 for Solana) with the
 * co-signer, the backup party (index 3) offline with the X25519 key derived from a fresh backup
 * seed (backup/backupPhrase.ts: the seed is the 24-word phrase). Resumable per key: a key already
 * made (persisted by `saveKey` with its transcript the moment its DKG is stored) is never made
 * again, so an interruption between the two keys resumes with the second, encrypted to the same
 * backup key. The key ids are fixed per identity (`WALLET_KEY_IDS`), so the co-signer itself
 * refuses a second key for one identity: its refusal becomes `KeyExists` (recover instead). An
 * interrupted DKG leaves nothing usable on either side (the engine wipes its session; the
 * co-signer abandons a pending key when the same key id starts over), so it restarts cleanly.
 * Progress is reported after each DKG round as one percentage over both keys; the abort signal is
 * checked at each round (not after the last one: the key is then made and is kept).
 */
import type { CurveName, DkgTranscript } from '@tessera/mpc'
import { backupKeyOf } from '../backup/backupPhrase.ts'
import { runDkg } from '../engine/runDkg.ts'
import type { SignerContext, WalletKey } from '../engine/types.ts'
import type { OnboardProgress } from './types.ts'
import { WalletError } from './walletError.ts'
import { CURVES, type KeyCurve } from './walletRecord.ts'

/** The key ids at the co-signer (wire-legal: [A-Za-z0-9_.-]{1,64}), one pair per identity. */
export const WALLET_KEY_IDS: Readonly<Record<KeyCurve, string>> = {
  secp256k1: 'wallet.secp256k1',
  ed25519: 'wallet.ed25519',
}

/** The backup seed of this session (memory only), while its backup is due. */
export type BackupSession = { readonly seed: Uint8Array }

export async function runOnboarding(options: {
  readonly ctx: SignerContext
  readonly keys: Partial<Record<KeyCurve, WalletKey>>
  /** The backup key the first key was made with (persisted), when resuming. */
  readonly backupPublicKey: Uint8Array | undefined
  readonly backup: BackupSession | undefined
  readonly randomBytes: (length: number) => Promise<Uint8Array>
  readonly onProgress?: (progress: OnboardProgress) => void
  readonly signal?: AbortSignal
  /** Called with a fresh backup seed before any DKG uses it (kept even if onboarding fails). */
  readonly saveBackupKey: (publicKey: Uint8Array, backup: BackupSession) => Promise<void>
  readonly saveKey: (curve: KeyCurve, key: WalletKey, transcript: DkgTranscript) => Promise<void>
}): Promise<BackupSession | undefined> {
  const { signal } = options
  let backup = options.backup
  let backupPublicKey = options.backupPublicKey
  if (backupPublicKey === undefined || backup === undefined) {
    if (backupPublicKey === undefined) {
      // A fresh onboarding: a fresh backup seed (nothing was encrypted to another one yet).
      const seed = await options.randomBytes(32)
      if (!(seed instanceof Uint8Array) || seed.length !== 32)
        throw new TypeError('the platform gave no 32 random bytes')
      backup = { seed }
      const key = backupKeyOf(seed)
      key.secretKey.fill(0)
      backupPublicKey = key.publicKey
      await options.saveBackupKey(backupPublicKey, backup)
    }
    // else: resuming after a reload; the second key goes to the same backup key (its seed is
    // gone with the old session, so this wallet's backup stays due: see the README).
  } else {
    const key = backupKeyOf(backup.seed)
    key.secretKey.fill(0)
    backupPublicKey = key.publicKey
  }
  const aborted = () => new WalletError('Aborted', 'onboarding was aborted; start it again')
  for (const [k, curve] of CURVES.entries()) {
    const offset = k * 50
    if (options.keys[curve] !== undefined) {
      options.onProgress?.({ curve, phase: 'done', percent: offset + 50 })
      continue
    }
    if (signal?.aborted) throw aborted()
    let result: Awaited<ReturnType<typeof runDkg>>
    try {
      result = await runDkg(options.ctx, {
        curve: curve as CurveName,
        keyId: WALLET_KEY_IDS[curve],
        backupKey: backupPublicKey,
        onProgress: (p) => {
          // Throwing here ends the DKG: runDkg aborts the link run and wipes the engine session.
          if (signal?.aborted && p.phase !== 'done') throw aborted()
          try {
            options.onProgress?.({ ...p, percent: Math.round(offset + p.percent / 2) })
          } catch {
            // A failing progress listener must not abort a DKG (nor lose a key made at 'done').
          }
        },
      })
    } catch (error) {
      if (error instanceof WalletError) throw error
      if (signal?.aborted) throw aborted()
      if (/already exists|exists/.test(String((error as Error)?.message)))
        throw new WalletError(
          'KeyExists',
          `the co-signer already holds this identity's ${curve} key: recover it instead of onboarding`,
          { cause: error },
        )
      throw error
    }
    const { transcript, ...key } = result
    await options.saveKey(curve, key, transcript)
  }
  return backup
}
