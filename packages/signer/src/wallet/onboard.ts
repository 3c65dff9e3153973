/**
 * Onboarding: one DKG per key (secp256k1 for EVM and Conflux, then Ed25519 for Solana) with the
 * co-signer, the backup party (index 3) offline with an X25519 key held by the backup engine.
 * Resumable per key: a key already made (persisted by `saveKey` the moment its DKG is stored) is
 * never made again, so an interruption between the two keys resumes with the second. The key ids
 * are fixed per identity (`wallet.secp256k1`, `wallet.ed25519`), so the co-signer itself refuses a
 * second key for one identity: its refusal becomes `KeyExists` (recover instead). An interrupted
 * DKG leaves nothing usable on either side (the engine wipes its session; the co-signer abandons a
 * pending key when the same key id starts over), so it restarts cleanly. Progress is reported
 * after each DKG round as one percentage over both keys; an abort is checked at each round.
 */
import type { CurveName, DkgTranscript } from '@tessera/mpc'
import type { BackupEngine } from '../backup/exportWalletBackup.ts'
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

/** What this session holds to export the backup: the backup key and each new key's transcript. */
export type BackupSession = {
  readonly engine: BackupEngine
  readonly backupKey: { readonly handle: string; readonly publicKey: Uint8Array }
  readonly transcripts: Partial<Record<KeyCurve, DkgTranscript>>
}

export async function runOnboarding(options: {
  readonly ctx: SignerContext
  readonly keys: Partial<Record<KeyCurve, WalletKey>>
  readonly backup: BackupSession | undefined
  readonly backupEngine: BackupEngine
  readonly onProgress?: (progress: OnboardProgress) => void
  readonly signal?: AbortSignal
  readonly saveKey: (curve: KeyCurve, key: WalletKey) => Promise<void>
  readonly markBackupDue: () => Promise<void>
}): Promise<BackupSession> {
  const { signal } = options
  const backup: BackupSession = options.backup ?? {
    engine: options.backupEngine,
    backupKey: await options.backupEngine.createBackupKey(),
    transcripts: {},
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
        backupKey: backup.backupKey.publicKey,
        onProgress: (p) => {
          // Throwing here ends the DKG: runDkg aborts the link run and wipes the engine session.
          if (signal?.aborted) throw aborted()
          options.onProgress?.({ ...p, percent: Math.round(offset + p.percent / 2) })
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
    await options.saveKey(curve, key)
    ;(backup.transcripts as Record<KeyCurve, DkgTranscript>)[curve] = transcript
    if (k === 0) await options.markBackupDue()
  }
  return backup
}
