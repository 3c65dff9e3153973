/**
 * DKLs23 signing wire messages (docs/THRESHOLD.md#conventions: every message is
 * {v, protocol, keyId, epoch, sid, round, from, to, payload}) and their validation. Every inbound
 * message passes `checkEnvelope` and its round's payload check before anything touches it; a bad
 * message is `Malformed` naming its sender. Public data only: no secret may be put in a payload.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { decodePoint } from '../curve/index.ts'
import { MpcError } from '../errors.ts'
import { type OteMessage, oteMessageBytes } from '../ot/extension.ts'
import type { OtParams, OtVersion } from '../ot/params.ts'
import { type VoleMessage, voleMessageBytes } from '../vole/rvole.ts'
import { Q, readScalar } from '../vole/scalars.ts'

export const PROTOCOL = 'dkls23'

/**
 * `otVersion`: the OT parameter set of the sender's pair state toward us (`../ot/params.ts`), so
 * that two parties holding states of different versions fail with a clear error before any size
 * or check is read. A message without it comes from a party that predates the tag: v1.
 */
export type Round1Payload = {
  readonly commitment: Uint8Array
  readonly otVersion: OtVersion
  readonly ote: OteMessage
}
export type Round2Payload = {
  readonly bigR: Uint8Array
  readonly salt: Uint8Array
  readonly pk: Uint8Array
  readonly gammaU: Uint8Array
  readonly gammaV: Uint8Array
  readonly psi: Uint8Array
  readonly vole: VoleMessage
}
export type Round3Payload = {
  readonly u: Uint8Array
  readonly w: Uint8Array
  readonly echo: Uint8Array
}

export type SignMessage<P = Round1Payload | Round2Payload | Round3Payload> = {
  readonly v: 1
  readonly protocol: typeof PROTOCOL
  readonly keyId: string
  readonly epoch: number
  readonly sid: Uint8Array
  readonly round: 1 | 2 | 3
  readonly from: number
  readonly to: number
  readonly payload: P
}

export type Session = {
  readonly keyId: string
  readonly epoch: number
  readonly sid: Uint8Array
  readonly self: number
  readonly signers: readonly number[]
}

function bad(culprit: number | undefined, text: string): MpcError {
  return new MpcError('Malformed', `dkls23: ${text}`, culprit === undefined ? {} : { culprit })
}

/**
 * Checks a round's inbound batch: one message from every other signer, addressed to us, for this
 * key, epoch, sid and round. Returns the messages keyed by sender.
 */
export function checkBatch<P>(
  session: Session,
  round: 1 | 2 | 3,
  inbound: readonly SignMessage[],
  payload: (p: unknown, from: number) => P,
): Map<number, P> {
  if (!Array.isArray(inbound)) throw bad(undefined, `round ${round} expected an array of messages`)
  const out = new Map<number, P>()
  for (const m of inbound) {
    if (m === null || typeof m !== 'object')
      throw bad(undefined, `round ${round}: message is not an object`)
    const from = m.from
    if (!Number.isSafeInteger(from) || !session.signers.includes(from) || from === session.self) {
      throw bad(undefined, `round ${round}: sender ${String(from)} is not another signer`)
    }
    if (m.v !== 1 || m.protocol !== PROTOCOL)
      throw bad(from, `round ${round}: wrong version or protocol`)
    if (m.keyId !== session.keyId || m.epoch !== session.epoch) {
      throw bad(from, `round ${round}: message for another key or epoch`)
    }
    if (!(m.sid instanceof Uint8Array) || !equalBytes(m.sid, session.sid)) {
      throw bad(from, `round ${round}: message for another session`)
    }
    if (m.round !== round) throw bad(from, `expected round ${round}, got round ${String(m.round)}`)
    if (m.to !== session.self)
      throw bad(from, `round ${round}: message addressed to ${String(m.to)}`)
    if (out.has(from)) throw bad(from, `round ${round}: duplicate message`)
    out.set(from, payload(m.payload, from))
  }
  for (const j of session.signers) {
    if (j !== session.self && !out.has(j))
      throw bad(j, `round ${round}: no message from party ${j}`)
  }
  return out
}

function field(p: unknown, key: string, length: number, from: number): Uint8Array {
  const v = (p as Record<string, unknown> | null)?.[key]
  if (!(v instanceof Uint8Array) || v.length !== length) {
    throw bad(from, `"${key}" expected Uint8Array of length ${length}`)
  }
  return v
}

export function scalarField(p: unknown, key: string, from: number): bigint {
  const v = readScalar(field(p, key, 32, from), 0)
  if (v >= Q) throw bad(from, `"${key}" is not a canonical scalar`)
  return v
}

export function pointField(p: unknown, key: string, from: number) {
  const bytes = field(p, key, 33, from)
  try {
    if (bytes[0] !== 2 && bytes[0] !== 3) throw new Error('not compressed')
    return decodePoint(bytes)
  } catch (cause) {
    throw new MpcError('Malformed', `dkls23: "${key}" is not a valid secp256k1 point`, {
      culprit: from,
      cause,
    })
  }
}

/**
 * Round 1 under our pair's parameter set toward `from`: a different `otVersion` is Malformed with
 * both versions named (the pair must run its OT setup again), before the sizes are checked.
 */
export function round1Payload(p: unknown, from: number, params: OtParams): Round1Payload {
  const record = p as Record<string, unknown> | null
  const tag = record?.otVersion === undefined ? 1 : record.otVersion
  if (tag !== params.v) {
    throw bad(
      from,
      `party ${from} signs with OT parameter set v${String(tag)}, our pair state toward it is v${params.v}: the pair must run its OT setup again`,
    )
  }
  const ote = record?.ote
  const sizes = oteMessageBytes(params)
  return {
    commitment: field(p, 'commitment', 32, from),
    otVersion: params.v,
    ote: {
      u: field(ote, 'u', sizes.u, from),
      xHat: field(ote, 'xHat', sizes.xHat, from),
      tHat: field(ote, 'tHat', sizes.tHat, from),
    },
  }
}

/** Round 2 under our pair's parameter set toward `from` (ã has ξ × 3 scalars). */
export function round2Payload(p: unknown, from: number, params: OtParams): Round2Payload {
  const vole = (p as Record<string, unknown> | null)?.vole
  const sizes = voleMessageBytes(params.xi)
  return {
    bigR: field(p, 'bigR', 33, from),
    salt: field(p, 'salt', 32, from),
    pk: field(p, 'pk', 33, from),
    gammaU: field(p, 'gammaU', 33, from),
    gammaV: field(p, 'gammaV', 33, from),
    psi: field(p, 'psi', 32, from),
    vole: {
      aTilde: field(vole, 'aTilde', sizes.aTilde, from),
      eta: field(vole, 'eta', sizes.eta, from),
      muHat: field(vole, 'muHat', sizes.muHat, from),
    },
  }
}

export function round3Payload(p: unknown, from: number): Round3Payload {
  return {
    u: field(p, 'u', 32, from),
    w: field(p, 'w', 32, from),
    echo: field(p, 'echo', 32, from),
  }
}

/** Payload bytes of a message (for the benchmark's bytes-per-round figure). */
export function payloadBytes(p: unknown): number {
  if (p instanceof Uint8Array) return p.length
  if (p === null || typeof p !== 'object') return 0
  let n = 0
  for (const v of Object.values(p)) n += payloadBytes(v)
  return n
}
