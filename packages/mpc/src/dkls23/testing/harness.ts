/**
 * TEST-ONLY: an in-memory DKLs23 run — shares from a trusted-dealer split, pair OT states dealt
 * directly (`dealOtSetup`), every party's messages routed by `to`, with a hook to tamper with any
 * round's traffic. Never export this from the package index; never use it outside tests/benchmarks.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import type { KeyShare } from '../../dkg/keyShare.ts'
import type { Rng } from '../../encoding/random.ts'
import { splitExistingKeyIntoShares } from '../../import/splitExistingKeyIntoShares.ts'
import type { OtVersion } from '../../ot/params.ts'
import { dealOtSetup } from '../../ot/testing/dealOtSetup.ts'
import type { SignMessage } from '../messages.ts'
import type { PairOtState } from '../pairState.ts'
import type { Presignature } from '../presignature.ts'
import type { EcdsaSignature } from '../signMath.ts'
import { createSignSession, type SignSession } from '../signSession.ts'

export const KEY_ID = 'test-key'

export function dealKey(t: number, n: number, privateKey = randomBytes(32)) {
  const shares = splitExistingKeyIntoShares({ curve: 'secp256k1', keyId: KEY_ID, t, n, privateKey })
  return { shares, privateKey }
}

/**
 * pairs[i][j]: party i's OT state toward j, for every i ≠ j ≤ n, under parameter set `v` (v2, what
 * new setups produce, unless a test pins the stored v1 states).
 */
export function dealPairs(
  n: number,
  epoch = 0,
  v: OtVersion = 2,
): Record<number, Record<number, PairOtState>> {
  const out: Record<number, Record<number, PairOtState>> = {}
  for (let i = 1; i <= n; i++) out[i] = {}
  for (let i = 1; i <= n; i++)
    for (let j = i + 1; j <= n; j++) {
      const ij = dealOtSetup(undefined, v) // i sends (Alice), j receives
      const ji = dealOtSetup(undefined, v) // j sends, i receives
      const setupSid = randomBytes(32)
      const base = { v, keyId: KEY_ID, epoch, setupSid, banned: false }
      ;(out[i] as Record<number, PairOtState>)[j] = {
        ...base,
        self: i,
        peer: j,
        sender: ij.sender,
        receiver: ji.receiver,
      }
      ;(out[j] as Record<number, PairOtState>)[i] = {
        ...base,
        self: j,
        peer: i,
        sender: ji.sender,
        receiver: ij.receiver,
      }
    }
  return out
}

export type Tamper = (round: 1 | 2 | 3, messages: SignMessage[]) => SignMessage[]

export function route(all: readonly SignMessage[], to: number): SignMessage[] {
  return all.filter((m) => m.to === to)
}

export type RunOptions = {
  readonly shares: readonly KeyShare[]
  readonly signers: readonly number[]
  readonly pairs: Record<number, Record<number, PairOtState>>
  readonly messageHash: Uint8Array
  readonly derivation?: { readonly delta: bigint; readonly path: readonly number[] }
  readonly tamper?: Tamper
  readonly rngs?: Readonly<Record<number, Rng>>
  /** Every message of the run, in order, for leak checks. */
  readonly transcript?: SignMessage[]
  /** Who combines (and verifies) the signature; every signer when omitted. */
  readonly combiners?: readonly number[]
}

export function createSessions(o: RunOptions): Map<number, SignSession> {
  const nonces = Object.fromEntries(o.signers.map((i) => [i, randomBytes(32)]))
  return new Map(
    o.signers.map((i) => {
      const share = o.shares[i - 1] as KeyShare
      const rng = o.rngs?.[i]
      return [
        i,
        createSignSession({
          share,
          signers: o.signers,
          pairs: o.pairs[i] ?? {},
          nonces,
          ...(o.derivation === undefined ? {} : { derivation: o.derivation }),
          ...(rng === undefined ? {} : { rng }),
        }),
      ]
    }),
  )
}

/** Runs rounds 1–3 and returns each signer's presignature. */
export function presign(o: RunOptions, sessions = createSessions(o)): Map<number, Presignature> {
  const tamper = o.tamper ?? ((_r, m) => m)
  const log = (m: SignMessage[]) => {
    o.transcript?.push(...m)
    return m
  }
  const r1 = log(
    tamper(
      1,
      [...sessions.values()].flatMap((s) => s.round1()),
    ),
  )
  const r2 = log(
    tamper(
      2,
      [...sessions.entries()].flatMap(([i, s]) => s.round2(route(r1, i))),
    ),
  )
  return new Map([...sessions.entries()].map(([i, s]) => [i, s.round3(route(r2, i))]))
}

export async function sign(
  o: RunOptions,
  presigs = presign(o),
): Promise<Map<number, EcdsaSignature>> {
  const tamper = o.tamper ?? ((_r, m) => m)
  const consumed: Uint8Array[] = []
  const out: SignMessage[] = []
  for (const p of presigs.values()) {
    out.push(
      ...(await p.sign(o.messageHash, { markConsumed: async (id) => void consumed.push(id) })),
    )
  }
  const r3 = tamper(3, out)
  o.transcript?.push(...r3)
  const combiners = o.combiners ?? [...presigs.keys()]
  return new Map(
    [...presigs.entries()]
      .filter(([i]) => combiners.includes(i))
      .map(([i, p]) => [i, p.combine(route(r3, i))]),
  )
}
