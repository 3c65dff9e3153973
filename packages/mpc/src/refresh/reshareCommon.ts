/**
 * Helpers shared by the re-share rounds (docs/THRESHOLD.md#refresh-backup-recovery,
 * "Conventions"): the public-state digest every participant must agree on, the sid, per-round
 * sender sets, payload parsers (validation on entry, docs/STYLE.md#7-validation-on-entry), the
 * dealing commitment and echo parts, the step guard, and failure handling that wipes secrets. Never
 * logs a payload.
 */

import { abytes, clean, utf8ToBytes } from '@noble/hashes/utils.js'
import { parseEcho } from '../dkg/echo.ts'
import type { RoundExpectation } from '../dkg/envelope.ts'
import type { PublicKeyState } from '../dkg/keyShare.ts'
import { u32be } from '../encoding/codec.ts'
import { curveInfo } from '../encoding/curve.ts'
import { expectInt } from '../encoding/expectInt.ts'
import { deriveSid } from '../hash/sid.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import type { RefreshDealing } from './refreshDeal.ts'
import type {
  ReshareConfig,
  ReshareRound1Payload,
  ReshareRound2Payload,
  ReshareRound3Payload,
  ReshareRound4Payload,
  ReshareState,
} from './reshareTypes.ts'

/** H("reshare/state", curve, keyId, epoch, t, n, PK, X_1..X_n, cc). */
export function stateDigest(s: PublicKeyState): Uint8Array {
  return taggedHash(
    TAGS.reshareState,
    utf8ToBytes(s.curve),
    utf8ToBytes(s.keyId),
    u32be(s.epoch),
    Uint8Array.of(s.t, s.n),
    s.publicKey,
    ...s.publicShares,
    s.chainCode,
  )
}

/** Dealers and target, sorted: everyone who sends in rounds 1 and 4. */
export function participants(config: ReshareConfig): number[] {
  const all = config.target === undefined ? [...config.dealers] : [...config.dealers, config.target]
  return all.sort((a, b) => a - b)
}

export function reshareSid(config: ReshareConfig, nonces: readonly Uint8Array[]): Uint8Array {
  return deriveSid({
    protocol: config.protocol,
    keyId: config.record.keyId,
    epoch: config.record.epoch,
    parties: participants(config),
    nonces,
    context: [
      stateDigest(config.record),
      Uint8Array.of(config.target ?? 0),
      Uint8Array.from(config.dealers),
      ...config.offline.flatMap((o) => [Uint8Array.of(o.index), o.encryptionKey]),
    ],
  })
}

/** Senders expected in a round: everyone in rounds 1 and 4, dealers only in rounds 2 and 3. */
export function expectation(state: ReshareState, round: number, sid: Uint8Array): RoundExpectation {
  const { config } = state
  const senders = round === 2 || round === 3 ? config.dealers : participants(config)
  return {
    protocol: config.protocol,
    keyId: config.record.keyId,
    epoch: config.record.epoch,
    sid,
    round,
    me: config.index,
    peers: senders.filter((p) => p !== config.index),
  }
}

export function dealingParts(d: RefreshDealing): Uint8Array[] {
  return [
    Uint8Array.of(d.from),
    ...d.commitments,
    ...d.backups.flatMap((b) => [Uint8Array.of(b.to), b.ciphertext]),
  ]
}

export function dealingCommit(sid: Uint8Array, d: RefreshDealing): Uint8Array {
  return taggedHash(TAGS.reshareCommit, sid, ...dealingParts(d))
}

/** The target's F_Zero seed with dealer j (secp256k1 recovery): dealer-chosen, sid-bound. */
export function targetSeed(sid: Uint8Array, dealer: number, target: number, r: Uint8Array) {
  return taggedHash(TAGS.reshareSeed, sid, Uint8Array.of(dealer, target), r)
}

function record(value: unknown, title: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new TypeError(`"${title}" expected object`)
  return value as Record<string, unknown>
}

export function parseRound1(value: unknown): ReshareRound1Payload {
  const p = record(value, 'payload')
  return {
    nonce: abytes(p.nonce as Uint8Array, 32, 'nonce'),
    state: abytes(p.state as Uint8Array, 32, 'state'),
  }
}

export function parseRound2(value: unknown): ReshareRound2Payload {
  return { commit: abytes(record(value, 'payload').commit as Uint8Array, 32, 'commit') }
}

export function parseDealing(config: ReshareConfig, from: number, value: unknown): RefreshDealing {
  const d = record(value, 'dealing')
  const { t, curve, n } = config.record
  if (d.from !== from) throw new RangeError('"dealing.from" is not the sender')
  if (!Array.isArray(d.commitments) || d.commitments.length !== t) {
    throw new RangeError(`"dealing.commitments" expected ${t} points`)
  }
  const size = curveInfo(curve).pointBytes
  const commitments = d.commitments.map((c, k) => abytes(c, size, `commitments[${k}]`))
  if (!Array.isArray(d.backups) || d.backups.length !== config.offline.length) {
    throw new RangeError(`"dealing.backups" expected ${config.offline.length} entries`)
  }
  const backups = d.backups.map((b, k) => {
    const entry = record(b, `backups[${k}]`)
    const to = expectInt(entry.to, 1, n, `backups[${k}].to`)
    if (to !== config.offline[k]?.index) throw new RangeError(`"backups[${k}].to" out of order`)
    return {
      to,
      ciphertext: abytes(entry.ciphertext as Uint8Array, undefined, `backups[${k}].ciphertext`),
    }
  })
  return { from, commitments, backups }
}

export function parseRound3(config: ReshareConfig) {
  const seeded = config.record.curve === 'secp256k1' && config.index === config.target
  return (value: unknown, from: number): ReshareRound3Payload => {
    const p = record(value, 'payload')
    const base = {
      dealing: parseDealing(config, from, p.dealing),
      value: abytes(p.value as Uint8Array, 32, 'value'),
      echo: parseEcho(p.echo, config.dealers.length),
    }
    return seeded ? { ...base, seed: abytes(p.seed as Uint8Array, 32, 'seed') } : base
  }
}

export function parseRound4(config: ReshareConfig) {
  return (value: unknown): ReshareRound4Payload => {
    const p = record(value, 'payload')
    return {
      echo: parseEcho(p.echo, config.dealers.length),
      ack: abytes(p.ack as Uint8Array, 32, 'ack'),
    }
  }
}

export function expectStep(state: ReshareState, step: ReshareState['step'], name: string): void {
  if (state.step !== step) {
    throw new Error(
      `${name}: re-share state is at step ${String(state.step)}, expected ${String(step)}`,
    )
  }
}

/** Wipes the secrets a state holds (not the caller's old share). Safe to call twice. */
export function cleanReshare(state: ReshareState): void {
  for (const d of state.deltas?.values() ?? []) clean(d)
  if (state.seedOut !== undefined) clean(state.seedOut)
  delete state.deltas
  delete state.seedOut
}

export function guarded<T>(state: ReshareState, run: () => T): T {
  try {
    return run()
  } catch (error) {
    state.step = 'failed'
    cleanReshare(state)
    if (state.pending !== undefined) clean(state.pending.share.secretShare)
    delete state.pending
    throw error
  }
}
