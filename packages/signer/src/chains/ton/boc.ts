/**
 * Bag of cells serialization (`serialized_boc#b5ee9c72`, one root, no index, no CRC): cells in
 * topological order (parents before children, shared cells once), 1-byte reference indices or wider
 * as needed. What a TON node and `@ton/core` read back. `parseBoc` reads bags from outside.
 */
import { ChainError } from '../chainError.ts'
import { beginCell, type Cell, descriptors, padded } from './cell.ts'

function bytesFor(n: number): number {
  let size = 1
  while (n >= 2 ** (8 * size)) size++
  return size
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}

export function serializeBoc(root: Cell): Uint8Array {
  // Depth-first order with each cell after every cell that refers to it.
  const order: Cell[] = []
  const seen = new Map<string, number>()
  const visit = (cell: Cell) => {
    const key = hex(cell.hash)
    if (seen.has(key)) return
    seen.set(key, -1)
    for (const ref of cell.refs) visit(ref)
    order.push(cell)
  }
  visit(root)
  order.reverse()
  order.forEach((cell, i) => {
    seen.set(hex(cell.hash), i)
  })
  const refSize = bytesFor(order.length)
  const cells = order.map((cell) => {
    const refs = cell.refs.flatMap((r) => {
      const index = seen.get(hex(r.hash)) as number
      return Array.from({ length: refSize }, (_, k) => (index >> (8 * (refSize - 1 - k))) & 0xff)
    })
    return Uint8Array.of(...descriptors(cell), ...padded(cell.bits), ...refs)
  })
  const total = cells.reduce((n, c) => n + c.length, 0)
  const offSize = bytesFor(total)
  const be = (n: number, size: number) =>
    Array.from({ length: size }, (_, k) => (n >> (8 * (size - 1 - k))) & 0xff)
  const header = [
    0xb5,
    0xee,
    0x9c,
    0x72,
    refSize, // has_idx 0, has_crc32c 0, has_cache_bits 0, flags 0, size
    offSize,
    ...be(order.length, refSize),
    ...be(1, refSize), // roots
    ...be(0, refSize), // absent
    ...be(total, offSize),
    ...be(0, refSize), // root index
  ]
  const out = new Uint8Array(header.length + total)
  out.set(header)
  let at = header.length
  for (const c of cells) {
    out.set(c, at)
    at += c.length
  }
  return out
}

/** Most cells a bag from outside may hold (a wallet's code is 20; a jetton payload a few). */
export const MAX_BOC_CELLS = 1024

/**
 * Parses a bag of cells with exactly one root (`b5ee9c72`, with or without index and CRC32C, the
 * CRC not checked: every cell is rebuilt and rehashed here). Ordinary cells only; references must
 * point forward. Throws ChainError `InvalidTonMessage` on anything else.
 */
export function parseBoc(data: Uint8Array): Cell {
  const bad = (what: string) => new ChainError('InvalidTonMessage', `bag of cells: ${what}`)
  let at = 0
  const take = (n: number): Uint8Array => {
    if (at + n > data.length) throw bad('truncated')
    const out = data.subarray(at, at + n)
    at += n
    return out
  }
  const uint = (n: number): number => take(n).reduce((v, b) => v * 256 + b, 0)
  if (uint(4) !== 0xb5ee9c72) throw bad('no b5ee9c72 magic')
  const flags = uint(1)
  const size = flags & 7
  const hasIdx = (flags & 0x80) !== 0
  const hasCrc = (flags & 0x40) !== 0
  const offSize = uint(1)
  if (size < 1 || size > 4 || offSize < 1 || offSize > 8) throw bad('bad sizes')
  const count = uint(size)
  const roots = uint(size)
  uint(size) // absent
  const total = uint(offSize)
  if (roots !== 1) throw bad('exactly one root expected')
  if (count < 1 || count > MAX_BOC_CELLS) throw bad(`${count} cells; at most ${MAX_BOC_CELLS}`)
  const root = uint(size)
  if (hasIdx) take(count * offSize)
  const end = at + total
  if (end + (hasCrc ? 4 : 0) !== data.length) throw bad('length does not match the header')
  const raw: { bits: boolean[]; refs: number[] }[] = []
  for (let i = 0; i < count; i++) {
    const d1 = uint(1)
    const d2 = uint(1)
    if ((d1 & 8) !== 0 || d1 >> 5 !== 0) throw bad('exotic or levelled cell')
    const refCount = d1 & 7
    if (refCount > 4) throw bad('more than 4 references')
    const bytes = take(Math.ceil(d2 / 2))
    let bitLength = bytes.length * 8
    if (d2 % 2 === 1) {
      const last = bytes[bytes.length - 1] as number
      if (last === 0) throw bad('missing completion bit')
      bitLength -= 1 + Math.log2(last & -last)
    }
    const bits = Array.from(
      { length: bitLength },
      (_, k) => (((bytes[k >> 3] as number) >> (7 - (k & 7))) & 1) === 1,
    )
    const refs = Array.from({ length: refCount }, () => uint(size))
    if (refs.some((r) => r <= i || r >= count)) throw bad('reference not pointing forward')
    raw.push({ bits, refs })
  }
  if (at !== end) throw bad('cell data size does not match the header')
  const cells: Cell[] = new Array(count)
  for (let i = count - 1; i >= 0; i--) {
    const { bits, refs } = raw[i] as (typeof raw)[number]
    const builder = beginCell()
    for (const b of bits) builder.bit(b)
    for (const r of refs) builder.ref(cells[r] as Cell)
    cells[i] = builder.end()
  }
  if (root >= count) throw bad('root index out of range')
  return cells[root] as Cell
}
