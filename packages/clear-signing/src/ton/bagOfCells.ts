/**
 * A read-only bag of cells (`serialized_boc#b5ee9c72`) and a bit reader over its cells, for the
 * TON decoder: enough to read a payload a dapp attached to a transfer. One root, ordinary cells
 * only (an exotic cell is refused), references only forward (no cycles), at most 1,024 cells and
 * 64 KiB. Cell hashes are not computed: the signer rebuilds and hashes what it signs. Anything
 * malformed is `ClearSigningError('MalformedPayload')`; nothing else is thrown.
 */
import { ClearSigningError } from '../ClearSigningError.ts'

export type Cell = {
  /** One entry per bit (0 or 1). */
  readonly bits: Uint8Array
  readonly refs: readonly Cell[]
}

export const MAX_BOC_BYTES = 65_536
export const MAX_BOC_CELLS = 1_024

const bad = (what: string) =>
  new ClearSigningError('MalformedPayload', `The TON payload is malformed: ${what}.`)

export function parseBagOfCells(bytes: Uint8Array): Cell {
  if (bytes.length > MAX_BOC_BYTES)
    throw new ClearSigningError('TooLarge', 'The TON payload is larger than 64 KiB.')
  let at = 0
  const take = (n: number): Uint8Array => {
    if (n < 0 || at + n > bytes.length) throw bad('truncated')
    const out = bytes.subarray(at, at + n)
    at += n
    return out
  }
  const uint = (size: number): number => {
    let v = 0
    for (const b of take(size)) v = v * 256 + b
    return v
  }
  const magic = take(4)
  if (magic[0] !== 0xb5 || magic[1] !== 0xee || magic[2] !== 0x9c || magic[3] !== 0x72)
    throw bad('not a bag of cells')
  const flags = uint(1)
  const hasIndex = (flags & 0x80) !== 0
  const hasCrc = (flags & 0x40) !== 0
  const refSize = flags & 0x07
  const offSize = uint(1)
  if (refSize < 1 || refSize > 4 || offSize < 1 || offSize > 8) throw bad('sizes')
  const cellCount = uint(refSize)
  const rootCount = uint(refSize)
  if (uint(refSize) !== 0) throw bad('absent cells')
  const total = uint(offSize)
  if (rootCount !== 1) throw bad('expected one root')
  if (cellCount < 1 || cellCount > MAX_BOC_CELLS) throw bad('cell count')
  const root = uint(refSize)
  if (root >= cellCount) throw bad('root index')
  if (hasIndex) take(cellCount * offSize)
  const start = at
  const raw: { bits: Uint8Array; refs: number[] }[] = []
  for (let i = 0; i < cellCount; i++) {
    const d1 = uint(1)
    const d2 = uint(1)
    const refCount = d1 & 7
    if ((d1 & 8) !== 0) throw bad('exotic cells are not supported')
    if ((d1 & 0xf0) !== 0) throw bad('stored hashes and level masks are not supported')
    if (refCount > 4) throw bad('more than 4 references')
    const data = take(Math.ceil(d2 / 2))
    let bitLength = 8 * data.length
    if (d2 % 2 === 1) {
      // Padded: a 1 bit then zeros end the data.
      const last = data[data.length - 1] ?? 0
      if (last === 0) throw bad('bad padding')
      bitLength -= 1 + Math.log2(last & -last)
    }
    const bits = new Uint8Array(bitLength)
    for (let b = 0; b < bitLength; b++) bits[b] = ((data[b >> 3] ?? 0) >> (7 - (b & 7))) & 1
    const refs: number[] = []
    for (let r = 0; r < refCount; r++) {
      const ref = uint(refSize)
      if (ref <= i || ref >= cellCount) throw bad('references must point forward')
      refs.push(ref)
    }
    raw.push({ bits, refs })
  }
  if (at - start !== total) throw bad('cell data size')
  if (hasCrc) take(4)
  if (at !== bytes.length) throw bad('trailing bytes')
  const built: Cell[] = new Array(cellCount)
  for (let i = cellCount - 1; i >= 0; i--) {
    const { bits, refs } = raw[i] as { bits: Uint8Array; refs: number[] }
    built[i] = { bits, refs: refs.map((r) => built[r] as Cell) }
  }
  return built[root] as Cell
}

/** Reads a cell's bits and references in order; every read past the end is MalformedPayload. */
export function readCell(cell: Cell) {
  let at = 0
  let ref = 0
  const reader = {
    get bitsLeft() {
      return cell.bits.length - at
    },
    get refsLeft() {
      return cell.refs.length - ref
    },
    uint(n: number): bigint {
      if (at + n > cell.bits.length) throw bad('a field runs past the end of its cell')
      let v = 0n
      for (let i = 0; i < n; i++) v = (v << 1n) | BigInt(cell.bits[at + i] as number)
      at += n
      return v
    },
    bit(): boolean {
      return reader.uint(1) === 1n
    },
    /** VarUInteger 16: 4-bit byte length, then the value. */
    coins(): bigint {
      return reader.uint(8 * Number(reader.uint(4)))
    },
    /** MsgAddress: `undefined` for addr_none, `{ workchain, hash }` for addr_std. */
    address(): { workchain: number; hash: Uint8Array } | undefined {
      const tag = Number(reader.uint(2))
      if (tag === 0) return undefined
      if (tag !== 2) throw bad('only standard addresses are supported')
      if (reader.bit()) throw bad('anycast addresses are not supported')
      const workchain = Number(BigInt.asIntN(8, reader.uint(8)))
      const hash = new Uint8Array(32)
      for (let i = 0; i < 32; i++) hash[i] = Number(reader.uint(8))
      return { workchain, hash }
    },
    /** The rest of the cell's bits as bytes (whole bytes only). */
    bytes(): Uint8Array {
      if ((cell.bits.length - at) % 8 !== 0) throw bad('text is not whole bytes')
      const out = new Uint8Array((cell.bits.length - at) / 8)
      for (let i = 0; i < out.length; i++) out[i] = Number(reader.uint(8))
      return out
    },
    ref(): Cell {
      const next = cell.refs[ref]
      if (next === undefined) throw bad('a reference is missing')
      ref += 1
      return next
    },
  }
  return reader
}
