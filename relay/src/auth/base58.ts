/**
 * Base58btc (the Bitcoin alphabet), as used by multibase `z…` strings in `did:key` identifiers.
 * Pure and bounded: decoding rejects characters outside the alphabet and inputs over a caller-set
 * length, so a hostile JWT cannot make the relay do quadratic work on a huge string.
 */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const INDEX = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]))

/** Encodes bytes as base58btc (leading zero bytes become leading '1's). */
export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++
  let n = 0n
  for (const b of bytes) n = (n << 8n) | BigInt(b)
  let out = ''
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out
    n /= 58n
  }
  return '1'.repeat(zeros) + out
}

/**
 * Decodes base58btc. Throws TypeError for a character outside the alphabet and RangeError when
 * `text` is longer than `maxChars`.
 */
export function base58Decode(text: string, maxChars = 128): Uint8Array {
  if (text.length > maxChars) {
    throw new RangeError(`base58 input expected at most ${maxChars} chars, got ${text.length}`)
  }
  let zeros = 0
  while (zeros < text.length && text[zeros] === '1') zeros++
  let n = 0n
  for (const c of text) {
    const v = INDEX.get(c)
    if (v === undefined) throw new TypeError('base58 input has a character outside the alphabet')
    n = n * 58n + BigInt(v)
  }
  const body: number[] = []
  while (n > 0n) {
    body.unshift(Number(n & 0xffn))
    n >>= 8n
  }
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body])
}
