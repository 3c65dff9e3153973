/**
 * One party's DKLs23 signing session (DKLs23 Protocol 3.6, docs/THRESHOLD.md#dkls23-signing): a
 * synchronous state machine fed each round's inbound messages, returning outbound ones. Rounds 1–2
 * and the local part of round 3 do not depend on the message and yield a `Presignature`
 * (`presignature.ts`), which signs exactly once. The step counter rejects out-of-order use and any
 * use after a failure. Never puts a secret in a message, never continues after an error, never
 * signs with a banned pair.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { abytes } from '@noble/hashes/utils.js'
import {
  add,
  decodePoint,
  encodePoint,
  encodePoints,
  equals,
  identity,
  msmUnsafe,
  mul,
  mulBase,
  type Pt,
} from '../curve/index.ts'
import type { KeyShare } from '../dkg/keyShare.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { randomScalar } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'
import { oteReceive, oteSend, pairOf } from '../ot/extension.ts'
import { otParams } from '../ot/params.ts'
import { voleChi, voleReceive, voleSend } from '../vole/rvole.ts'
import { modQ, Q, readScalar, scalarBytes } from '../vole/scalars.ts'
import { zeroShare } from '../zero/zeroShares.ts'
import {
  checkBatch,
  PROTOCOL,
  pointField,
  type Round1Payload,
  type Round2Payload,
  round1Payload,
  round2Payload,
  type Session,
  type SignMessage,
  scalarField,
} from './messages.ts'
import { banPair, type PairOtState, pairGadget } from './pairState.ts'
import { createPresignature, type Presignature } from './presignature.ts'
import {
  commitNonce,
  echoOf,
  lagrange,
  nonceOf,
  pairSid,
  signingSid,
  verifierWeight,
} from './signMath.ts'

export type SignSessionOptions = {
  readonly share: KeyShare
  /** The signing set S (t ≤ |S| ≤ n), including our own index. */
  readonly signers: readonly number[]
  /** Our OT state toward every other signer. */
  readonly pairs: Readonly<Record<number, PairOtState>>
  /** Every signer's fresh 32-byte session nonce (ours included), agreed before round 1. */
  readonly nonces: Readonly<Record<number, Uint8Array>>
  /**
   * Additive derivation: δ (a scalar in [0, n), as `deriveSecp256k1` returns it; zero for the
   * root key) and the path it came from. The same bigint form FROST's `delta` takes.
   */
  readonly derivation?: { readonly delta: bigint; readonly path: readonly number[] }
  /** Test-only deterministic randomness. */
  readonly rng?: Rng
}

export type SignSession = {
  readonly sid: Uint8Array
  readonly self: number
  round1(): SignMessage[]
  round2(inbound: readonly SignMessage[]): SignMessage[]
  /** Checks round 2, computes R, u_i, v_i: the presignature, ready for one message. */
  round3(inbound: readonly SignMessage[]): Presignature
  /**
   * Ends the session (an abort, a failure): wipes the secret bytes it still holds (our OT-extension
   * rows and choice bits as vOLE Bob) and refuses every later round. Idempotent.
   */
  destroy(): void
}

function checkSigners(share: KeyShare, signers: readonly number[]): number[] {
  if (!Array.isArray(signers)) throw new TypeError('"signers" expected an array')
  const sorted = [...signers].sort((a, b) => a - b)
  for (let k = 0; k < sorted.length; k++) {
    const j = sorted[k] as number
    if (!Number.isSafeInteger(j) || j < 1 || j > share.n) {
      throw new RangeError(`signer index ${String(j)} outside [1, ${share.n}]`)
    }
    if (k > 0 && sorted[k - 1] === j) throw new RangeError(`duplicate signer index ${j}`)
  }
  if (sorted.length < share.t || sorted.length > share.n) {
    throw new RangeError(`expected between ${share.t} and ${share.n} signers, got ${sorted.length}`)
  }
  if (!sorted.includes(share.index))
    throw new RangeError(`own index ${share.index} is not a signer`)
  return sorted
}

function checkPair(share: KeyShare, j: number, pair: PairOtState | undefined): PairOtState {
  if (pair === undefined) throw new RangeError(`no OT state toward party ${j}`)
  if (
    pair.self !== share.index ||
    pair.peer !== j ||
    pair.keyId !== share.keyId ||
    pair.epoch !== share.epoch
  ) {
    throw new RangeError(`the OT state given for party ${j} belongs to another pair, key or epoch`)
  }
  if (pair.banned) {
    throw new MpcError(
      'Ban',
      `dkls23: pair (${share.index}, ${j}) is banned until a fresh OT setup`,
      {
        culprit: j,
        pair: pairOf({ self: share.index, peer: j }),
      },
    )
  }
  return pair
}

export function createSignSession(options: SignSessionOptions): SignSession {
  const { share, rng } = options
  if (share.curve !== 'secp256k1') throw new TypeError('DKLs23 signs on secp256k1 only')
  // Cheap entry checks; the full `validateKeyShare` (x_i·G = X_i, windows) runs when a share is
  // loaded, not on every signature.
  const secret = readScalar(abytes(share.secretShare, 32, 'share.secretShare'), 0)
  if (secret === 0n || secret >= Q)
    throw new RangeError('"share.secretShare" is not a canonical non-zero scalar')
  const self = share.index
  const signers = checkSigners(share, options.signers)
  const peers = signers.filter((j) => j !== self)
  const pairs = new Map(peers.map((j) => [j, checkPair(share, j, options.pairs[j])]))
  const deltaValue = options.derivation?.delta ?? 0n
  if (typeof deltaValue !== 'bigint') {
    throw new TypeError(`"derivation.delta" expected bigint, got ${typeof deltaValue}`)
  }
  if (deltaValue < 0n || deltaValue >= Q) {
    throw new RangeError('"derivation.delta" is not a canonical scalar')
  }
  const delta = scalarBytes(deltaValue)
  const sid = signingSid({
    keyId: share.keyId,
    epoch: share.epoch,
    signers,
    nonces: options.nonces,
    delta,
    path: options.derivation?.path ?? [],
    chainCode: share.chainCode,
  })
  const session: Session = { keyId: share.keyId, epoch: share.epoch, sid, self, signers }
  const pk = decodePoint(share.publicKey)
  const pkPrime = deltaValue === 0n ? pk : add(pk, mulBase(deltaValue))

  let step = 0
  // Round-1 secrets.
  const r = randomScalar('secp256k1', rng)
  const phi = randomScalar('secp256k1', rng)
  const ownR = mulBase(r)
  const bigR = encodePoint(ownR)
  const salt = randomBytes(32, rng)
  const commitments = new Map<number, Uint8Array>([[self, commitNonce(sid, self, bigR, salt)]])
  const bob = new Map<number, { choices: Uint32Array; rows: Uint32Array; chi: bigint }>()
  // Round-2 secrets.
  let sk = 0n
  let ownPk: Pt = identity()
  const cU = new Map<number, bigint>()
  const cV = new Map<number, bigint>()

  const envelope = <P>(round: 1 | 2 | 3, to: number, payload: P): SignMessage<P> => ({
    v: 1,
    protocol: PROTOCOL,
    keyId: share.keyId,
    epoch: share.epoch,
    sid,
    round,
    from: self,
    to,
    payload,
  })

  const enter = (expected: number) => {
    if (step !== expected) {
      throw new Error(
        step < 0
          ? 'dkls23: session failed, start a new one'
          : `dkls23: round ${expected + 1} called at step ${step}`,
      )
    }
    step = -1 // until the round completes: any throw leaves the session dead
  }

  const ban = (j: number, e: unknown): never => {
    if (e instanceof MpcError && e.code === 'Ban') banPair(pairs.get(j) as PairOtState)
    throw e
  }

  return {
    sid,
    self,
    destroy() {
      step = -1
      for (const b of bob.values()) {
        b.rows.fill(0)
        b.choices.fill(0)
      }
      bob.clear()
    },
    round1() {
      enter(0)
      const out = peers.map((j) => {
        // We are vOLE Bob in the instance where j is Alice: our OTE message goes out now.
        const pair = pairs.get(j) as PairOtState
        const o = oteReceive(pair.receiver, pairSid(sid, j, self), rng, otParams(pair.v))
        bob.set(j, { choices: o.choices, rows: o.rows, chi: voleChi(pairGadget(pair), o.choices) })
        return envelope<Round1Payload>(1, j, {
          commitment: commitments.get(self) as Uint8Array,
          otVersion: pair.v,
          ote: o.message,
        })
      })
      step = 1
      return out
    },

    round2(inbound) {
      enter(1)
      const batch = checkBatch(session, 1, inbound, (p, from) =>
        round1Payload(p, from, otParams((pairs.get(from) as PairOtState).v)),
      )
      const zeta = zeroShare({ self, signers, seeds: share.zeroSeeds, sid })
      const x = readScalar(share.secretShare, 0)
      sk = modQ(lagrange(self, signers) * (x + deltaValue) + zeta)
      // A zero additive share would put pk_i = O on the wire (probability 2^-256 when honest).
      if (sk === 0n) throw new MpcError('Abort', 'dkls23: sk_i = 0')
      ownPk = mulBase(sk)
      const sent = peers.map((j) => {
        const p = batch.get(j) as Round1Payload
        commitments.set(j, p.commitment)
        const pair = pairs.get(j) as PairOtState
        const instance = pairSid(sid, self, j)
        let rows: Uint32Array
        try {
          rows = oteSend(pair.sender, instance, p.ote, { self, peer: j }, otParams(pair.v)).rows
        } catch (e) {
          return ban(j, e)
        }
        const v = voleSend({
          gadget: pairGadget(pair),
          sid: instance,
          rows,
          delta: pair.sender.delta,
          inputs: [r, sk],
          rng,
        })
        rows.fill(0)
        if (v.c[0] === 0n || v.c[1] === 0n) throw new MpcError('Abort', 'dkls23: vOLE output c = 0')
        cU.set(j, v.c[0])
        cV.set(j, v.c[1])
        return { j, vole: v.message, gammas: [mulBase(v.c[0]), mulBase(v.c[1])] }
      })
      // pk_i and every Γ^u, Γ^v to bytes with one inversion.
      const encoded = encodePoints([ownPk, ...sent.flatMap((e) => e.gammas)])
      const out = sent.map(({ j, vole }, k) => {
        const chi = (bob.get(j) as { chi: bigint }).chi
        return envelope<Round2Payload>(2, j, {
          bigR,
          salt,
          pk: encoded[0] as Uint8Array,
          gammaU: encoded[1 + 2 * k] as Uint8Array,
          gammaV: encoded[2 + 2 * k] as Uint8Array,
          psi: scalarBytes(modQ(phi - chi)),
          vole,
        })
      })
      step = 2
      return out
    },

    round3(inbound) {
      enter(2)
      const batch = checkBatch(session, 2, inbound, (p, from) =>
        round2Payload(p, from, otParams((pairs.get(from) as PairOtState).v)),
      )
      let sumR: Pt = ownR
      let sumPk: Pt = ownPk
      let bigPhi = phi
      let u = 0n
      let v = 0n
      for (const j of peers) {
        const p = batch.get(j) as Round2Payload
        // Step 1: open j's commitment (Abort: j equivocated or lied about R_j).
        if (!equalBytes(commitNonce(sid, j, p.bigR, p.salt), commitments.get(j) as Uint8Array)) {
          throw new MpcError('Abort', `dkls23: party ${j} opened a different R_j than committed`, {
            culprit: j,
          })
        }
        const Rj = pointField(p, 'bigR', j)
        const pkj = pointField(p, 'pk', j)
        const gU = pointField(p, 'gammaU', j)
        const gV = pointField(p, 'gammaV', j)
        const psi = scalarField(p, 'psi', j)
        const pair = pairs.get(j) as PairOtState
        const b = bob.get(j) as { choices: Uint32Array; rows: Uint32Array; chi: bigint }
        let d: [bigint, bigint]
        try {
          d = voleReceive({
            gadget: pairGadget(pair),
            sid: pairSid(sid, j, self),
            rows: b.rows,
            choices: b.choices,
            message: p.vole,
            pair: { self, peer: j },
          }).d
        } catch (e) {
          return ban(j, e)
        }
        b.rows.fill(0)
        b.choices.fill(0)
        // Step 3: χ·R_j = d^u·G + Γ^u and χ·pk_j = d^v·G + Γ^v, checked together with a fresh
        // random weight ρ (a wrong Γ passes with probability 1/q); failure leaks χ-bits: Ban.
        // ρ takes 2^128 values: a wrong pair (Γ^u, Γ^v) passes for at most one ρ, so 2^-128
        // (λ_s). Drawn as ρ_1 + λ·ρ_2 with 64-bit halves (verifierWeight): half the doublings.
        const rho = verifierWeight(randomBytes(32, rng))
        // ρ is public randomness (its later disclosure is harmless), so the variable-time
        // multiplication is fine for R_j + ρ·pk_j and Γ^u + ρ·Γ^v; χ and d stay on the
        // constant-time path.
        const left = mul(msmUnsafe([Rj, pkj], [1n, rho]), b.chi)
        const dSum = modQ(d[0] + rho * d[1])
        const right = add(mulBase(dSum), msmUnsafe([gU, gV], [1n, rho]))
        if (!equals(left, right)) {
          banPair(pair)
          throw new MpcError('Ban', `dkls23: Γ check failed for party ${j}`, {
            culprit: j,
            pair: pairOf({ self, peer: j }),
          })
        }
        sumR = add(sumR, Rj)
        sumPk = add(sumPk, pkj)
        bigPhi += psi
        u += (cU.get(j) as bigint) + d[0]
        v += (cV.get(j) as bigint) + d[1]
      }
      if (!equals(sumPk, pkPrime)) {
        // Our own pk_i is honest (the share was validated on load). With two signers the check is
        // pk_j = PK′ − pk_i, so j is the culprit. With more, pk_j = λ_j·(X_j + δ·G) + ζ_j·G and
        // ζ_j comes from seeds we do not hold: only the sum is checkable, nobody can be named.
        const only = peers.length === 1 ? (peers[0] as number) : undefined
        throw only === undefined
          ? new MpcError(
              'Abort',
              'dkls23: Σ pk_j ≠ PK′ (not attributable with more than two signers: ζ_j·G is not public)',
            )
          : new MpcError('Abort', `dkls23: Σ pk_j ≠ PK′: party ${only} sent a wrong pk_j`, {
              culprit: only,
            })
      }
      const nonce = nonceOf(sumR)
      bigPhi = modQ(bigPhi)
      const presig = createPresignature({
        session,
        bigR: nonce.encoded,
        rx: nonce.rx,
        u: modQ(r * bigPhi + u),
        v: modQ(sk * bigPhi + v),
        phi,
        // Without derivation PK′ is the share's public key: its (validated) bytes, no inversion.
        pkPrime: deltaValue === 0n ? share.publicKey.slice() : encodePoint(pkPrime),
        echo: echoOf(sid, 1, commitments),
      })
      cU.clear()
      cV.clear()
      step = 3
      return presig
    },
  }
}
