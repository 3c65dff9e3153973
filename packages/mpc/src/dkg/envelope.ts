/**
 * The message envelope of every multi-round protocol here (docs/THRESHOLD.md#conventions):
 * `{v, protocol, keyId, epoch, sid, round, from, to, payload}`. `collectRound` validates every
 * inbound message before any payload is touched: exact sender set, no duplicates, own index never
 * accepted as a sender, sid/round/key binding. It never trusts `from` beyond the peer set.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { abytes } from '@noble/hashes/utils.js'
import { MpcError } from '../errors.ts'

export type ProtocolName = 'dkg' | 'refresh' | 'recovery'

export type Envelope<P> = {
  readonly v: 1
  readonly protocol: ProtocolName
  readonly keyId: string
  readonly epoch: number
  /** Empty in a protocol's first round (the sid is being formed from the nonces it carries). */
  readonly sid: Uint8Array
  readonly round: number
  readonly from: number
  readonly to: number
  readonly payload: P
}

export type RoundExpectation = {
  readonly protocol: ProtocolName
  readonly keyId: string
  readonly epoch: number
  readonly sid: Uint8Array
  readonly round: number
  readonly me: number
  readonly peers: readonly number[]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/**
 * Validates one round's inbound messages and returns payloads by sender. Malformed input names
 * its sender as culprit when the sender is a known peer; a missing peer is an Abort naming it.
 */
export function collectRound<P>(
  messages: readonly unknown[],
  expect: RoundExpectation,
  parsePayload: (payload: unknown, from: number) => P,
): Map<number, P> {
  if (!Array.isArray(messages)) throw new MpcError('Malformed', 'expected an array of messages')
  const out = new Map<number, P>()
  for (const msg of messages) {
    if (!isRecord(msg)) throw new MpcError('Malformed', 'message is not an object')
    const from = msg.from
    if (typeof from !== 'number' || !Number.isSafeInteger(from) || from < 1) {
      throw new MpcError('Malformed', `invalid sender index ${String(from)}`)
    }
    if (from === expect.me) {
      throw new MpcError('Malformed', `message claims our own index ${from} as sender`)
    }
    if (!expect.peers.includes(from)) {
      throw new MpcError('Malformed', `sender ${from} is not a party of this session`)
    }
    const culprit = { culprit: from }
    if (msg.v !== 1)
      throw new MpcError('Malformed', `unsupported message v=${String(msg.v)}`, culprit)
    if (
      msg.protocol !== expect.protocol ||
      msg.keyId !== expect.keyId ||
      msg.epoch !== expect.epoch
    ) {
      throw new MpcError(
        'Malformed',
        `message from ${from} is for another protocol, key or epoch`,
        culprit,
      )
    }
    if (msg.round !== expect.round) {
      throw new MpcError(
        'Malformed',
        `message from ${from} is for round ${String(msg.round)}, expected ${expect.round}`,
        culprit,
      )
    }
    if (msg.to !== expect.me) {
      throw new MpcError(
        'Malformed',
        `message from ${from} is addressed to ${String(msg.to)}`,
        culprit,
      )
    }
    let sid: Uint8Array
    try {
      sid = abytes(msg.sid as Uint8Array, undefined, 'sid')
    } catch (cause) {
      throw new MpcError('Malformed', `message from ${from} has no sid`, { culprit: from, cause })
    }
    // A different sid means the sender saw other round-1 nonces: a broadcast was not consistent.
    if (!equalBytes(sid, expect.sid)) {
      throw new MpcError('Abort', `message from ${from} carries another sid`, culprit)
    }
    if (out.has(from)) throw new MpcError('Malformed', `duplicate message from ${from}`, culprit)
    let payload: P
    try {
      payload = parsePayload(msg.payload, from)
    } catch (cause) {
      if (cause instanceof MpcError) throw cause
      throw new MpcError(
        'Malformed',
        `invalid round ${expect.round} payload from ${from}: ${(cause as Error).message}`,
        { culprit: from, cause },
      )
    }
    out.set(from, payload)
  }
  for (const peer of expect.peers) {
    if (!out.has(peer)) {
      throw new MpcError('Abort', `no round ${expect.round} message from party ${peer}`, {
        culprit: peer,
      })
    }
  }
  return out
}

export function envelope<P>(
  base: Omit<Envelope<P>, 'v' | 'to' | 'payload'>,
  to: number,
  payload: P,
): Envelope<P> {
  return { v: 1, ...base, sid: base.sid.slice(), to, payload }
}
