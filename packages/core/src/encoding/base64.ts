/**
 * Base64 (RFC 4648 §4, padded) and base64url (§5, unpadded, for the relay JWT) without `btoa`
 * (absent in some mini-program runtimes). Decoding is strict: canonical text only (exact padding,
 * zero trailing bits, no whitespace), otherwise `undefined`. Must never throw on hostile input.
 */
const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const DECODE = new Int16Array(128).fill(-1)
for (let i = 0; i < 64; i++) DECODE[STANDARD.charCodeAt(i)] = i

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
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
  if (rest === 1) {
    const n = (bytes[i] as number) << 16
    out += `${alphabet.charAt(n >> 18)}${alphabet.charAt((n >> 12) & 63)}${pad ? '==' : ''}`
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8)
    out += `${alphabet.charAt(n >> 18)}${alphabet.charAt((n >> 12) & 63)}${alphabet.charAt((n >> 6) & 63)}${pad ? '=' : ''}`
  }
  return out
}

export function bytesToBase64(bytes: Uint8Array): string {
  return encode(bytes, STANDARD, true)
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  return encode(bytes, URL_SAFE, false)
}

/** Strict padded standard base64 → bytes, or `undefined` when the text is not canonical. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (typeof text !== 'string' || text.length % 4 !== 0) return undefined
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const out = new Uint8Array((text.length / 4) * 3 - padding)
  let o = 0
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length
    let n = 0
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j)
      const value = code < 128 ? (DECODE[code] as number) : -1
      if (value < 0) {
        if (!(last && code === 61 && j >= 4 - padding)) return undefined
        n <<= 6
        continue
      }
      if (last && j >= 4 - padding) return undefined
      n = (n << 6) | value
    }
    const b0 = (n >> 16) & 255
    const b1 = (n >> 8) & 255
    const b2 = n & 255
    out[o++] = b0
    if (!last || padding < 2) out[o++] = b1
    else if (b1 !== 0) return undefined
    if (!last || padding < 1) out[o++] = b2
    else if (b2 !== 0) return undefined
  }
  return out
}
