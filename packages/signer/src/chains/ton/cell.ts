/**
 * TON cells (TVM whitepaper §3.1): up to 1023 data bits and 4 references, built with a small
 * builder, hashed as ordinary (level 0) cells: SHA-256 of descriptors, padded data, the depths and
 * hashes of the references. Enough to build wallet state and messages; exotic cells (pruned
 * branches, libraries) are never built here.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { ChainError } from '../chainError.ts'

export type Cell = {
  readonly bits: readonly boolean[]
  readonly refs: readonly Cell[]
  readonly hash: Uint8Array
  readonly depth: number
}

export type Builder = {
  bit(value: boolean): Builder
  uint(value: bigint | number, bits: number): Builder
  int(value: number, bits: number): Builder
  bytes(value: Uint8Array): Builder
  /** VarUInteger 16 (Grams): 4-bit byte length, then the value. */
  coins(value: bigint): Builder
  /** MsgAddressInt addr_std without anycast, or addr_none when `undefined`. */
  address(value: { readonly workchain: number; readonly hash: Uint8Array } | undefined): Builder
  ref(cell: Cell): Builder
  readonly bitLength: number
  readonly refCount: number
  end(): Cell
}

function full(what: string): ChainError {
  return new ChainError('InvalidTonMessage', `cell overflow: ${what}`)
}

export function padded(bits: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8))
  bits.forEach((b, i) => {
    if (b) out[i >> 3] = (out[i >> 3] as number) | (0x80 >> (i & 7))
  })
  if (bits.length % 8 !== 0) {
    const i = bits.length
    out[i >> 3] = (out[i >> 3] as number) | (0x80 >> (i & 7))
  }
  return out
}

export function descriptors(cell: Pick<Cell, 'bits' | 'refs'>): Uint8Array {
  return Uint8Array.of(
    cell.refs.length,
    Math.floor(cell.bits.length / 8) + Math.ceil(cell.bits.length / 8),
  )
}

function makeCell(bits: readonly boolean[], refs: readonly Cell[]): Cell {
  const depth = refs.length === 0 ? 0 : 1 + Math.max(...refs.map((r) => r.depth))
  const parts = [
    descriptors({ bits, refs }),
    padded(bits),
    ...refs.map((r) => Uint8Array.of(r.depth >> 8, r.depth & 0xff)),
    ...refs.map((r) => r.hash),
  ]
  const repr = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    repr.set(p, at)
    at += p.length
  }
  return Object.freeze({
    bits: Object.freeze([...bits]),
    refs: Object.freeze([...refs]),
    hash: sha256(repr),
    depth,
  })
}

export function beginCell(): Builder {
  const bits: boolean[] = []
  const refs: Cell[] = []
  const push = (b: boolean) => {
    if (bits.length >= 1023) throw full('more than 1023 bits')
    bits.push(b)
  }
  const builder: Builder = {
    bit(value) {
      push(value)
      return builder
    },
    uint(value, n) {
      const v = BigInt(value)
      if (v < 0n || v >= 1n << BigInt(n)) throw full(`${v} does not fit ${n} bits`)
      for (let i = n - 1; i >= 0; i--) push(((v >> BigInt(i)) & 1n) === 1n)
      return builder
    },
    int(value, n) {
      const v = BigInt(value)
      const mod = 1n << BigInt(n)
      if (v < -(mod >> 1n) || v >= mod >> 1n) throw full(`${v} does not fit int${n}`)
      return builder.uint((v + mod) % mod, n)
    },
    bytes(value) {
      for (const byte of value) builder.uint(byte, 8)
      return builder
    },
    coins(value) {
      if (value < 0n || value >= 1n << 120n) throw full('coins out of range')
      const length = value === 0n ? 0 : Math.ceil(value.toString(16).length / 2)
      builder.uint(length, 4)
      return length === 0 ? builder : builder.uint(value, length * 8)
    },
    address(value) {
      if (value === undefined) return builder.uint(0, 2)
      return builder.uint(0b100, 3).int(value.workchain, 8).bytes(value.hash)
    },
    ref(cell) {
      if (refs.length >= 4) throw full('more than 4 references')
      refs.push(cell)
      return builder
    },
    get bitLength() {
      return bits.length
    },
    get refCount() {
      return refs.length
    },
    end: () => makeCell(bits, refs),
  }
  return builder
}
