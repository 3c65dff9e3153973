/**
 * Input checks at the byte boundaries of the package (STYLE.md item 7): TypeError for a wrong
 * type, RangeError for a wrong length, with noble's message shape. Must never coerce: a value
 * that is not already of the expected type is rejected, not converted.
 */
import type { Hex } from 'viem'

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/

/** Asserts `value` is a Uint8Array (of one of `lengths` when given) and returns it. */
export function checkBytes(value: unknown, title: string, lengths?: readonly number[]): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`"${title}" expected Uint8Array, got ${describe(value)}`)
  }
  if (lengths !== undefined && !lengths.includes(value.length)) {
    throw new RangeError(
      `"${title}" expected Uint8Array of length ${lengths.join(' or ')}, got length=${value.length}`,
    )
  }
  return value
}

/** Asserts `value` is a `0x`-prefixed hex string of whole bytes and returns it. */
export function checkHex(value: unknown, title: string): Hex {
  if (typeof value !== 'string') {
    throw new TypeError(`"${title}" expected a 0x-prefixed hex string, got ${describe(value)}`)
  }
  if (!HEX.test(value)) {
    throw new TypeError(`"${title}" expected a 0x-prefixed hex string of whole bytes`)
  }
  return value as Hex
}

/** Bytes from a Uint8Array or a hex string, checked; the result is always a fresh copy. */
export function toBytes(value: unknown, title: string, lengths?: readonly number[]): Uint8Array {
  const bytes =
    typeof value === 'string'
      ? hexToBytesUnchecked(checkHex(value, title))
      : checkBytes(value, title)
  if (lengths !== undefined && !lengths.includes(bytes.length)) {
    throw new RangeError(
      `"${title}" expected ${lengths.join(' or ')} bytes, got length=${bytes.length}`,
    )
  }
  return typeof value === 'string' ? bytes : bytes.slice()
}

export function bytesToHex(bytes: Uint8Array): Hex {
  let out = '0x'
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out as Hex
}

function hexToBytesUnchecked(hex: Hex): Uint8Array {
  const out = new Uint8Array((hex.length - 2) / 2)
  for (let i = 0; i < out.length; i++) {
    out[i] = Number.parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16)
  }
  return out
}

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}
