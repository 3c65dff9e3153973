/**
 * The Solana transaction wire format, parsed by hand (no @solana/kit at run time: this code ships
 * in the mobile H5 signer, and the parser is ~150 lines where the kit's codecs are tens of KB):
 * compact-u16 signature count and signatures, then the legacy or v0 message — header, static
 * account keys, recent blockhash, compiled instructions, and (v0) address-table lookups. Every
 * length is bounds-checked; trailing bytes are refused. Accepts base64 or base58 text.
 */
import { base58, base64 } from '@scure/base'
import { ClearSigningError } from '../ClearSigningError.ts'

/** Solana caps a transaction at 1232 bytes; text above 4 KiB is refused before decoding. */
const MAX_TEXT_LENGTH = 4096
const PACKET_DATA_SIZE = 1232

export type CompiledInstruction = {
  readonly programIndex: number
  readonly accounts: readonly number[]
  readonly data: Uint8Array
}

export type SolanaMessage = {
  readonly version: 'legacy' | 0
  readonly requiredSignatures: number
  readonly readonlySigned: number
  readonly readonlyUnsigned: number
  /** Static account keys, base58. */
  readonly accountKeys: readonly string[]
  readonly recentBlockhash: string
  readonly instructions: readonly CompiledInstruction[]
  /** Accounts loaded from address lookup tables (v0), in index order after the static keys. */
  readonly lookupAccounts: number
}

function malformed(what: string): ClearSigningError {
  return new ClearSigningError('MalformedPayload', `The Solana transaction is malformed: ${what}.`)
}

class Reader {
  offset = 0
  constructor(readonly bytes: Uint8Array) {}
  u8(): number {
    const value = this.bytes[this.offset]
    if (value === undefined) throw malformed('unexpected end')
    this.offset++
    return value
  }
  /** compact-u16 (1–3 bytes, little-endian base-128, minimal). */
  shortU16(): number {
    let value = 0
    for (let i = 0; i < 3; i++) {
      const byte = this.u8()
      value |= (byte & 0x7f) << (7 * i)
      if ((byte & 0x80) === 0) {
        if (i > 0 && byte === 0) throw malformed('non-minimal compact-u16')
        if (value > 0xffff) throw malformed('compact-u16 overflow')
        return value
      }
    }
    throw malformed('compact-u16 too long')
  }
  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw malformed('unexpected end')
    const out = this.bytes.subarray(this.offset, this.offset + length)
    this.offset += length
    return out
  }
}

/** Bytes of base64 or base58 text (base64 tried first when it is well-formed base64). */
export function decodeWireText(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ClearSigningError(
      'InvalidParams',
      `Invalid params: ${what} must be base64 or base58 text.`,
    )
  }
  if (value.length > MAX_TEXT_LENGTH) {
    throw new ClearSigningError(
      'TooLarge',
      `Invalid params: ${what} is larger than a Solana transaction.`,
    )
  }
  const candidates: Uint8Array[] = []
  if (/^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0) {
    try {
      candidates.push(base64.decode(value))
    } catch {}
  }
  if (/^[1-9A-HJ-NP-Za-km-z]+$/.test(value)) {
    try {
      candidates.push(base58.decode(value))
    } catch {}
  }
  if (candidates.length === 0) {
    throw new ClearSigningError(
      'InvalidParams',
      `Invalid params: ${what} must be base64 or base58 text.`,
    )
  }
  return candidates.find((bytes) => parses(bytes)) ?? (candidates[0] as Uint8Array)
}

function parses(bytes: Uint8Array): boolean {
  try {
    parseSolanaTransaction(bytes)
    return true
  } catch {
    return false
  }
}

export function parseSolanaTransaction(bytes: Uint8Array): {
  signatures: number
  message: SolanaMessage
} {
  if (bytes.length > PACKET_DATA_SIZE) throw malformed(`larger than ${PACKET_DATA_SIZE} bytes`)
  const reader = new Reader(bytes)
  const signatures = reader.shortU16()
  reader.take(64 * signatures)
  const message = readMessage(reader)
  if (reader.offset !== bytes.length) throw malformed('trailing bytes')
  if (signatures !== message.requiredSignatures)
    throw malformed('signature count differs from the header')
  return { signatures, message }
}

/**
 * A transaction message alone (the bytes a signature covers: legacy or v0), parsed with the same
 * bounds and refusing trailing bytes; the co-signer's policy reads what it is asked to sign here.
 */
export function parseSolanaMessage(bytes: Uint8Array): SolanaMessage {
  if (bytes.length > PACKET_DATA_SIZE) throw malformed(`larger than ${PACKET_DATA_SIZE} bytes`)
  const reader = new Reader(bytes)
  const message = readMessage(reader)
  if (reader.offset !== bytes.length) throw malformed('trailing bytes')
  return message
}

function readMessage(reader: Reader): SolanaMessage {
  let version: 'legacy' | 0 = 'legacy'
  let first = reader.u8()
  if ((first & 0x80) !== 0) {
    if ((first & 0x7f) !== 0) throw malformed(`unsupported message version ${first & 0x7f}`)
    version = 0
    first = reader.u8()
  }
  const requiredSignatures = first
  const readonlySigned = reader.u8()
  const readonlyUnsigned = reader.u8()
  const keyCount = reader.shortU16()
  const accountKeys: string[] = []
  for (let i = 0; i < keyCount; i++) accountKeys.push(base58.encode(reader.take(32)))
  if (
    requiredSignatures === 0 ||
    requiredSignatures > keyCount ||
    readonlySigned >= requiredSignatures
  ) {
    throw malformed('header does not fit the account keys')
  }
  if (readonlyUnsigned > keyCount - requiredSignatures)
    throw malformed('header does not fit the account keys')
  const recentBlockhash = base58.encode(reader.take(32))
  const instructionCount = reader.shortU16()
  const instructions: CompiledInstruction[] = []
  for (let i = 0; i < instructionCount; i++) {
    const programIndex = reader.u8()
    const accounts = Array.from(reader.take(reader.shortU16()))
    const data = reader.take(reader.shortU16())
    instructions.push({ programIndex, accounts, data })
  }
  let lookupAccounts = 0
  if (version === 0) {
    const lookups = reader.shortU16()
    for (let i = 0; i < lookups; i++) {
      reader.take(32)
      lookupAccounts += reader.take(reader.shortU16()).length
      lookupAccounts += reader.take(reader.shortU16()).length
    }
  }
  const total = keyCount + lookupAccounts
  for (const instruction of instructions) {
    // Programs are always static keys; accounts may come from lookup tables.
    if (instruction.programIndex >= keyCount)
      throw malformed('program index outside the static keys')
    if (instruction.accounts.some((index) => index >= total))
      throw malformed('account index out of range')
  }
  return {
    version,
    requiredSignatures,
    readonlySigned,
    readonlyUnsigned,
    accountKeys,
    recentBlockhash,
    instructions,
    lookupAccounts,
  }
}
