/**
 * Strict base64 (RFC 4648 §4, padded: the relay `message` field) and base64url (§5, unpadded: the
 * pairing URI `key`). Decoding accepts only the canonical encoding of some byte string: the right
 * alphabet, no whitespace, the exact padding, and zero bits after the last byte (§3.5), so every
 * byte string has exactly one accepted text and texts cannot be malleated. Returns `undefined` on
 * any violation; callers turn that into their own precise error. Must never throw on input.
 */
const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export type Base64Variant = 'standard' | 'url'

function table(alphabet: string): Int8Array {
  const out = new Int8Array(128).fill(-1)
  for (let i = 0; i < alphabet.length; i++) out[alphabet.charCodeAt(i)] = i
  return out
}

const DECODE: Record<Base64Variant, Int8Array> = { standard: table(STANDARD), url: table(URL_SAFE) }

/** The length of the encoding of `byteLength` bytes (padded for `standard`, unpadded for `url`). */
export function base64Length(byteLength: number, variant: Base64Variant): number {
  return variant === 'standard' ? Math.ceil(byteLength / 3) * 4 : Math.ceil((byteLength * 4) / 3)
}

export function bytesToBase64(bytes: Uint8Array, variant: Base64Variant): string {
  const alphabet = variant === 'standard' ? STANDARD : URL_SAFE
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number)
    out +=
      alphabet.charAt(n >> 18) +
      alphabet.charAt((n >> 12) & 63) +
      alphabet.charAt((n >> 6) & 63) +
      alphabet.charAt(n & 63)
  }
  const rest = bytes.length - i
  if (rest === 0) return out
  const n = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0)
  out += alphabet.charAt(n >> 18) + alphabet.charAt((n >> 12) & 63)
  if (rest === 2) out += alphabet.charAt((n >> 6) & 63)
  if (variant === 'standard') out += rest === 1 ? '==' : '='
  return out
}

export function base64ToBytes(text: string, variant: Base64Variant): Uint8Array | undefined {
  let body = text
  if (variant === 'standard') {
    if (text.length % 4 !== 0) return undefined
    const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
    body = text.slice(0, text.length - pad)
  }
  // A body of 4k+1 characters carries 6 bits after the last whole byte: never a valid encoding.
  if (body.length % 4 === 1) return undefined
  const decode = DECODE[variant]
  const out = new Uint8Array(Math.floor((body.length * 3) / 4))
  let acc = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i)
    const value = code < 128 ? (decode[code] as number) : -1
    if (value < 0) return undefined
    acc = ((acc << 6) | value) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  // RFC 4648 §3.5: the bits left over after the last byte must be zero (canonical encoding).
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined
  return out
}
