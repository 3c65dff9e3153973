/**
 * Recovery entry points (docs/THRESHOLD.md#refresh-backup-recovery: "Recovery never combines two
 * shares on one device: backup + co-signer run a re-share that gives a new device share at a new
 * epoch"). The helpers (≥ t share holders, e.g. co-signer and the imported backup) deal
 * zero-constant polynomials and send the target masked contributions; everyone moves to
 * epoch + 1, so the lost device's old share no longer combines with anything. The rounds are the
 * re-share state machine of refresh/ (reshareCommit … reshareFinish).
 */

import { equalBytes } from '@noble/curves/utils.js'
import type { KeyShare, PublicKeyState } from '../dkg/keyShare.ts'
import type { OfflineParty } from '../dkg/types.ts'
import type { Rng } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { dealerStart, start, validateRoles } from '../refresh/reshareStart.ts'

/** Recovery, helper side: re-share so `target` gets a new share at epoch + 1. */
export function recoveryHelperStart(
  share: KeyShare,
  options: {
    helpers: readonly number[]
    target: number
    offline?: readonly OfflineParty[]
    rng?: Rng
  },
) {
  return dealerStart(
    share,
    {
      protocol: 'recovery',
      dealers: options.helpers,
      target: options.target,
      offline: options.offline,
    },
    options.rng,
  )
}

/**
 * Recovery, target side: `record` is the co-signer's public record of the key; if the user knows
 * the key (an address they saw), pass it as `expectedPublicKey` and the record must match it.
 */
export function recoveryTargetStart(options: {
  record: PublicKeyState
  index: number
  helpers: readonly number[]
  offline?: readonly OfflineParty[]
  expectedPublicKey?: Uint8Array
  rng?: Rng
}) {
  const config = validateRoles({
    protocol: 'recovery',
    record: options.record,
    index: options.index,
    dealers: options.helpers,
    target: options.index,
    offline: options.offline,
  })
  if (
    options.expectedPublicKey !== undefined &&
    !equalBytes(options.expectedPublicKey, options.record.publicKey)
  ) {
    throw new MpcError('Abort', 'the record is for another public key than expected')
  }
  return start(config, undefined, options.rng)
}
