/**
 * A DKLs23 presignature (docs/THRESHOLD.md#presignatures): R, r_x, u_i, v_i, φ_i computed ahead of
 * the message, bound to a sid that already fixes δ, the path and the chain code. It signs exactly
 * once: it is marked consumed locally, then `markConsumed(id)` must resolve (durable storage)
 * before w_i is computed and released; a second use is refused. `combineSignature` finishes with
 * everyone's (u_j, w_j), checking the echo of round-1 commitments. Never releases w_i twice.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { abytes } from '@noble/hashes/utils.js'
import { decodePoint } from '../curve/index.ts'
import { MpcError } from '../errors.ts'
import { modQ, readScalar, scalarBytes } from '../vole/scalars.ts'
import {
  checkBatch,
  PROTOCOL,
  type Round3Payload,
  round3Payload,
  type Session,
  type SignMessage,
  scalarField,
} from './messages.ts'
import { type EcdsaSignature, outputSignature } from './signMath.ts'
import { verifyingKey } from './verifyingKey.ts'

/** Everything a ready presignature holds; `presignatureCodec.ts` stores exactly this. */
export type PresignatureRecord = {
  readonly session: Session
  /** R, compressed (33 bytes). Parsed as a point only by `combine`. */
  readonly bigR: Uint8Array
  readonly rx: bigint
  readonly u: bigint
  readonly v: bigint
  readonly phi: bigint
  readonly pkPrime: Uint8Array
  readonly echo: Uint8Array
}

/**
 * Codec access to a ready presignature's record. Taking it moves the presignature out: the
 * in-memory object refuses to sign afterwards, so only the stored copy can ever be used.
 */
const takers = new WeakMap<object, () => PresignatureRecord>()

export function takePresignatureRecord(p: Presignature): PresignatureRecord {
  const take = takers.get(p)
  if (take === undefined) throw new TypeError('not a presignature made by createPresignature')
  return take()
}

export type Presignature = {
  /** The session id; the storage key for `markConsumed`. */
  readonly id: Uint8Array
  readonly keyId: string
  readonly epoch: number
  readonly self: number
  readonly signers: readonly number[]
  /** R (33 bytes), PK′ (33 bytes) and the echo of round-1 commitments: public. */
  readonly bigR: Uint8Array
  readonly pkPrime: Uint8Array
  readonly echo: Uint8Array
  /** Sign the given 32-byte message hash; resolves to the round-3 broadcast. */
  sign(
    messageHash: Uint8Array,
    hooks: { readonly markConsumed: (presigId: Uint8Array) => Promise<void> },
  ): Promise<SignMessage<Round3Payload>[]>
  /**
   * Combine every signer's round-3 broadcast (ours is kept internally) into a verified signature.
   * Only the party that outputs the signature calls it (it verifies under PK′ first); a party
   * that only releases its (u, w) to the combiner skips it.
   */
  combine(inbound: readonly SignMessage[]): EcdsaSignature
}

function parsePoint<T>(bytes: Uint8Array, title: string, decode: (bytes: Uint8Array) => T): T {
  try {
    return decode(bytes)
  } catch (cause) {
    throw new MpcError('Malformed', `dkls23: presignature "${title}" is not a secp256k1 point`, {
      cause,
    })
  }
}

export function createPresignature(args: PresignatureRecord): Presignature {
  const { session, bigR, rx, echo } = args
  let secrets: { v: bigint; phi: bigint } | undefined = { v: args.v, phi: args.phi }
  let state: 'ready' | 'exported' | 'consuming' | 'signed' | 'done' = 'ready'
  let own: { u: bigint; w: bigint; m: Uint8Array } | undefined
  const presignature: Presignature = {
    id: session.sid,
    keyId: session.keyId,
    epoch: session.epoch,
    self: session.self,
    signers: session.signers,
    bigR,
    pkPrime: args.pkPrime,
    echo,

    async sign(messageHash, hooks) {
      abytes(messageHash, 32, 'messageHash')
      if (state !== 'ready' || secrets === undefined) {
        throw new MpcError(
          'Abort',
          state === 'exported'
            ? 'dkls23: presignature was exported; sign with the decoded copy'
            : 'dkls23: presignature already used',
        )
      }
      // Claim it before awaiting, so a concurrent second call is refused too.
      state = 'consuming'
      const taken = secrets
      secrets = undefined
      try {
        await hooks.markConsumed(session.sid)
      } catch (cause) {
        throw new MpcError('Abort', 'dkls23: could not persist presignature consumption', { cause })
      }
      // DKLs23 Protocol 3.6 step 3: w_i = m·φ_i + r_x·v_i.
      const m = readScalar(messageHash, 0)
      const w = modQ(m * taken.phi + rx * taken.v)
      taken.phi = 0n
      taken.v = 0n
      own = { u: args.u, w, m: messageHash.slice() }
      state = 'signed'
      const payload: Round3Payload = { u: scalarBytes(args.u), w: scalarBytes(w), echo }
      return session.signers
        .filter((j) => j !== session.self)
        .map((to) => ({
          v: 1 as const,
          protocol: PROTOCOL,
          keyId: session.keyId,
          epoch: session.epoch,
          sid: session.sid,
          round: 3 as const,
          from: session.self,
          to,
          payload,
        }))
    },

    combine(inbound) {
      if (state !== 'signed' || own === undefined) {
        throw new Error(state === 'done' ? 'dkls23: already combined' : 'dkls23: sign() first')
      }
      state = 'done'
      const batch = checkBatch(session, 3, inbound, round3Payload)
      let sumU = own.u
      let sumW = own.w
      for (const [j, p] of batch) {
        // docs/THRESHOLD.md#broadcast-consistency: j must have seen the same round-1 commitments.
        if (!equalBytes(p.echo, echo)) {
          // Two signers: j saw our commitment over an authenticated channel, so a different echo
          // is j's own lie. More signers: a third party may have equivocated; nobody is named.
          if (batch.size === 1) {
            throw new MpcError('Abort', `dkls23: party ${j} sent a wrong echo of round 1`, {
              culprit: j,
            })
          }
          throw new MpcError(
            'Abort',
            `dkls23: party ${j} saw different round-1 commitments (equivocation; not attributable: any signer may have equivocated)`,
          )
        }
        sumU += scalarField(p, 'u', j)
        sumW += scalarField(p, 'w', j)
      }
      // R and PK′ become points here, not at creation or decoding: a party that only releases
      // its (u, w) — the co-signer — never combines, so it never pays for two square roots.
      return outputSignature({
        bigR: parsePoint(bigR, 'R', decodePoint),
        sumU,
        sumW,
        messageHash: own.m,
        pkPrime: parsePoint(args.pkPrime, 'PK′', verifyingKey),
      })
    },
  }
  takers.set(presignature, () => {
    if (state !== 'ready' || secrets === undefined) {
      throw new MpcError('Abort', 'dkls23: only an unused presignature can be exported')
    }
    const record = { ...args, v: secrets.v, phi: secrets.phi }
    secrets = undefined
    state = 'exported'
    return record
  })
  return presignature
}
