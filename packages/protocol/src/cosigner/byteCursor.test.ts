/**
 * The reader and writer under every codec: text of any Unicode content round-trips on both of the
 * reader's paths (short ASCII runs decoded in place, the rest by the strict decoder), invalid
 * UTF-8 is refused on both, the writer keeps every byte as its buffer grows, and a read past the
 * end names what it was reading.
 */
import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createReader, createWriter } from './byteCursor.ts'

const roundTrip = (s: string) => {
  const w = createWriter()
  const length = w.text(s)
  const bytes = w.finish()
  const r = createReader(bytes, 'test')
  expect(r.u32('length')).toBe(length)
  const back = r.text(length, 'text')
  expect(r.remaining).toBe(0)
  return back
}

describe('text', () => {
  test('any string of well-formed UTF-16 round-trips, short or long, ASCII or not', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        expect(roundTrip(s)).toBe(s)
      }),
    )
    for (const s of ['', 'a'.repeat(64), 'a'.repeat(65), `${'a'.repeat(63)}é`, '中文'.repeat(40)])
      expect(roundTrip(s)).toBe(s)
  })

  test('its byte length is the UTF-8 length', () => {
    const w = createWriter()
    expect(w.text('aé中😀')).toBe(1 + 2 + 3 + 4)
  })

  test('invalid UTF-8 is refused in a short run and in a long one', () => {
    for (const length of [3, 100]) {
      const bytes = new Uint8Array(length).fill(0x61)
      bytes[length - 1] = 0xff
      expect(() => createReader(bytes, 'test').text(length, 'text')).toThrow(TypeError)
    }
  })
})

test('the writer keeps every byte as it grows past its first buffer', () => {
  const w = createWriter()
  const chunk = Uint8Array.from({ length: 1000 }, (_, i) => i % 251)
  for (let i = 0; i < 20; i++) {
    w.u8(i)
    w.u16(0x1234)
    w.u32(0xdeadbeef)
    w.bytes(chunk)
  }
  const bytes = w.finish()
  expect(bytes.length).toBe(20 * 1007)
  const r = createReader(bytes, 'test')
  for (let i = 0; i < 20; i++) {
    expect(r.u8('i')).toBe(i)
    expect(r.u16('u16')).toBe(0x1234)
    expect(r.u32('u32')).toBe(0xdeadbeef)
    expect(r.take(1000, 'chunk')).toEqual(chunk)
  }
})

test('a read past the end names the payload, the offset and the field', () => {
  const r = createReader(new Uint8Array(3), 'frame')
  r.u8('first')
  expect(() => r.u32('"epoch"')).toThrow(
    'frame: truncated at byte 1 reading "epoch" (needs 4, 2 left)',
  )
  expect(() => r.text(3, '"name"')).toThrow('truncated at byte 1 reading "name"')
  expect(r.offset).toBe(1)
})

test('take returns a copy: changing it leaves the input alone', () => {
  const input = new Uint8Array([1, 2, 3])
  const taken = createReader(input, 'test').take(3, 'all')
  taken[0] = 9
  expect(input[0]).toBe(1)
})
