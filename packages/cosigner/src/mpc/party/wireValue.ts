/**
 * The byte form of the co-signer's sealed share records (partyRecords.ts): @tessera/mpc's state is
 * numbers, strings, arrays, Uint8Array and (FROST's δ) bigint, so a small tagged binary encoding
 * carries them compactly. Decoding is strict: bounded depth and
 * lengths, no trailing bytes, no duplicate keys and none of Object.prototype's names (`__proto__`,
 * `toString`, `valueOf`…: such a key would make the mere mention of the value in an error message
 * throw), finite numbers only. It checks shape, not meaning: every decoded value still goes
 * through @tessera/mpc's own validators.
 */

const TAG = {
  null: 0,
  false: 1,
  true: 2,
  number: 3,
  string: 4,
  bytes: 5,
  array: 6,
  object: 7,
  bigint: 8,
} as const

const MAX_DEPTH = 16
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export type WireValue =
  | null
  | boolean
  | number
  | string
  | bigint
  | Uint8Array
  | readonly WireValue[]
  | { readonly [key: string]: WireValue | undefined }

export function encodeWire(value: unknown): Uint8Array {
  const chunks: Uint8Array[] = []
  let size = 0
  const push = (bytes: Uint8Array) => {
    chunks.push(bytes)
    size += bytes.length
  }
  const u32 = (n: number) => {
    const b = new Uint8Array(4)
    new DataView(b.buffer).setUint32(0, n)
    push(b)
  }
  const text = (s: string) => {
    const b = encoder.encode(s)
    u32(b.length)
    push(b)
  }
  const walk = (v: unknown, depth: number) => {
    if (depth > MAX_DEPTH) throw new RangeError(`wire value nested deeper than ${MAX_DEPTH}`)
    if (v === null) push(Uint8Array.of(TAG.null))
    else if (v === false) push(Uint8Array.of(TAG.false))
    else if (v === true) push(Uint8Array.of(TAG.true))
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError('wire numbers must be finite')
      const b = new Uint8Array(9)
      b[0] = TAG.number
      new DataView(b.buffer).setFloat64(1, v)
      push(b)
    } else if (typeof v === 'string') {
      push(Uint8Array.of(TAG.string))
      text(v)
    } else if (typeof v === 'bigint') {
      push(Uint8Array.of(TAG.bigint))
      text(v.toString())
    } else if (v instanceof Uint8Array) {
      push(Uint8Array.of(TAG.bytes))
      u32(v.length)
      push(v)
    } else if (Array.isArray(v)) {
      push(Uint8Array.of(TAG.array))
      u32(v.length)
      for (const item of v) walk(item, depth + 1)
    } else if (
      typeof v === 'object' &&
      [Object.prototype, null].includes(Object.getPrototypeOf(v))
    ) {
      const entries = Object.entries(v as Record<string, unknown>).filter(
        ([, item]) => item !== undefined,
      )
      push(Uint8Array.of(TAG.object))
      u32(entries.length)
      for (const [key, item] of entries) {
        text(key)
        walk(item, depth + 1)
      }
    } else {
      throw new TypeError(`cannot put a ${typeof v} on the wire`)
    }
  }
  walk(value, 0)
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

export function decodeWire(bytes: Uint8Array): WireValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = 0
  const need = (n: number) => {
    if (n > bytes.length - at)
      throw new RangeError(`wire value truncated at byte ${at} (needs ${n} more)`)
  }
  const u32 = () => {
    need(4)
    const n = view.getUint32(at)
    at += 4
    return n
  }
  const take = (n: number) => {
    need(n)
    const out = bytes.slice(at, at + n)
    at += n
    return out
  }
  const text = () => decoder.decode(take(u32()))
  const walk = (depth: number): WireValue => {
    if (depth > MAX_DEPTH) throw new RangeError(`wire value nested deeper than ${MAX_DEPTH}`)
    need(1)
    const tag = bytes[at++]
    switch (tag) {
      case TAG.null:
        return null
      case TAG.false:
        return false
      case TAG.true:
        return true
      case TAG.number: {
        need(8)
        const n = view.getFloat64(at)
        at += 8
        if (!Number.isFinite(n)) throw new RangeError('wire numbers must be finite')
        return n
      }
      case TAG.string:
        return text()
      case TAG.bigint: {
        const s = text()
        if (!/^-?(0|[1-9][0-9]{0,99})$/.test(s)) throw new RangeError('malformed wire bigint')
        return BigInt(s)
      }
      case TAG.bytes:
        return take(u32())
      case TAG.array: {
        const count = u32()
        // Every item takes at least one byte: a count beyond the rest is a lie.
        need(count)
        return Array.from({ length: count }, () => walk(depth + 1))
      }
      case TAG.object: {
        const count = u32()
        need(count)
        const out: Record<string, WireValue> = {}
        for (let k = 0; k < count; k++) {
          const key = text()
          if (key in Object.prototype || Object.hasOwn(out, key))
            throw new RangeError(`wire object key "${key.slice(0, 32)}" repeated or reserved`)
          out[key] = walk(depth + 1)
        }
        return out
      }
      default:
        throw new RangeError(`unknown wire tag ${String(tag)} at byte ${at - 1}`)
    }
  }
  const value = walk(0)
  if (at !== bytes.length)
    throw new RangeError(`${bytes.length - at} trailing bytes after the wire value`)
  return value
}
