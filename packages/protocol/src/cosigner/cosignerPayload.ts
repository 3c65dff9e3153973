/**
 * Typed encoding and decoding of `/v1/mpc` round payloads by protocol and round (runs.ts has the
 * layouts): `encodeCosignerRequest('dkls23-sign', 1, {variant: 'online', …})` on the signer,
 * `decodeCosignerRequest` on the co-signer, and the same pair for replies. A protocol or round the
 * table does not have, or a payload that does not decode, is a CosignerFrameError naming the
 * protocol, round and field.
 */

import { CosignerFrameError } from './CosignerFrameError.ts'
import { type Codec, decodeWith, encodeWith } from './codecs.ts'
import { COSIGNER_RUNS } from './runs.ts'

type Runs = typeof COSIGNER_RUNS

/** A protocol the co-signer may serve. */
export type CosignerRunName = keyof Runs
/** The rounds of a protocol. */
export type CosignerRound<P extends CosignerRunName> = keyof Runs[P]['rounds'] & number
type RoundCodecs<P extends CosignerRunName, R extends CosignerRound<P>> = Runs[P]['rounds'][R]
/** The signer's payload of round `R` of `P`. */
export type CosignerRequest<P extends CosignerRunName, R extends CosignerRound<P>> =
  RoundCodecs<P, R> extends { request: Codec<infer T> } ? T : never
/** The co-signer's reply to round `R` of `P`. */
export type CosignerReply<P extends CosignerRunName, R extends CosignerRound<P>> =
  RoundCodecs<P, R> extends { reply: Codec<infer T> } ? T : never

export function isCosignerRunName(protocol: string): protocol is CosignerRunName {
  return Object.hasOwn(COSIGNER_RUNS, protocol)
}

function codecOf(protocol: string, round: number, side: 'request' | 'reply'): Codec<unknown> {
  if (!isCosignerRunName(protocol))
    throw new CosignerFrameError('UnknownProtocol', `no payload layout for protocol "${protocol}"`)
  const rounds = COSIGNER_RUNS[protocol].rounds as Record<
    number,
    { request: Codec<unknown>; reply: Codec<unknown> } | undefined
  >
  const codecs = Object.hasOwn(rounds, round) ? rounds[round] : undefined
  if (codecs === undefined)
    throw new CosignerFrameError(
      'OutOfOrder',
      `${protocol} has no round ${round} (rounds 1..${Object.keys(rounds).length})`,
    )
  return codecs[side]
}

export function encodeCosignerRequest<P extends CosignerRunName, R extends CosignerRound<P>>(
  protocol: P,
  round: R,
  value: CosignerRequest<P, R>,
): Uint8Array {
  const what = `${protocol} round ${round} request`
  return encodeWith(codecOf(protocol, round, 'request'), value, what)
}

export function decodeCosignerRequest<P extends CosignerRunName, R extends CosignerRound<P>>(
  protocol: P,
  round: R,
  payload: Uint8Array,
): CosignerRequest<P, R> {
  const what = `${protocol} round ${round} request`
  return decodeWith(codecOf(protocol, round, 'request'), payload, what) as CosignerRequest<P, R>
}

export function encodeCosignerReply<P extends CosignerRunName, R extends CosignerRound<P>>(
  protocol: P,
  round: R,
  value: CosignerReply<P, R>,
): Uint8Array {
  const what = `${protocol} round ${round} reply`
  return encodeWith(codecOf(protocol, round, 'reply'), value, what)
}

export function decodeCosignerReply<P extends CosignerRunName, R extends CosignerRound<P>>(
  protocol: P,
  round: R,
  payload: Uint8Array,
): CosignerReply<P, R> {
  const what = `${protocol} round ${round} reply`
  return decodeWith(codecOf(protocol, round, 'reply'), payload, what) as CosignerReply<P, R>
}
