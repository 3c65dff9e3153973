/**
 * Re-share round 1 (docs/THRESHOLD.md#refresh-backup-recovery, docs/THRESHOLD.md#session-ids):
 * validate the roles, then send every other participant a fresh nonce and the digest of the public
 * state we hold, so nobody re-shares against a different key or epoch. `refreshStart` is the
 * refresh entry point (the online share holders, epoch e → e+1; offline parties such as the backup
 * get their deltas encrypted to their X25519 keys); recovery's entry points are in
 * recovery/recoveryStart.ts.
 */

import { abytes } from '@noble/hashes/utils.js'
import {
  type KeyShare,
  type PublicKeyState,
  publicKeyState,
  validateKeyShare,
  validatePublicKeyState,
} from '../dkg/keyShare.ts'
import type { OfflineParty } from '../dkg/types.ts'
import { expectInt } from '../encoding/expectInt.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { participants, stateDigest } from './reshareCommon.ts'
import type {
  ReshareConfig,
  ReshareMessage,
  ReshareProtocol,
  ReshareState,
} from './reshareTypes.ts'

export type Roles = {
  readonly protocol: ReshareProtocol
  readonly record: PublicKeyState
  readonly index: number
  readonly dealers: readonly number[]
  readonly target?: number | undefined
  readonly offline?: readonly OfflineParty[] | undefined
}

export function validateRoles(roles: Roles): ReshareConfig {
  try {
    const { record } = roles
    validatePublicKeyState(record)
    const { n, t } = record
    if (!Array.isArray(roles.dealers)) throw new TypeError('"dealers" expected array')
    const seen = new Set<number>()
    const take = (p: unknown, title: string): number => {
      const i = expectInt(p, 1, n, title)
      if (seen.has(i)) throw new RangeError(`duplicate party index ${i}`)
      seen.add(i)
      return i
    }
    const dealers = roles.dealers.map((p, k) => take(p, `dealers[${k}]`)).sort((a, b) => a - b)
    if (dealers.length < t) throw new RangeError(`need at least t = ${t} dealers`)
    const target = roles.target === undefined ? undefined : take(roles.target, 'target')
    const offline = (roles.offline ?? []).map((o, k) => ({
      index: take(o.index, `offline[${k}].index`),
      encryptionKey: abytes(o.encryptionKey, 32, `offline[${k}].encryptionKey`).slice(),
    }))
    offline.sort((a, b) => a.index - b.index)
    if (seen.size !== n) throw new RangeError(`dealers, target and offline must cover 1..${n}`)
    const index = expectInt(roles.index, 1, n, 'index')
    const config = { protocol: roles.protocol, record, index, dealers, target, offline }
    if (!participants(config).includes(index)) throw new RangeError('we are not a participant')
    if (offline.some((o) => o.index === index)) throw new RangeError('we are an offline party')
    return config
  } catch (cause) {
    if (cause instanceof MpcError) throw cause
    throw new MpcError('Malformed', `invalid re-share parameters: ${(cause as Error).message}`, {
      cause,
    })
  }
}

export function start(config: ReshareConfig, share: KeyShare | undefined, rng: Rng | undefined) {
  const nonce = randomBytes(32, rng)
  const state: ReshareState = { step: 2, config, share, rng, nonce }
  const base = {
    v: 1 as const,
    protocol: config.protocol,
    keyId: config.record.keyId,
    epoch: config.record.epoch,
    sid: new Uint8Array(0),
    round: 1,
    from: config.index,
  }
  const state32 = stateDigest(config.record)
  const messages: ReshareMessage[] = participants(config)
    .filter((p) => p !== config.index)
    .map((to) => ({ ...base, to, payload: { nonce: nonce.slice(), state: state32.slice() } }))
  return { state, messages }
}

export function dealerStart(
  share: KeyShare,
  roles: Omit<Roles, 'record' | 'index'>,
  rng: Rng | undefined,
): { state: ReshareState; messages: ReshareMessage[] } {
  try {
    validateKeyShare(share)
  } catch (cause) {
    throw new MpcError('Malformed', `invalid key share: ${(cause as Error).message}`, { cause })
  }
  const config = validateRoles({ ...roles, record: publicKeyState(share), index: share.index })
  if (!config.dealers.includes(share.index)) {
    throw new MpcError('Malformed', 'invalid re-share parameters: a share holder must deal')
  }
  return start(config, share, rng)
}

/** Proactive refresh among the online share holders; offline parties apply from the transcript. */
export function refreshStart(
  share: KeyShare,
  options: { online: readonly number[]; offline?: readonly OfflineParty[]; rng?: Rng },
) {
  return dealerStart(
    share,
    { protocol: 'refresh', dealers: options.online, offline: options.offline },
    options.rng,
  )
}
