/**
 * Internal: a bounds-checked reader and a growing writer of big-endian integers and byte runs,
 * shared by the frame and payload codecs. A read past the end throws CosignerFrameError
 * `Malformed` naming what was being read and the offset; nothing here quotes the bytes.
 */
import { concatBytes } from '@noble/hashes/utils.js'
import { CosignerFrameError } from './CosignerFrameError.ts'

export interface ByteReader {
  readonly offset: number
  readonly remaining: number
  u8(what: string): number
  u16(what: string): number
  u32(what: string): number
  /** A copy of the next `length` bytes. */
  take(length: number, what: string): Uint8Array
}

export function createReader(bytes: Uint8Array, context: string): ByteReader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = 0
  const need = (n: number, what: string) => {
    if (n > bytes.length - at)
      throw new CosignerFrameError(
        'Malformed',
        `${context}: truncated at byte ${at} reading ${what} (needs ${n}, ${bytes.length - at} left)`,
      )
  }
  return {
    get offset() {
      return at
    },
    get remaining() {
      return bytes.length - at
    },
    u8(what) {
      need(1, what)
      return view.getUint8(at++)
    },
    u16(what) {
      need(2, what)
      const n = view.getUint16(at)
      at += 2
      return n
    },
    u32(what) {
      need(4, what)
      const n = view.getUint32(at)
      at += 4
      return n
    },
    take(length, what) {
      need(length, what)
      const out = bytes.slice(at, at + length)
      at += length
      return out
    },
  }
}

export interface ByteWriter {
  u8(n: number): void
  u16(n: number): void
  u32(n: number): void
  bytes(b: Uint8Array): void
  finish(): Uint8Array
}

export function createWriter(): ByteWriter {
  const parts: Uint8Array[] = []
  const int = (size: 1 | 2 | 4, n: number) => {
    const b = new Uint8Array(size)
    const view = new DataView(b.buffer)
    if (size === 1) view.setUint8(0, n)
    else if (size === 2) view.setUint16(0, n)
    else view.setUint32(0, n)
    parts.push(b)
  }
  return {
    u8: (n) => int(1, n),
    u16: (n) => int(2, n),
    u32: (n) => int(4, n),
    bytes: (b) => {
      parts.push(b)
    },
    finish: () => concatBytes(...parts),
  }
}
