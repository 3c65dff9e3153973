/**
 * DKG helpers shared by the round functions (docs/THRESHOLD.md#dkg): payload parsers (validation on
 * entry, docs/STYLE.md#7-validation-on-entry), the hash inputs of commitments, zero seeds, chain
 * code and confirmation, the step guard, and failure handling that wipes secrets. Never logs a
 * payload.
 */

import { abytes, clean, utf8ToBytes } from '@noble/hashes/utils.js'
import {
  cleanPairBoot,
  type PairBootMessage1,
  type PairBootMessage2,
  parsePairBootMessage2,
  parsePairBootMessage3,
} from '../dkls23/pairBootstrap.ts'
import { banPair } from '../dkls23/pairState.ts'
import { u32be } from '../encoding/codec.ts'
import { curveInfo } from '../encoding/curve.ts'
import { expectInt } from '../encoding/expectInt.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { BASE_OT_COUNT } from '../ot/base.ts'
import { parseEcho } from './echo.ts'
import type { RoundExpectation } from './envelope.ts'
import {
  DKG_PAIR_SETUP_VERSION,
  type DkgConfig,
  type DkgRound1Payload,
  type DkgRound2Payload,
  type DkgRound3Payload,
  type DkgRound4Payload,
  type DkgState,
  type RevealPackage,
} from './types.ts'

export function peersOf(config: DkgConfig): number[] {
  return config.online.filter((p) => p !== config.index)
}

export function expectation(state: DkgState, round: number, sid: Uint8Array): RoundExpectation {
  const { config } = state
  return {
    protocol: 'dkg',
    keyId: config.keyId,
    epoch: config.epoch,
    sid,
    round,
    me: config.index,
    peers: peersOf(config),
  }
}

/** Parameters bound into the sid besides keyId, epoch, parties and nonces. */
export function sidContext(config: DkgConfig): Uint8Array[] {
  return [
    utf8ToBytes(config.curve),
    Uint8Array.of(config.t, config.n),
    ...config.offline.flatMap((o) => [Uint8Array.of(o.index), o.encryptionKey]),
  ]
}

/** Injective byte parts of a reveal package, for commitments and echo digests. */
export function revealParts(pkg: RevealPackage): Uint8Array[] {
  return [
    ...pkg.commitments,
    pkg.proof.R,
    pkg.proof.z,
    pkg.chainCode,
    ...pkg.backups.flatMap((b) => [Uint8Array.of(b.to), b.ciphertext]),
  ]
}

export function revealCommit(sid: Uint8Array, from: number, pkg: RevealPackage): Uint8Array {
  return taggedHash(TAGS.dkgCommit, sid, Uint8Array.of(from), ...revealParts(pkg))
}

export function zeroCommit(sid: Uint8Array, from: number, to: number, r: Uint8Array): Uint8Array {
  return taggedHash(TAGS.dkgZeroCommit, sid, Uint8Array.of(from, to), r)
}

/** seed_ij from both contributions (lower index first), or a dealer-only one for offline k. */
export function zeroSeed(
  sid: Uint8Array,
  a: number,
  b: number,
  ...parts: Uint8Array[]
): Uint8Array {
  return taggedHash(TAGS.dkgZeroSeed, sid, Uint8Array.of(Math.min(a, b), Math.max(a, b)), ...parts)
}

export function backupAad(sid: Uint8Array, from: number, to: number): Uint8Array {
  return taggedHash(TAGS.dkgBackupAad, sid, Uint8Array.of(from, to))
}

/** cc = H("cc", sid, cc_1…cc_m) over the dealers in index order. */
export function chainCodeOf(sid: Uint8Array, contributions: readonly Uint8Array[]): Uint8Array {
  return taggedHash(TAGS.chainCode, sid, ...contributions)
}

/** H("dkg/ok", sid, PK, X_1..X_n, cc): what every party must confirm before persisting. */
export function okHash(
  sid: Uint8Array,
  publicKey: Uint8Array,
  publicShares: readonly Uint8Array[],
  chainCode: Uint8Array,
): Uint8Array {
  return taggedHash(TAGS.dkgOk, sid, publicKey, ...publicShares, chainCode)
}

export function epochBytes(epoch: number): Uint8Array {
  return u32be(epoch)
}

function record(value: unknown, title: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new TypeError(`"${title}" expected object`)
  return value as Record<string, unknown>
}

/**
 * Round 1: the nonce and, with the pair setup, its version (DKG_PAIR_SETUP_VERSION). A mismatch is
 * refused here, before any base OT is computed: the bootstrapped setup's messages are not the
 * two-batch setup's, and the two cannot be mixed in one run.
 */
export function parseRound1(config: DkgConfig) {
  return (value: unknown): DkgRound1Payload => {
    const p = record(value, 'payload')
    const nonce = abytes(p.nonce as Uint8Array, 32, 'nonce')
    const version = p.pairSetupVersion
    if (!config.pairSetup) {
      if (version !== undefined)
        throw new RangeError(
          `the sender runs the pair setup inside the DKG (version ${String(version)}) and this side does not (pairSetup: false)`,
        )
      return { nonce }
    }
    if (version === undefined)
      throw new RangeError(
        `no pair setup version: the sender runs the two-batch pair setup of older builds or none (pairSetup: false); this side runs version ${DKG_PAIR_SETUP_VERSION}`,
      )
    if (version !== DKG_PAIR_SETUP_VERSION)
      throw new RangeError(
        `pair setup version ${String(version)}; this side runs version ${DKG_PAIR_SETUP_VERSION}`,
      )
    return { nonce, pairSetupVersion: version }
  }
}

/**
 * The pair setup's message `name` is in the payload exactly when `expected` (the setup's messages
 * alternate: 1 and 3 from the pair's lower index, 2 from its higher); undefined when not expected.
 */
function pairField(p: Record<string, unknown>, name: string, expected: boolean): unknown {
  const value = p[name]
  if (!expected) {
    if (value !== undefined)
      throw new RangeError(`unexpected "${name}" (it goes the other way in this pair)`)
    return undefined
  }
  if (value === undefined) throw new RangeError(`"${name}" missing`)
  return value
}

export function parseRound2(config: DkgConfig) {
  return (value: unknown, from: number): DkgRound2Payload => {
    const p = record(value, 'payload')
    const commit = abytes(p.commit as Uint8Array, 32, 'commit')
    if (config.curve !== 'secp256k1') return { commit }
    const zero = abytes(p.zeroCommit as Uint8Array, 32, 'zeroCommit')
    if (!config.pairSetup) return { commit, zeroCommit: zero }
    const choice = pairField(p, 'pairChoice', from < config.index)
    if (choice === undefined) return { commit, zeroCommit: zero }
    return { commit, zeroCommit: zero, pairChoice: parsePairChoice(choice) }
  }
}

/** Pair-setup message 1 inside DKG round 2: 256 base-OT choice pairs (r_0, r_1), 64 bytes each. */
function parsePairChoice(value: unknown): PairBootMessage1 {
  const choice = record(record(value, 'pairChoice').choice, 'pairChoice.choice')
  return {
    choice: { r: abytes(choice.r as Uint8Array, BASE_OT_COUNT * 64, 'pairChoice.choice.r') },
  }
}

export function parseReveal(config: DkgConfig, value: unknown): RevealPackage {
  const p = record(value, 'reveal')
  const { pointBytes, scalarBytes } = curveInfo(config.curve)
  if (!Array.isArray(p.commitments) || p.commitments.length !== config.t) {
    throw new RangeError(`"commitments" expected ${config.t} points`)
  }
  const commitments = p.commitments.map((c, k) => abytes(c, pointBytes, `commitments[${k}]`))
  const proof = record(p.proof, 'proof')
  const backups = p.backups
  if (!Array.isArray(backups) || backups.length !== config.offline.length) {
    throw new RangeError(`"backups" expected ${config.offline.length} entries`)
  }
  return {
    commitments,
    proof: {
      R: abytes(proof.R as Uint8Array, pointBytes, 'proof.R'),
      z: abytes(proof.z as Uint8Array, scalarBytes, 'proof.z'),
    },
    chainCode: abytes(p.chainCode as Uint8Array, 32, 'chainCode'),
    backups: backups.map((b, k) => {
      const entry = record(b, `backups[${k}]`)
      const to = expectInt(entry.to, 1, config.n, `backups[${k}].to`)
      if (to !== config.offline[k]?.index) throw new RangeError(`"backups[${k}].to" out of order`)
      return {
        to,
        ciphertext: abytes(entry.ciphertext as Uint8Array, undefined, `backups[${k}].ciphertext`),
      }
    }),
  }
}

export function parseRound3(config: DkgConfig) {
  return (value: unknown, from: number): DkgRound3Payload => {
    const p = record(value, 'payload')
    const base = {
      reveal: parseReveal(config, p.reveal),
      share: abytes(p.share as Uint8Array, 32, 'share'),
      echo: parseEcho(p.echo, config.online.length),
    }
    if (config.curve !== 'secp256k1') return base
    const zeroSeed = abytes(p.zeroSeed as Uint8Array, 32, 'zeroSeed')
    if (!config.pairSetup) return { ...base, zeroSeed }
    const answer = pairField(p, 'pairAnswer', from > config.index)
    if (answer === undefined) return { ...base, zeroSeed }
    // The pair setup's own parser: exact lengths, Malformed naming the sender.
    const pairAnswer: PairBootMessage2 = parsePairBootMessage2(record(answer, 'pairAnswer'), from)
    return { ...base, zeroSeed, pairAnswer }
  }
}

export function parseRound4(config: DkgConfig) {
  return (value: unknown, from: number): DkgRound4Payload => {
    const p = record(value, 'payload')
    const base = {
      echo: parseEcho(p.echo, config.online.length),
      ok: abytes(p.ok as Uint8Array, 32, 'ok'),
    }
    if (!config.pairSetup) return base
    const correction = pairField(p, 'pairCorrection', from < config.index)
    if (correction === undefined) return base
    return { ...base, pairCorrection: parsePairBootMessage3({ correction }, from).correction }
  }
}

/**
 * Rejects out-of-order or repeated use of a state (docs/STYLE.md#1-pure-cores: explicit step
 * counter).
 */
export function expectStep(state: DkgState, step: DkgState['step'], name: string): void {
  if (state.step !== step) {
    throw new Error(`${name}: DKG state is at step ${String(state.step)}, expected ${String(step)}`)
  }
}

/** Wipes every secret the state holds. Safe to call more than once. */
export function cleanDkg(state: DkgState): void {
  clean(...(state.coefficients ?? []))
  for (const r of state.zeroOut?.values() ?? []) clean(r)
  if (state.result !== undefined) {
    clean(state.result.share, ...Object.values(state.result.zeroSeeds))
  }
  for (const setup of state.pairSetups?.values() ?? []) cleanPairBoot(setup)
  for (const pair of state.pairs?.values() ?? []) banPair(pair)
  delete state.coefficients
  delete state.zeroOut
  delete state.result
  delete state.pairSetups
  delete state.pairs
}

/** Runs a round; on any error the state is failed and wiped (a fresh sid is needed). */
export function guarded<T>(state: DkgState, run: () => T): T {
  try {
    return run()
  } catch (error) {
    state.step = 'failed'
    cleanDkg(state)
    throw error
  }
}

export function fail(culprit: number, message: string): never {
  throw new MpcError('Abort', message, { culprit })
}
