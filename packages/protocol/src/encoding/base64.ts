/**
 * Strict base64 (RFC 4648 §4, padded: the relay `message` field) and base64url (§5, unpadded: the
 * pairing URI `key`), on `@scure/base`. Decoding accepts only the canonical encoding of some byte
 * string: the right alphabet, no whitespace, the exact padding, and zero bits after the last byte
 * (§3.5), so every byte string has exactly one accepted text and texts cannot be malleated.
 * Returns `undefined` on any violation; callers turn that into their own precise error.
 * Must never throw on input.
 */
import { base64, base64urlnopad } from '@scure/base'

export type Base64Variant = 'standard' | 'url'

const CODERS = { standard: base64, url: base64urlnopad } as const

/** The length of the encoding of `byteLength` bytes (padded for `standard`, unpadded for `url`). */
export function base64Length(byteLength: number, variant: Base64Variant): number {
  return variant === 'standard' ? Math.ceil(byteLength / 3) * 4 : Math.ceil((byteLength * 4) / 3)
}

export function bytesToBase64(bytes: Uint8Array, variant: Base64Variant): string {
  return CODERS[variant].encode(bytes)
}

export function base64ToBytes(text: string, variant: Base64Variant): Uint8Array | undefined {
  // @scure/base refuses every non-canonical text by throwing; its messages name no input.
  try {
    return CODERS[variant].decode(text)
  } catch {
    return undefined
  }
}
