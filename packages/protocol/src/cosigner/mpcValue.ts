/**
 * Internal: the codec of @tessera/mpc's protocol messages inside a payload. They are plain
 * objects of numbers, strings, arrays, Uint8Array and (FROST's δ) bigint, carried in a small
 * tagged form. Decoding checks shape only — bounded depth, counts and lengths, finite numbers,
 * no duplicate keys and none of Object.prototype's names (`__proto__`, `toString`…: such a key
 * would make the mere mention of the value in an error message throw) — and @tessera/mpc's own
 * validators check every decoded message before use.
 */
import type { ByteReader, ByteWriter } from './byteCursor.ts'
import { CosignerFrameError } from './CosignerFrameError.ts'
import { type Codec, decodeWith, encodeWith } from './codecs.ts'

/** A value as @tessera/mpc's messages are made of. */
export type MpcValue =
  | null
  | boolean
  | number
  | string
  | bigint
  | Uint8Array
  | readonly MpcValue[]
  | { readonly [key: string]: MpcValue | undefined }

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
const MAX_TEXT_BYTES = 4_096
const BIGINT = /^-?(0|[1-9][0-9]{0,99})$/

/** Scratch for a number's 8 bytes (the writer copies them). */
const scratch = new DataView(new ArrayBuffer(8))
const float64 = (v: number) => {
  scratch.setFloat64(0, v)
  return new Uint8Array(scratch.buffer)
}

const bad = (path: string, message: string): never => {
  throw new CosignerFrameError('Malformed', `"${path || 'value'}": ${message}`)
}

const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

const member = (path: string, key: string) => (path === '' ? key : `${path}.${key}`)

function readText(r: ByteReader, path: string): string {
  const length = r.u32(`"${path || 'value'}" text length`)
  if (length > MAX_TEXT_BYTES) bad(path, `text longer than ${MAX_TEXT_BYTES} bytes`)
  try {
    return r.text(length, `"${path || 'value'}" text`)
  } catch (error) {
    if (error instanceof CosignerFrameError) throw error
    return bad(path, 'text is not UTF-8')
  }
}

function write(w: ByteWriter, v: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) bad(path, `nested deeper than ${MAX_DEPTH}`)
  if (v === null) w.u8(TAG.null)
  else if (v === false) w.u8(TAG.false)
  else if (v === true) w.u8(TAG.true)
  else if (typeof v === 'number') {
    if (!Number.isFinite(v)) bad(path, 'numbers must be finite')
    w.u8(TAG.number)
    w.bytes(float64(v))
  } else if (typeof v === 'string') {
    w.u8(TAG.string)
    w.text(v)
  } else if (typeof v === 'bigint') {
    w.u8(TAG.bigint)
    w.text(v.toString())
  } else if (v instanceof Uint8Array) {
    w.u8(TAG.bytes)
    w.u32(v.length)
    w.bytes(v)
  } else if (Array.isArray(v)) {
    w.u8(TAG.array)
    w.u32(v.length)
    for (let k = 0; k < v.length; k++) write(w, v[k], `${path}[${k}]`, depth + 1)
  } else if (typeof v === 'object' && isPlain(v)) {
    const record = v as Record<string, unknown>
    const keys = Object.keys(record).filter((key) => record[key] !== undefined)
    w.u8(TAG.object)
    w.u32(keys.length)
    for (const key of keys) {
      w.text(key)
      write(w, record[key], member(path, key), depth + 1)
    }
  } else {
    bad(path, `a ${typeof v} cannot go on the wire`)
  }
}

function read(r: ByteReader, path: string, depth: number): MpcValue {
  if (depth > MAX_DEPTH) bad(path, `nested deeper than ${MAX_DEPTH}`)
  const at = r.offset
  const tag = r.u8(`"${path}" tag`)
  switch (tag) {
    case TAG.null:
      return null
    case TAG.false:
      return false
    case TAG.true:
      return true
    case TAG.number: {
      const b = r.take(8, `"${path}" number`)
      const n = new DataView(b.buffer, b.byteOffset, 8).getFloat64(0)
      return Number.isFinite(n) ? n : bad(path, 'numbers must be finite')
    }
    case TAG.string:
      return readText(r, path)
    case TAG.bigint: {
      const s = readText(r, path)
      return BIGINT.test(s) ? BigInt(s) : bad(path, 'malformed bigint')
    }
    case TAG.bytes:
      return r.take(r.u32(`"${path}" length`), `"${path}" bytes`)
    case TAG.array: {
      const count = r.u32(`"${path}" count`)
      // Every item takes at least one byte: a count beyond the rest is a lie.
      if (count > r.remaining) bad(path, `${count} items declared, ${r.remaining} bytes left`)
      const out: MpcValue[] = []
      for (let k = 0; k < count; k++) out.push(read(r, `${path}[${k}]`, depth + 1))
      return out
    }
    case TAG.object: {
      const count = r.u32(`"${path}" count`)
      if (count > r.remaining) bad(path, `${count} keys declared, ${r.remaining} bytes left`)
      const out: Record<string, MpcValue> = {}
      for (let k = 0; k < count; k++) {
        const key = readText(r, path)
        if (key in Object.prototype || Object.hasOwn(out, key))
          bad(path, `key "${key.slice(0, 32)}" repeated or reserved`)
        out[key] = read(r, member(path, key), depth + 1)
      }
      return out
    }
    default:
      return bad(path, `unknown value tag ${tag} at byte ${at}`)
  }
}

/** One @tessera/mpc message (or any value made of the same parts). */
export const mpcValue: Codec<unknown> = {
  expected: 'a protocol message',
  write: (w, v, path) => write(w, v, path, 0),
  read: (r, path) => read(r, path, 0),
}

/**
 * One value in the same tagged form, standing alone (the co-signer's sealed share records use it):
 * `what` names it in errors, which are CosignerFrameError `Malformed`; trailing bytes are refused.
 */
export function encodeMpcValue(value: unknown, what: string): Uint8Array {
  return encodeWith(mpcValue, value, what)
}

export function decodeMpcValue(bytes: Uint8Array, what: string): MpcValue {
  return decodeWith(mpcValue, bytes, what) as MpcValue
}
