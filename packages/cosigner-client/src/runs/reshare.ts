/**
 * Refresh and recovery with the co-signer (docs/THRESHOLD.md#refresh-backup-recovery), both moving
 * every party to epoch e+1. Refresh: device and co-signer deal zero-constant polynomials, the
 * backup gets encrypted deltas through the transcript. Recovery: the backup (3) and the
 * co-signer re-share a new device share (1). A DKLs23 OT setup (`otSetup`) follows either.
 */
import {
  type KeyShare,
  type PublicKeyState,
  type ReshareTranscript,
  recoveryHelperStart,
  recoveryTargetStart,
  refreshStart,
  reshareCommit,
  reshareConfirm,
  reshareFinish,
  reshareReveal,
} from '@tessera/mpc'
import type { CosignerConnection } from '../connectCosigner.ts'
import { exchangeRound } from '../exchangeRound.ts'
import { COSIGNER_INDEX, runStaged, type StagedExchanges } from './staged.ts'

const steps = {
  commit: reshareCommit,
  reveal: reshareReveal,
  confirm: reshareConfirm,
  finish: reshareFinish,
}

function exchanges(
  connection: CosignerConnection,
  protocol: 'refresh' | 'recovery',
  share: KeyShare,
  lastRound: boolean,
): StagedExchanges {
  const stream = connection.stream(protocol)
  return {
    round1: async (messages) =>
      (await exchangeRound(stream, protocol, 1, { epoch: share.epoch, messages }, share.keyId))
        .messages,
    round2: async (messages) => (await exchangeRound(stream, protocol, 2, { messages })).messages,
    ...(lastRound
      ? {
          async round3(messages: readonly unknown[]) {
            await exchangeRound(stream, protocol, 3, { messages })
          },
        }
      : {}),
  }
}

export interface RefreshOptions {
  /**
   * Testing a crash: the device switches to its new share but never sends round 3, leaving the
   * co-signer's new share pending (resolved by the next `otSetup` or refresh with `pendingAck`).
   */
  readonly interrupted?: boolean
}

export async function refresh(
  connection: CosignerConnection,
  share: KeyShare,
  backupKey: Uint8Array,
  options: RefreshOptions = {},
): Promise<{ share: KeyShare; transcript: ReshareTranscript }> {
  const started = refreshStart(share, {
    online: [1, COSIGNER_INDEX],
    offline: [{ index: 3, encryptionKey: backupKey }],
  })
  const results = await runStaged(
    new Map([[1, started]]),
    steps,
    exchanges(connection, 'refresh', share, options.interrupted !== true),
  )
  const out = results.get(1) as ReturnType<typeof reshareFinish>
  return { share: out.keyShare, transcript: out.transcript }
}

/** Recovery of a lost device share with the backup's share and the key's public record. */
export async function recover(
  connection: CosignerConnection,
  backupShare: KeyShare,
  record: PublicKeyState,
): Promise<{ device: KeyShare; backup: KeyShare }> {
  const helpers = [COSIGNER_INDEX, 3]
  const locals = new Map([
    [1, recoveryTargetStart({ record, index: 1, helpers })],
    [3, recoveryHelperStart(backupShare, { helpers, target: 1 })],
  ])
  const results = await runStaged(
    locals,
    steps,
    exchanges(connection, 'recovery', backupShare, true),
  )
  return {
    device: (results.get(1) as ReturnType<typeof reshareFinish>).keyShare,
    backup: (results.get(3) as ReturnType<typeof reshareFinish>).keyShare,
  }
}
