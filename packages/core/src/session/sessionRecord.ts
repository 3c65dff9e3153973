/**
 * `SessionRecord`: what is persisted per session (docs/SESSION.md#handshake step 5: keys, counters,
 * peer metadata, expiry), under `session:<topic>` in a `SessionStore`, and its validator for
 * reading it back (storage is outside this code's control). Transport keys stay `Uint8Array`
 * inside the Noise `TransportState`; nothing secret is ever turned into text.
 */
import type { TransportState } from '@tessera/noise/transport'
import { isTopic } from '@tessera/protocol'
import type { PeerMetadata } from '../pairing/payloads.ts'

export type SessionRole = 'dapp' | 'signer'

export interface SessionRecord {
  readonly v: 1
  readonly role: SessionRole
  /** Chosen by the signer in IK message 1. */
  readonly id: string
  /** `sessionTopicFromHandshakeHash(handshakeHash)`. */
  readonly topic: string
  /** The relay URL (from the pairing URI). */
  readonly relay: string
  /** The dapp's origin (from the pairing URI). */
  readonly origin: string
  readonly peer: PeerMetadata
  readonly accounts: { readonly [chainId: string]: readonly string[] }
  readonly chains: readonly string[]
  readonly methods: readonly string[]
  /** The chain last announced by the signer (`chainChanged`), or the first requested one. */
  readonly chainId: string | undefined
  /** Unix seconds. */
  readonly expiry: number
  readonly multiple: boolean
  readonly nextRequestId: number
  readonly transport: TransportState
}

export const SESSION_KEY_PREFIX = 'session:'

export const sessionKey = (topic: string): string => `${SESSION_KEY_PREFIX}${topic}`

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Returns the record, or `undefined` when the stored value is not a session of this version. */
export function readSessionRecord(value: unknown): SessionRecord | undefined {
  if (!isObject(value) || value.v !== 1) return undefined
  const ok =
    (value.role === 'dapp' || value.role === 'signer') &&
    typeof value.id === 'string' &&
    isTopic(value.topic) &&
    typeof value.relay === 'string' &&
    typeof value.origin === 'string' &&
    isObject(value.peer) &&
    typeof value.peer.name === 'string' &&
    isObject(value.accounts) &&
    Array.isArray(value.chains) &&
    Array.isArray(value.methods) &&
    (value.chainId === undefined || typeof value.chainId === 'string') &&
    Number.isSafeInteger(value.expiry) &&
    typeof value.multiple === 'boolean' &&
    Number.isSafeInteger(value.nextRequestId) &&
    isObject(value.transport) &&
    value.transport.v === 1
  return ok ? (value as unknown as SessionRecord) : undefined
}
