/**
 * Validators for request params as a dapp sent them: each returns the narrowed value or throws
 * `ClearSigningError('InvalidParams')` naming the field. Nothing else reads `params` unchecked.
 */
import { ClearSigningError } from './ClearSigningError.ts'

/** Hex strings longer than this (1 MiB of bytes) are refused before decoding. */
export const MAX_HEX_LENGTH = 2 + 2 * 1024 * 1024

export function invalid(what: string): ClearSigningError {
  return new ClearSigningError('InvalidParams', `Invalid params: ${what}.`)
}

export function asArray(value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(`${what} must be an array`)
  return value
}

export function asObject(value: unknown, what: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be an object`)
  }
  return value as Record<string, unknown>
}

export function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalid(`${what} must be a string`)
  return value
}

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/

/** A 0x-prefixed, even-length hex string (bytes), at most MAX_HEX_LENGTH characters. */
export function asHexBytes(value: unknown, what: string): `0x${string}` {
  const text = asString(value, what)
  if (text.length > MAX_HEX_LENGTH) {
    throw new ClearSigningError('TooLarge', `Invalid params: ${what} is larger than 1 MiB.`)
  }
  if (!HEX.test(text)) throw invalid(`${what} must be 0x-prefixed hex bytes`)
  return text as `0x${string}`
}

const QUANTITY = /^0x(?:0|[1-9a-fA-F][0-9a-fA-F]{0,63})$/

/**
 * A JSON-RPC quantity (0x-hex without leading zeros, ≤ 256 bits); lenient about leading zeros and
 * decimal numbers because dapps send both.
 */
export function asQuantity(value: unknown, what: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  if (typeof value === 'string') {
    if (QUANTITY.test(value)) return BigInt(value)
    if (/^0x0*[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value)
    if (/^[0-9]{1,78}$/.test(value)) {
      const n = BigInt(value)
      if (n < 2n ** 256n) return n
    }
  }
  throw invalid(`${what} must be a non-negative integer quantity`)
}

export function optional<T>(
  value: unknown,
  read: (value: unknown, what: string) => T,
  what: string,
): T | undefined {
  return value === undefined || value === null ? undefined : read(value, what)
}
