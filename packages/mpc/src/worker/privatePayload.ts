/**
 * Confidentiality of private round values across the UI thread (docs/ARCHITECTURE.md: secrets never
 * cross into the UI thread; docs/THRESHOLD.md#dkg: f_i(j) "is confidential"). DKG round 3 carries
 * f_i(j) and a zero-seed contribution, re-share round 3 a delta or masked contribution and a seed.
 * With a channel, the engine seals those fields to the recipient's X25519 key (ECIES, associated
 * data = protocol, key, epoch, sid, round, sender, recipient) before the message leaves the Worker,
 * and opens them after it arrives, so the page routes only ciphertext. Never logs a payload.
 */

import { abytes, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { eciesOpen, eciesSeal } from '../backup/ecies.ts'
import { u32be } from '../encoding/codec.ts'
import type { Rng } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'

/** Private fields by protocol, all in round 3, each 32 bytes when present. */
const PRIVATE: Record<string, readonly string[]> = {
  dkg: ['share', 'zeroSeed'],
  refresh: ['value', 'seed'],
  recovery: ['value', 'seed'],
}

type Message = {
  readonly protocol: string
  readonly keyId: string
  readonly epoch: number
  readonly sid: Uint8Array
  readonly round: number
  readonly from: number
  readonly to: number
  readonly payload: unknown
}

function aad(m: Message): Uint8Array {
  return taggedHash(
    TAGS.ecies,
    utf8ToBytes('private-payload'),
    utf8ToBytes(m.protocol),
    utf8ToBytes(m.keyId),
    u32be(m.epoch),
    m.sid,
    Uint8Array.of(m.round, m.from, m.to),
  )
}

function fieldsOf(m: Message): readonly string[] {
  return m.round === 3 ? (PRIVATE[m.protocol] ?? []) : []
}

/** Replaces the private fields of a round-3 message with `sealed` for its recipient. */
export function sealPrivate<M extends Message>(m: M, recipientKey: Uint8Array, rng?: Rng): M {
  const fields = fieldsOf(m)
  if (fields.length === 0) return m
  const payload = { ...(m.payload as Record<string, unknown>) }
  let flags = 0
  const parts: Uint8Array[] = []
  fields.forEach((name, k) => {
    const value = payload[name]
    if (value === undefined) return
    flags |= 1 << k
    parts.push(abytes(value as Uint8Array, 32, name))
    delete payload[name]
  })
  const plaintext = concatBytes(Uint8Array.of(flags), ...parts)
  payload.sealed = eciesSeal(recipientKey, plaintext, aad(m), rng)
  plaintext.fill(0)
  return { ...m, payload }
}

/** Restores the private fields of a sealed round-3 message; plaintext private fields are refused. */
export function openPrivate(m: unknown, secretKey: Uint8Array): unknown {
  if (typeof m !== 'object' || m === null) return m
  const msg = m as Message
  const fields = fieldsOf(msg)
  if (fields.length === 0) return m
  const culprit = typeof msg.from === 'number' ? { culprit: msg.from } : {}
  const payload = { ...((msg.payload ?? {}) as Record<string, unknown>) }
  if (
    fields.some((name) => payload[name] !== undefined) ||
    !(payload.sealed instanceof Uint8Array)
  ) {
    throw new MpcError(
      'Malformed',
      `round-3 message from ${String(msg.from)} is not sealed`,
      culprit,
    )
  }
  let plaintext: Uint8Array
  try {
    plaintext = eciesOpen(secretKey, payload.sealed, aad(msg))
  } catch (cause) {
    throw new MpcError('Malformed', `sealed payload from ${String(msg.from)} does not open`, {
      ...culprit,
      cause,
    })
  }
  delete payload.sealed
  const flags = plaintext[0] as number
  let at = 1
  fields.forEach((name, k) => {
    if ((flags & (1 << k)) === 0) return
    payload[name] = plaintext.slice(at, at + 32)
    at += 32
  })
  if (at !== plaintext.length) {
    throw new MpcError(
      'Malformed',
      `sealed payload from ${String(msg.from)} has the wrong length`,
      culprit,
    )
  }
  plaintext.fill(0)
  return { ...msg, payload }
}

/** How a session names its channel: our X25519 key (a Worker handle) and every peer's key. */
export type ChannelOptions = {
  readonly key: string
  readonly peers: Readonly<Record<number, Uint8Array>>
}

export type Channel = {
  seal<M extends Message>(messages: readonly M[]): M[]
  open(inbound: readonly unknown[]): unknown[]
  close(): void
}

const PLAIN: Channel = {
  seal: (messages) => [...messages],
  open: (inbound) => [...inbound],
  close: () => undefined,
}

/** A channel to `recipients`, or the identity when no options are given. */
export function createChannel(
  options: ChannelOptions | undefined,
  recipients: readonly number[],
  takeKey: (handle: string) => Uint8Array,
  rng?: Rng,
): Channel {
  if (options === undefined) return PLAIN
  const peers = new Map<number, Uint8Array>()
  for (const j of recipients) {
    try {
      peers.set(j, abytes(options.peers?.[j] as Uint8Array, 32, `channel.peers[${j}]`).slice())
    } catch (cause) {
      throw new MpcError('Malformed', `invalid channel: ${(cause as Error).message}`, { cause })
    }
  }
  const secretKey = takeKey(options.key)
  return {
    seal: (messages) => messages.map((m) => sealPrivate(m, peers.get(m.to) as Uint8Array, rng)),
    open: (inbound) =>
      Array.isArray(inbound) ? inbound.map((m) => openPrivate(m, secretKey)) : [...inbound],
    close: () => secretKey.fill(0),
  }
}
