/**
 * A tiny length-checked binary writer/reader for versioned blobs (key shares, backups). Readers
 * throw RangeError on truncation or trailing bytes; callers map that to their own error code.
 */
import { concatBytes } from '@noble/hashes/utils.js'

/** A 32-bit big-endian length or counter, as the transcript framing writes it. */
export function u32be(value: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, value)
  return out
}

export class ByteWriter {
  private readonly parts: Uint8Array[] = []

  u8(value: number): this {
    this.parts.push(Uint8Array.of(value & 0xff))
    return this
  }

  u16(value: number): this {
    this.parts.push(Uint8Array.of((value >>> 8) & 0xff, value & 0xff))
    return this
  }

  u32(value: number): this {
    const out = new Uint8Array(4)
    new DataView(out.buffer).setUint32(0, value)
    this.parts.push(out)
    return this
  }

  bytes(value: Uint8Array): this {
    this.parts.push(value)
    return this
  }

  /** u16 length prefix, then the bytes. */
  varBytes(value: Uint8Array): this {
    if (value.length > 0xffff) throw new RangeError('field too long')
    return this.u16(value.length).bytes(value)
  }

  finish(): Uint8Array {
    return concatBytes(...this.parts)
  }
}

export class ByteReader {
  private at = 0

  constructor(private readonly data: Uint8Array) {}

  private take(length: number): Uint8Array {
    if (this.at + length > this.data.length) throw new RangeError('truncated input')
    const out = this.data.slice(this.at, this.at + length)
    this.at += length
    return out
  }

  u8(): number {
    return this.take(1)[0] as number
  }

  u16(): number {
    const b = this.take(2)
    return ((b[0] as number) << 8) | (b[1] as number)
  }

  u32(): number {
    return new DataView(this.take(4).buffer).getUint32(0)
  }

  bytes(length: number): Uint8Array {
    return this.take(length)
  }

  varBytes(): Uint8Array {
    return this.take(this.u16())
  }

  end(): void {
    if (this.at !== this.data.length) throw new RangeError('trailing bytes')
  }
}
