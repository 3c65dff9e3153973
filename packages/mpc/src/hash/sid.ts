/**
 * Session ids (docs/THRESHOLD.md#conventions): sid = H("sid", protocol, version, keyId, epoch,
 * sorted parties, fresh 32-byte nonce from every party), plus protocol parameters (`context`) so a
 * run with other parameters can never share a sid. Never reuse a sid.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { u32be } from '../encoding/codec.ts'
import { taggedHash } from './tagged.ts'
import { TAGS } from './tags.ts'

export const PROTOCOL_VERSION = 'v1'

export type SidInput = {
  readonly protocol: string
  readonly keyId: string
  readonly epoch: number
  /** Indices of the parties that contributed nonces. */
  readonly parties: readonly number[]
  /** nonces[k] belongs to parties[k]; each 32 bytes. */
  readonly nonces: readonly Uint8Array[]
  /** Protocol parameters bound into the sid (curve, t, n, offline keys, …). */
  readonly context: readonly Uint8Array[]
}

export function deriveSid(input: SidInput): Uint8Array {
  const order = input.parties.map((p, k) => [p, k] as const).sort((a, b) => a[0] - b[0])
  return taggedHash(
    TAGS.sid,
    utf8ToBytes(input.protocol),
    utf8ToBytes(PROTOCOL_VERSION),
    utf8ToBytes(input.keyId),
    u32be(input.epoch),
    Uint8Array.from(order.map(([p]) => p)),
    ...order.map(([, k]) => input.nonces[k] as Uint8Array),
    ...input.context,
  )
}
