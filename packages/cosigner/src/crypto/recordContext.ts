/**
 * What a sealed record is bound to: its kind, owner identity, key id, epoch and record id.
 * The associated data of both the data-key wrap and the record ciphertext is the
 * length-prefixed encoding of these fields, so a ciphertext (or its wrapped data key) moved to
 * another identity, key, epoch, record or kind no longer decrypts.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { lengthPrefixed } from './lengthPrefixed.ts'

export type RecordKind = 'share' | 'presignature' | 'nonce' | 'signing-key'

export interface RecordContext {
  readonly kind: RecordKind
  readonly identity: string
  readonly keyId: string
  readonly epoch: number
  /** Presignature/nonce id; empty for shares (one per identity, key and epoch). */
  readonly recordId: string
}

export function recordAad(ctx: RecordContext, layer: 'record' | 'wrap'): Uint8Array {
  if (!Number.isSafeInteger(ctx.epoch) || ctx.epoch < 0) {
    throw new RangeError(`"epoch" expected a non-negative integer, got ${ctx.epoch}`)
  }
  return lengthPrefixed(
    utf8ToBytes(`tessera/cosigner/${layer}/v1`),
    utf8ToBytes(ctx.kind),
    utf8ToBytes(ctx.identity),
    utf8ToBytes(ctx.keyId),
    utf8ToBytes(String(ctx.epoch)),
    utf8ToBytes(ctx.recordId),
  )
}
