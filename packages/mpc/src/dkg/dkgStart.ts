/**
 * DKG round 1 (docs/THRESHOLD.md#dkg, docs/THRESHOLD.md#session-ids): validate the parameters and
 * send a fresh 32-byte nonce to every online peer; the sid is formed from all nonces in round 2.
 * Rejects index 0, indices beyond n (so any ≥ q), duplicates and our own index as offline party.
 */
import { abytes } from '@noble/hashes/utils.js'
import { isCurveName } from '../encoding/curve.ts'
import { expectInt } from '../encoding/expectInt.ts'
import { randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { peersOf } from './common.ts'
import { type Envelope, envelope } from './envelope.ts'
import { validateKeyId, validateThreshold } from './keyShare.ts'
import {
  DKG_PAIR_SETUP_VERSION,
  type DkgConfig,
  type DkgOptions,
  type DkgRound1Payload,
  type DkgState,
} from './types.ts'

function validateOptions(options: DkgOptions): DkgConfig {
  try {
    if (!isCurveName(options.curve)) throw new TypeError(`unknown curve "${String(options.curve)}"`)
    validateKeyId(options.keyId)
    const epoch = expectInt(options.epoch ?? 0, 0, 0xffffffff, 'epoch')
    validateThreshold(options.t, options.n)
    const { t, n } = options
    const index = expectInt(options.index, 1, n, 'index')
    if (!Array.isArray(options.online) || options.online.length < 2) {
      throw new RangeError('"online" expected at least 2 parties')
    }
    const seen = new Set<number>()
    const take = (p: unknown, title: string): number => {
      const i = expectInt(p, 1, n, title)
      if (seen.has(i)) throw new RangeError(`duplicate party index ${i}`)
      seen.add(i)
      return i
    }
    const online = options.online.map((p, k) => take(p, `online[${k}]`)).sort((a, b) => a - b)
    if (!online.includes(index)) throw new RangeError('"online" must contain our own index')
    const offline = (options.offline ?? []).map((o, k) => {
      const i = expectInt(o.index, 1, n, `offline[${k}].index`)
      if (i === index) throw new RangeError('our own index cannot be an offline party')
      take(i, `offline[${k}].index`)
      return {
        index: i,
        encryptionKey: abytes(o.encryptionKey, 32, `offline[${k}].encryptionKey`).slice(),
      }
    })
    offline.sort((a, b) => a.index - b.index)
    if (seen.size !== n) throw new RangeError(`online and offline parties must cover 1..${n}`)
    if (options.pairSetup !== undefined && typeof options.pairSetup !== 'boolean') {
      throw new TypeError('"pairSetup" expected boolean')
    }
    const pairSetup = options.curve === 'secp256k1' && options.pairSetup !== false
    return {
      curve: options.curve,
      keyId: options.keyId,
      epoch,
      t,
      n,
      index,
      online,
      offline,
      pairSetup,
    }
  } catch (cause) {
    if (cause instanceof MpcError) throw cause
    throw new MpcError('Malformed', `invalid DKG parameters: ${(cause as Error).message}`, {
      cause,
    })
  }
}

/** Round 1: returns the state and one nonce message per online peer. */
export function dkgStart(options: DkgOptions): {
  state: DkgState
  messages: Envelope<DkgRound1Payload>[]
} {
  const config = validateOptions(options)
  const nonce = randomBytes(32, options.rng)
  const state: DkgState = {
    step: 2,
    config,
    rng: options.rng,
    onProgress: options.onProgress,
    nonce,
  }
  options.onProgress?.({ step: 1, of: 5, phase: 'nonce' })
  const base = {
    protocol: 'dkg' as const,
    keyId: config.keyId,
    epoch: config.epoch,
    sid: new Uint8Array(0),
    round: 1,
    from: config.index,
  }
  // The pair setup's version rides on round 1, so a peer of another build is refused before any
  // base OT is computed (docs/THRESHOLD.md#dkg).
  const version = config.pairSetup ? { pairSetupVersion: DKG_PAIR_SETUP_VERSION } : {}
  const messages = peersOf(config).map((j) =>
    envelope(base, j, { nonce: nonce.slice(), ...version }),
  )
  return { state, messages }
}
