/**
 * Byte helpers used at every boundary: validation in the style of noble's `abytes`, strict
 * base64url and hex codecs, length-prefixed concatenation and a constant-time comparison.
 * Never logs or stringifies the bytes it is given.
 */

export function abytes(value: unknown, length?: number, title = 'value'): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`"${title}" expected Uint8Array, got ${typeof value}`)
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(
      `"${title}" expected Uint8Array of length ${length}, got length=${value.length}`,
    )
  }
  return value
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
export const fromUtf8 = (bytes: Uint8Array): string =>
  new TextDecoder('utf-8', { fatal: true }).decode(bytes)

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** u32be(len) ‖ bytes for each part: `["ab","c"]` and `["a","bc"]` never encode alike. */
export function lengthPrefixed(...parts: Uint8Array[]): Uint8Array {
  return concat(
    ...parts.flatMap((part) => {
      const len = new Uint8Array(4)
      new DataView(len.buffer).setUint32(0, part.length)
      return [len, part]
    }),
  )
}

/** Compares in time independent of where the inputs differ (lengths are not secret). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

const B64URL = /^[A-Za-z0-9_-]*$/

/** Strict base64url without padding; throws on any other alphabet or a non-canonical tail. */
export function fromBase64Url(text: string, title = 'value'): Uint8Array {
  if (!B64URL.test(text) || text.length % 4 === 1) {
    throw new TypeError(`"${title}" is not base64url without padding`)
  }
  const bytes = new Uint8Array(Buffer.from(text, 'base64url'))
  if (toBase64Url(bytes) !== text) throw new TypeError(`"${title}" is not canonical base64url`)
  return bytes
}

export const toBase64Url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')

const HEX = /^(?:[0-9a-f]{2})*$/

export function fromHex(text: string, title = 'value'): Uint8Array {
  if (!HEX.test(text)) throw new TypeError(`"${title}" is not lowercase hex of whole bytes`)
  return new Uint8Array(Buffer.from(text, 'hex'))
}

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
