/**
 * Chunked messages of the co-signer channel: a message split by `splitCosignerFrame` reassembles byte for
 * byte, and every deviation (gap, repeat, oversize, a chunk that changes its message's fields,
 * an unchunked frame in the middle, an empty chunk, too many messages at once) is refused with
 * its exact error.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { CosignerFrameError as FrameError } from './CosignerFrameError.ts'
import { createCosignerReassembler as createReassembler } from './createCosignerReassembler.ts'
import { COSIGNER_CHANNEL_RULES as WIRE } from './rules.ts'
import { splitCosignerFrame as splitFrame } from './splitCosignerFrame.ts'
import type { CosignerDataFrame as Frame } from './types.ts'

const sid = 'ab'.repeat(32)
const frame = (payload: Uint8Array, extra: Partial<Frame> = {}): Frame => ({
  type: 'data',
  sid,
  protocol: 'dkls23-sign',
  round: 2,
  payload,
  ...extra,
})

function expectFrameError(fn: () => unknown, code: string, message: string) {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(FrameError)
    expect({
      code: (error as FrameError).code,
      message: (error as FrameError).shortMessage,
    }).toEqual({
      code,
      message,
    })
    return
  }
  throw new Error('expected a FrameError')
}

describe('splitFrame and reassembly', () => {
  test('a 132 KB message goes in 3 chunks and comes back byte for byte', () => {
    const payload = new Uint8Array(randomBytes(132_000))
    const parts = splitFrame(frame(payload, { keyId: 'k1' }))
    expect(parts.map((p) => [p.part, p.parts, p.payload.length, p.keyId])).toEqual([
      [0, 3, 65_000, 'k1'],
      [1, 3, 65_000, 'k1'],
      [2, 3, 2_000, 'k1'],
    ])
    const r = createReassembler()
    expect(r.accept(parts[0] as Frame)).toBeUndefined()
    expect(r.accept(parts[1] as Frame)).toBeUndefined()
    expect(r.pending).toBe(1)
    expect(r.accept(parts[2] as Frame)).toEqual(frame(payload, { keyId: 'k1' }))
    expect(r.pending).toBe(0)
  })

  test('a message that fits is sent as one unchunked frame', () => {
    const small = frame(new Uint8Array(WIRE.chunkBytes))
    expect(splitFrame(small)).toEqual([small])
    expect(createReassembler().accept(small)).toBe(small)
  })

  test('a message over the total limit is refused before it is sent', () => {
    expectFrameError(
      () => splitFrame(frame(new Uint8Array(WIRE.maxMessageBytes + 1))),
      'TooLarge',
      `a ${WIRE.maxMessageBytes + 1}-byte message exceeds the ${WIRE.maxMessageBytes}-byte limit`,
    )
  })

  test('a gap is OutOfOrder, a repeat DuplicateChunk; either drops the partial message', () => {
    const parts = splitFrame(frame(new Uint8Array(100_000), {}), 30_000)
    const r = createReassembler()
    expectFrameError(
      () => r.accept(parts[1] as Frame),
      'OutOfOrder',
      'chunk 2 of 4 arrived before chunk 1 of round 2',
    )
    r.accept(parts[0] as Frame)
    expectFrameError(
      () => r.accept(parts[2] as Frame),
      'OutOfOrder',
      'chunk 3 of 4 arrived, expected chunk 2',
    )
    expect(r.pending).toBe(0)
    r.accept(parts[0] as Frame)
    r.accept(parts[1] as Frame)
    expectFrameError(
      () => r.accept(parts[1] as Frame),
      'DuplicateChunk',
      'chunk 2 of 4 arrived twice',
    )
    expect(r.pending).toBe(0)
  })

  test('too many chunks, or too many bytes, is TooLarge', () => {
    const r = createReassembler({ maxMessageBytes: 100_000, maxPending: 2 })
    expectFrameError(
      () => r.accept(frame(new Uint8Array(10), { part: 0, parts: 4 })),
      'TooLarge',
      'a message of 4 chunks exceeds the limit of 2 chunks (100000 bytes)',
    )
    r.accept(frame(new Uint8Array(60_000), { part: 0, parts: 2 }))
    expectFrameError(
      () => r.accept(frame(new Uint8Array(60_000), { part: 1, parts: 2 })),
      'TooLarge',
      'the round 2 message passed 100000 bytes at chunk 2 of 2',
    )
    expect(WIRE.maxParts).toBe(Math.ceil(WIRE.maxMessageBytes / WIRE.chunkBytes))
  })

  test('a chunk that changes round, protocol, key or count is Malformed; so is an empty one', () => {
    const r = createReassembler()
    r.accept(frame(Uint8Array.of(1), { part: 0, parts: 3 }))
    expectFrameError(
      () => r.accept(frame(Uint8Array.of(2), { part: 1, parts: 3, round: 3 })),
      'Malformed',
      'chunk 2 says dkls23-sign round 3 in 3 chunks, its message began as dkls23-sign round 2 in 3 chunks',
    )
    r.accept(frame(Uint8Array.of(1), { part: 0, parts: 3 }))
    expectFrameError(
      () => r.accept(frame(Uint8Array.of(2), { part: 1, parts: 4 })),
      'Malformed',
      'chunk 2 says dkls23-sign round 2 in 4 chunks, its message began as dkls23-sign round 2 in 3 chunks',
    )
    expectFrameError(
      () => r.accept(frame(new Uint8Array(0), { part: 0, parts: 2 })),
      'Malformed',
      'chunk 1 of 2 is empty',
    )
  })

  test('an unchunked frame in the middle of a message is OutOfOrder', () => {
    const r = createReassembler()
    r.accept(frame(Uint8Array.of(1), { part: 0, parts: 2 }))
    expectFrameError(
      () => r.accept(frame(Uint8Array.of(1))),
      'OutOfOrder',
      `sub-stream ${sid.slice(0, 16)}… is in the middle of a 2-chunk round 2 message (chunk 2 expected), got an unchunked frame`,
    )
  })

  test('chunked messages in flight are bounded', () => {
    const r = createReassembler({ maxMessageBytes: 100_000, maxPending: 1 })
    r.accept(frame(Uint8Array.of(1), { part: 0, parts: 2 }))
    expectFrameError(
      () => r.accept(frame(Uint8Array.of(1), { part: 0, parts: 2, sid: 'cd'.repeat(32) })),
      'TooManyStreams',
      'at most 1 chunked messages may be in flight at once',
    )
  })
})
