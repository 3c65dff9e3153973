/**
 * CIP-37 base32 internals: 8↔5-bit regrouping and the BCH checksum of Bitcoin Cash's cashaddr
 * (specs/cip-37.md §Encoding step 4). Pure and internal; must never be exported from the package
 * (callers go through `encodeBase32Address` / `decodeBase32Address`, which validate first).
 */
import { BASE32_ALPHABET, CHECKSUM_LENGTH } from './constants.ts'

const GENERATORS = [
  0x98f2bc8e61n,
  0x79b76d99e2n,
  0xf33e5fb3c4n,
  0xae2eabe2a8n,
  0x1e4f43e470n,
] as const

/** CIP-37 §Encoding step 4, `PolyMod`: a 40-bit BCH code over 5-bit symbols. */
export function polyMod(symbols: readonly number[]): bigint {
  let c = 1n
  for (const d of symbols) {
    const c0 = c >> 35n
    c = ((c & 0x07_ffff_ffffn) << 5n) ^ BigInt(d)
    for (let bit = 0; bit < GENERATORS.length; bit++) {
      if ((c0 >> BigInt(bit)) & 1n) c ^= GENERATORS[bit] as bigint
    }
  }
  return c ^ 1n
}

/** The low 5 bits of each prefix character, then the 0 separator (§Encoding step 4). */
export function prefixSymbols(prefix: string): number[] {
  const out: number[] = []
  for (let i = 0; i < prefix.length; i++) out.push(prefix.charCodeAt(i) & 0x1f)
  out.push(0)
  return out
}

/** The 8 checksum symbols for `prefix` and 5-bit `payload`, most significant first. */
export function checksumSymbols(prefix: string, payload: readonly number[]): number[] {
  const mod = polyMod([...prefixSymbols(prefix), ...payload, ...new Array(CHECKSUM_LENGTH).fill(0)])
  const out: number[] = []
  for (let i = CHECKSUM_LENGTH - 1; i >= 0; i--) out.push(Number((mod >> BigInt(5 * i)) & 31n))
  return out
}

/** Bytes → 5-bit groups, right-padded with zero bits (§Encoding step 3). */
export function bytesToSymbols(bytes: Uint8Array): number[] {
  const out: number[] = []
  let acc = 0
  let bits = 0
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xfff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out.push((acc >> bits) & 31)
    }
  }
  if (bits > 0) out.push((acc << (5 - bits)) & 31)
  return out
}

/**
 * 5-bit groups → bytes. Returns `undefined` when the leftover bits are not zero: an address with
 * non-zero padding would be a second spelling of the same bytes, so it is rejected.
 */
export function symbolsToBytes(symbols: readonly number[]): Uint8Array | undefined {
  const out: number[] = []
  let acc = 0
  let bits = 0
  for (const symbol of symbols) {
    acc = ((acc << 5) | symbol) & 0xfff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((acc >> bits) & 0xff)
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined
  return Uint8Array.from(out)
}

export function symbolsToString(symbols: readonly number[]): string {
  let out = ''
  for (const symbol of symbols) out += BASE32_ALPHABET[symbol]
  return out
}

/** Characters → symbols; `index` of the first character outside the alphabet, or the symbols. */
export function stringToSymbols(text: string): number[] | { badIndex: number } {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    const symbol = BASE32_ALPHABET.indexOf(text[i] as string)
    if (symbol < 0) return { badIndex: i }
    out.push(symbol)
  }
  return out
}
