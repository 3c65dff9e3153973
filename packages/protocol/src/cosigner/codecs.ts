/**
 * Internal: a small typed binary codec for `/v1/mpc` round payloads. Each payload is a struct of
 * fixed field order (no field names on the wire); `union` picks one of several structs by a tag
 * byte; `mpcValue` carries @tessera/mpc's protocol messages (plain objects of numbers, strings,
 * arrays, bytes and bigint) in a tagged form, checked for shape here and for meaning by
 * @tessera/mpc. Decoding is strict: exact lengths, bounded counts and depth, no trailing bytes;
 * errors are CosignerFrameError `Malformed` naming the payload and the field path.
 */
import { type ByteReader, type ByteWriter, createReader, createWriter } from './byteCursor.ts'
import { CosignerFrameError } from './CosignerFrameError.ts'

export interface Codec<T> {
  /** What the field expects, for error messages (`32 bytes`, `a string`…). */
  readonly expected: string
  write(w: ByteWriter, value: T, path: string): void
  read(r: ByteReader, path: string): T
}

export type CodecType<C> = C extends Codec<infer T> ? T : never

const bad = (path: string, expected: string): never => {
  throw new CosignerFrameError('Malformed', `"${path}" expected ${expected}`)
}

/** An integer 0..255 (party indices, thresholds, signature recovery ids). */
export const u8: Codec<number> = {
  expected: 'an integer in 0..255',
  write(w, v, path) {
    if (!Number.isInteger(v) || v < 0 || v > 255) bad(path, this.expected)
    w.u8(v)
  },
  read: (r, path) => r.u8(`"${path}"`),
}

/** An integer 0..2³²−1 (epochs). */
export const u32: Codec<number> = {
  expected: 'an integer in 0..4294967295',
  write(w, v, path) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) bad(path, this.expected)
    w.u32(v)
  },
  read: (r, path) => r.u32(`"${path}"`),
}

export const bool: Codec<boolean> = {
  expected: 'a boolean',
  write(w, v, path) {
    if (typeof v !== 'boolean') bad(path, this.expected)
    w.u8(v ? 1 : 0)
  },
  read(r, path) {
    const b = r.u8(`"${path}"`)
    return b === 0 ? false : b === 1 ? true : bad(path, 'a boolean (0 or 1)')
  },
}

/** UTF-8 text of at most `maxBytes` bytes, optionally matching `pattern`. */
export function text(maxBytes: number, pattern?: RegExp): Codec<string> {
  const expected = pattern === undefined ? `text of at most ${maxBytes} bytes` : `${pattern}`
  const check = (v: string, path: string) => {
    if (pattern !== undefined && !pattern.test(v)) bad(path, expected)
  }
  return {
    expected,
    write(w, v, path) {
      if (typeof v !== 'string') bad(path, expected)
      // Written, then measured: a payload that fails here is dropped whole.
      if (w.text(v) > maxBytes) bad(path, expected)
      check(v, path)
    },
    read(r, path) {
      const length = r.u32(`"${path}" length`)
      if (length > maxBytes) bad(path, expected)
      let v: string
      try {
        v = r.text(length, `"${path}"`)
      } catch (error) {
        if (error instanceof CosignerFrameError) throw error
        return bad(path, 'UTF-8 text')
      }
      check(v, path)
      return v
    },
  }
}

/** One of `values` (a closed set of names). */
export function literal<const T extends string>(values: readonly T[]): Codec<T> {
  const expected = `one of ${values.join(', ')}`
  return {
    expected,
    write(w, v, path) {
      const at = values.indexOf(v)
      if (at < 0) bad(path, expected)
      w.u8(at)
    },
    read: (r, path) => values[r.u8(`"${path}"`)] ?? bad(path, expected),
  }
}

/** Bytes: exactly `length` of them, or a u32-prefixed run of at most `maxBytes`. */
export function bytes(length: number): Codec<Uint8Array>
export function bytes(length: undefined, maxBytes: number): Codec<Uint8Array>
export function bytes(length: number | undefined, maxBytes = length ?? 0): Codec<Uint8Array> {
  const expected = length === undefined ? `at most ${maxBytes} bytes` : `${length} bytes`
  return {
    expected,
    write(w, v, path) {
      if (!(v instanceof Uint8Array)) bad(path, expected)
      if (length !== undefined) {
        if (v.length !== length) bad(path, `${expected}, got ${v.length}`)
      } else {
        if (v.length > maxBytes) bad(path, `${expected}, got ${v.length}`)
        w.u32(v.length)
      }
      w.bytes(v)
    },
    read(r, path) {
      const n = length ?? r.u32(`"${path}" length`)
      if (n > maxBytes) bad(path, `${expected}, got ${n}`)
      return r.take(n, `"${path}"`)
    },
  }
}

/** `inner`, or absent (a presence byte). */
export function optional<T>(inner: Codec<T>): Codec<T | undefined> {
  return {
    expected: `${inner.expected} or nothing`,
    write(w, v, path) {
      w.u8(v === undefined ? 0 : 1)
      if (v !== undefined) inner.write(w, v, path)
    },
    read(r, path) {
      const present = r.u8(`"${path}" presence`)
      if (present > 1) bad(path, 'a presence byte (0 or 1)')
      return present === 1 ? inner.read(r, path) : undefined
    },
  }
}

/** At most `max` items. */
export function list<T>(item: Codec<T>, max: number): Codec<readonly T[]> {
  const expected = `a list of at most ${max} items`
  return {
    expected,
    write(w, v, path) {
      if (!Array.isArray(v) || v.length > max) bad(path, expected)
      w.u32(v.length)
      for (let k = 0; k < v.length; k++) item.write(w, v[k] as T, `${path}[${k}]`)
    },
    read(r, path) {
      const n = r.u32(`"${path}" count`)
      if (n > max) bad(path, `${expected}, got ${n}`)
      const out: T[] = []
      for (let k = 0; k < n; k++) out.push(item.read(r, `${path}[${k}]`))
      return out
    },
  }
}

type Fields = Record<string, Codec<unknown>>
type Optional<F extends Fields> = {
  [K in keyof F]: undefined extends CodecType<F[K]> ? K : never
}[keyof F]
export type StructType<F extends Fields> = {
  readonly [K in Exclude<keyof F, Optional<F>>]: CodecType<F[K]>
} & { readonly [K in Optional<F>]?: Exclude<CodecType<F[K]>, undefined> }

/** Fields in the order given; an optional field may be absent from the value. */
export function struct<F extends Fields>(fields: F): Codec<StructType<F>> {
  const keys = Object.keys(fields)
  const codecs = Object.values(fields)
  const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`)
  return {
    expected: `{${keys.join(', ')}}`,
    write(w, v, path) {
      if (typeof v !== 'object' || v === null) bad(path || 'payload', this.expected)
      const value = v as Record<string, unknown>
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k] as string
        ;(codecs[k] as Codec<unknown>).write(w, value[key], join(path, key))
      }
    },
    read(r, path) {
      const out: Record<string, unknown> = {}
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k] as string
        const v = (codecs[k] as Codec<unknown>).read(r, join(path, key))
        if (v !== undefined) out[key] = v
      }
      return out as StructType<F>
    },
  }
}

type Variants = Record<string, Codec<object>>
export type UnionType<V extends Variants> = {
  [K in keyof V]: { readonly variant: K } & CodecType<V[K]>
}[keyof V]

/** One of several structs, told apart by a tag byte and, in the value, by `variant`. */
export function union<V extends Variants>(variants: V): Codec<UnionType<V>> {
  const names = Object.keys(variants)
  const expected = `one of the variants ${names.join(', ')}`
  return {
    expected,
    write(w, v, path) {
      const name = (v as { variant?: unknown } | null)?.variant
      const at = names.indexOf(name as string)
      if (at < 0) bad(`${path || 'payload'}.variant`, expected)
      w.u8(at)
      ;(variants[name as string] as Codec<object>).write(w, v as object, path)
    },
    read(r, path) {
      const tag = r.u8(`"${path || 'payload'}" variant`)
      const name = names[tag] ?? bad(`${path || 'payload'}.variant`, `${expected}, got tag ${tag}`)
      const value = (variants[name] as Codec<object>).read(r, path)
      return { variant: name, ...value } as UnionType<V>
    },
  }
}

/** Encodes `value` with `codec`; `what` names the payload in errors (`dkg round 1 request`). */
export function encodeWith<T>(codec: Codec<T>, value: T, what: string): Uint8Array {
  const w = createWriter()
  try {
    codec.write(w, value, '')
  } catch (error) {
    if (error instanceof CosignerFrameError)
      throw new CosignerFrameError(error.code, `${what}: ${error.shortMessage}`)
    throw error
  }
  return w.finish()
}

/** Decodes a whole payload with `codec`: trailing bytes are refused. */
export function decodeWith<T>(codec: Codec<T>, bytes: Uint8Array, what: string): T {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`)
  const r = createReader(bytes, what)
  try {
    const value = codec.read(r, '')
    if (r.remaining !== 0)
      throw new CosignerFrameError('Malformed', `${r.remaining} trailing bytes after the payload`)
    return value
  } catch (error) {
    if (error instanceof CosignerFrameError && !error.shortMessage.startsWith(`${what}:`))
      throw new CosignerFrameError(error.code, `${what}: ${error.shortMessage}`)
    throw error
  }
}
