/**
 * What the Solana instruction decoders share: the instruction as resolved from the message
 * (program id, account addresses, data), the decoded result, little-endian readers and the short
 * forms of addresses and bytes. No decoding of any program here.
 */
import { type DecodeContext, warning } from '../context.ts'
import type { Field, FieldValue, Warning } from '../types.ts'

export type Instruction = {
  readonly programId: string
  /** The instruction's account addresses; undefined for one loaded from a lookup table. */
  readonly accounts: readonly (string | undefined)[]
  readonly data: Uint8Array
}

export type DecodedInstruction = {
  /** "System Program: Transfer", or the program id for an unknown program. */
  readonly title: string
  readonly kind: string
  readonly known: boolean
  /** True for bookkeeping (compute budget, token-account creation): not what the user "does". */
  readonly auxiliary: boolean
  readonly fields: readonly Field[]
  readonly warnings: readonly Warning[]
  /** Set for transfers and approvals: the intent line of a single-action transaction. */
  readonly intent?: string
  /** Compute budget values, for the fee. */
  readonly computeUnitLimit?: number
  readonly microLamportsPerUnit?: bigint
}

/** How a decoder shows the instruction's account `i` (named, or "from a lookup table"). */
export type Accounts = {
  readonly value: (i: number) => FieldValue
  readonly show: (i: number) => string
}

export function u64(data: Uint8Array, offset: number): bigint | undefined {
  if (data.length < offset + 8) return undefined
  return new DataView(data.buffer, data.byteOffset + offset, 8).getBigUint64(0, true)
}

export function u32(data: Uint8Array, offset: number): number | undefined {
  if (data.length < offset + 4) return undefined
  return new DataView(data.buffer, data.byteOffset + offset, 4).getUint32(0, true)
}

export function short(address: string): string {
  return address.length <= 13 ? address : `${address.slice(0, 4)}…${address.slice(-4)}`
}

export function hex(bytes: Uint8Array): string {
  let out = '0x'
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}

/** A caution when the receiving account comes from a lookup table and cannot be shown. */
export function hidden(context: DecodeContext, account: string | undefined): Warning[] {
  return account === undefined
    ? [warning(context, 'LookupTableAccount', 'caution', 'warning.lookupTableAccount')]
    : []
}
