import { encodeEnvelope, envelopeToBase64 } from '@tessera/protocol'
import { describe, expect, test } from 'vitest'
import { decodeFrame, encodeHello, encodeReply } from './frames.ts'

describe('relay message framing (first byte 0x00 handshake, 0x01 envelope)', () => {
  test('known answers', () => {
    expect(encodeHello(new Uint8Array([0xaa, 0xbb]))).toBe(
      Buffer.from([0, 1, 0xaa, 0xbb]).toString('base64'),
    )
    const e = new Uint8Array(32).fill(5)
    expect(encodeReply(e, new Uint8Array([9]))).toBe(
      Buffer.concat([Buffer.from([0, 2]), Buffer.from(e), Buffer.from([9])]).toString('base64'),
    )
  })

  test('round trips each kind', () => {
    const e = new Uint8Array(32).fill(5)
    expect(decodeFrame(encodeHello(new Uint8Array([1, 2, 3])))).toEqual({
      kind: 'hello',
      body: new Uint8Array([1, 2, 3]),
    })
    expect(decodeFrame(encodeReply(e, new Uint8Array([4])))).toEqual({
      kind: 'reply',
      ephemeral: e,
      body: new Uint8Array([4]),
    })
    const envelope = { nonce: 7n, ciphertext: new Uint8Array(16).fill(1) }
    expect(decodeFrame(envelopeToBase64(envelope))).toEqual({ kind: 'envelope', envelope })
    expect(encodeEnvelope(envelope)[0]).toBe(1)
  })

  test.each([
    ['not base64', '@@@@'],
    ['an unknown first byte', Buffer.from([2, 1, 0]).toString('base64')],
    ['an unknown handshake step', Buffer.from([0, 3, 0]).toString('base64')],
    [
      'a reply without a body',
      Buffer.concat([Buffer.from([0, 2]), Buffer.alloc(32)]).toString('base64'),
    ],
    ['a truncated envelope', Buffer.from([1, 0, 0]).toString('base64')],
    ['a single byte', Buffer.from([0]).toString('base64')],
  ])('ignores %s', (_label, message) => {
    expect(decodeFrame(message)).toBeUndefined()
  })
})
