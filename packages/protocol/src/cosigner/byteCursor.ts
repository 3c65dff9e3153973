/**
 * Internal: a bounds-checked reader and a growing writer of big-endian integers, byte runs and
 * UTF-8 text, shared by the frame and payload codecs. A read past the end throws
 * CosignerFrameError `Malformed` naming what was being read and the offset; nothing here quotes
 * the bytes. Both work in place on one buffer (no allocation per integer): every co-signer
 * request and reply goes through them.
 */
import { CosignerFrameError } from './CosignerFrameError.ts'

export interface ByteReader {
  readonly offset: number
  readonly remaining: number
  u8(what: string): number
  u16(what: string): number
  u32(what: string): number
  /** A copy of the next `length` bytes. */
  take(length: number, what: string): Uint8Array
  /** The next `length` bytes as UTF-8 text (TypeError when they are not UTF-8). */
  text(length: number, what: string): string
}

export interface ByteWriter {
  u8(n: number): void
  u16(n: number): void
  u32(n: number): void
  bytes(b: Uint8Array): void
  /** `s` as UTF-8, after its byte length as a u32; returns that length. */
  text(s: string): number
  finish(): Uint8Array
}

const decoder = new TextDecoder('utf-8', { fatal: true })
const encoder = new TextEncoder()
/** Shorter ASCII runs are decoded here: cheaper than a call into the native decoder. */
const SHORT_TEXT = 64

class Reader implements ByteReader {
  offset = 0
  readonly #bytes: Uint8Array
  readonly #view: DataView
  readonly #context: string

  constructor(bytes: Uint8Array, context: string) {
    this.#bytes = bytes
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.#context = context
  }

  get remaining() {
    return this.#bytes.length - this.offset
  }

  #need(n: number, what: string) {
    if (n > this.#bytes.length - this.offset)
      throw new CosignerFrameError(
        'Malformed',
        `${this.#context}: truncated at byte ${this.offset} reading ${what} (needs ${n}, ${this.#bytes.length - this.offset} left)`,
      )
  }

  u8(what: string) {
    this.#need(1, what)
    return this.#view.getUint8(this.offset++)
  }

  u16(what: string) {
    this.#need(2, what)
    const n = this.#view.getUint16(this.offset)
    this.offset += 2
    return n
  }

  u32(what: string) {
    this.#need(4, what)
    const n = this.#view.getUint32(this.offset)
    this.offset += 4
    return n
  }

  take(length: number, what: string) {
    this.#need(length, what)
    const out = this.#bytes.slice(this.offset, this.offset + length)
    this.offset += length
    return out
  }

  text(length: number, what: string) {
    this.#need(length, what)
    const start = this.offset
    this.offset += length
    if (length <= SHORT_TEXT) {
      let s = ''
      for (let i = start; i < start + length; i++) {
        const c = this.#bytes[i] as number
        if (c >= 0x80) return decoder.decode(this.#bytes.subarray(start, start + length))
        s += String.fromCharCode(c)
      }
      return s
    }
    return decoder.decode(this.#bytes.subarray(start, start + length))
  }
}

class Writer implements ByteWriter {
  #buffer = new Uint8Array(128)
  #view = new DataView(this.#buffer.buffer)
  #at = 0

  #room(n: number) {
    if (this.#at + n <= this.#buffer.length) return
    let size = this.#buffer.length * 2
    while (size < this.#at + n) size *= 2
    const grown = new Uint8Array(size)
    grown.set(this.#buffer.subarray(0, this.#at))
    this.#buffer = grown
    this.#view = new DataView(grown.buffer)
  }

  u8(n: number) {
    this.#room(1)
    this.#view.setUint8(this.#at, n)
    this.#at += 1
  }

  u16(n: number) {
    this.#room(2)
    this.#view.setUint16(this.#at, n)
    this.#at += 2
  }

  u32(n: number) {
    this.#room(4)
    this.#view.setUint32(this.#at, n)
    this.#at += 4
  }

  bytes(b: Uint8Array) {
    this.#room(b.length)
    this.#buffer.set(b, this.#at)
    this.#at += b.length
  }

  text(s: string) {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.#room(4 + 3 * s.length)
    const { written } = encoder.encodeInto(s, this.#buffer.subarray(this.#at + 4))
    this.u32(written)
    this.#at += written
    return written
  }

  finish() {
    return this.#buffer.slice(0, this.#at)
  }
}

export const createReader = (bytes: Uint8Array, context: string): ByteReader =>
  new Reader(bytes, context)

export const createWriter = (): ByteWriter => new Writer()
