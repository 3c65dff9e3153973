/**
 * A bounds-checked reader and a writer for Bitcoin's serialization (little-endian integers,
 * CompactSize lengths). Every read past the end, and every non-minimal CompactSize, throws
 * `MalformedPayload`: PSBT bytes come from a dapp.
 */
import { ClearSigningError } from '../ClearSigningError.ts'

export function malformed(what: string): ClearSigningError {
  return new ClearSigningError('MalformedPayload', `Malformed PSBT: ${what}.`)
}

export type Reader = {
  readonly done: () => boolean
  readonly bytes: (n: number) => Uint8Array
  readonly u8: () => number
  readonly u32: () => number
  readonly u64: () => bigint
  readonly compactSize: () => number
  readonly varBytes: () => Uint8Array
}

export function reader(data: Uint8Array): Reader {
  let at = 0
  const bytes = (n: number): Uint8Array => {
    if (!Number.isSafeInteger(n) || n < 0 || at + n > data.length) throw malformed('truncated')
    const out = data.subarray(at, at + n)
    at += n
    return out
  }
  const le = (n: number): bigint => {
    let v = 0n
    const b = bytes(n)
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number)
    return v
  }
  const compactSize = (): number => {
    const first = bytes(1)[0] as number
    if (first < 0xfd) return first
    const size = first === 0xfd ? 2 : first === 0xfe ? 4 : 8
    const v = le(size)
    const min = first === 0xfd ? 0xfdn : first === 0xfe ? 0x10000n : 0x100000000n
    if (v < min) throw malformed('non-minimal CompactSize')
    if (v > BigInt(data.length)) throw malformed('length beyond the data')
    return Number(v)
  }
  return {
    done: () => at === data.length,
    bytes,
    u8: () => bytes(1)[0] as number,
    u32: () => Number(le(4)),
    u64: () => le(8),
    compactSize,
    varBytes: () => bytes(compactSize()),
  }
}

export function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n)
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >>> 8)
  return Uint8Array.of(0xfe, ...le32(n))
}

export function le32(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff)
}

export function le64(n: bigint): Uint8Array {
  const out = new Uint8Array(8)
  for (let i = 0; i < 8; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn)
  return out
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export function varBytes(b: Uint8Array): Uint8Array {
  return concat(compactSize(b.length), b)
}

export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}
