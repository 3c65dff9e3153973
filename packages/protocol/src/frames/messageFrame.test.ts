import { describe, expect, test } from 'vitest'
import { MAX_ENVELOPE_BASE64_LENGTH } from './constants.ts'
import { EnvelopeError } from './EnvelopeError.ts'
import { encodeEnvelope } from './encodeEnvelope.ts'
import { envelopeToBase64 } from './envelopeToBase64.ts'
import { decodeMessageFrame, encodeMessageFrame } from './messageFrame.ts'

const encodeHello = (body: Uint8Array) => encodeMessageFrame({ kind: 'hello', body })
const encodeReply = (ephemeral: Uint8Array, body: Uint8Array) =>
  encodeMessageFrame({ kind: 'reply', ephemeral, body })

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
    expect(decodeMessageFrame(encodeHello(new Uint8Array([1, 2, 3])))).toEqual({
      kind: 'hello',
      body: new Uint8Array([1, 2, 3]),
    })
    expect(decodeMessageFrame(encodeReply(e, new Uint8Array([4])))).toEqual({
      kind: 'reply',
      ephemeral: e,
      body: new Uint8Array([4]),
    })
    const envelope = { nonce: 7n, ciphertext: new Uint8Array(16).fill(1) }
    expect(decodeMessageFrame(envelopeToBase64(envelope))).toEqual({ kind: 'envelope', envelope })
    expect(encodeEnvelope(envelope)[0]).toBe(1)
  })

  test('sending an envelope is the same text as envelopeToBase64', () => {
    const envelope = { nonce: 9n, ciphertext: new Uint8Array(20).fill(3) }
    expect(encodeMessageFrame({ kind: 'envelope', envelope })).toBe(envelopeToBase64(envelope))
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
    ['a text longer than the largest envelope', 'A'.repeat(MAX_ENVELOPE_BASE64_LENGTH + 4)],
  ])('ignores %s', (_label, message) => {
    expect(decodeMessageFrame(message)).toBeUndefined()
  })

  test('the largest handshake frame is sent and read; one byte more is refused when sending', () => {
    const body = new Uint8Array(65_535)
    expect(decodeMessageFrame(encodeHello(body))).toEqual({ kind: 'hello', body })
    const e = new Uint8Array(32).fill(5)
    expect(decodeMessageFrame(encodeReply(e, new Uint8Array(65_503)))).toMatchObject({
      kind: 'reply',
    })
    expect(() => encodeHello(new Uint8Array(65_536))).toThrow(
      new RangeError('A handshake frame carries at most 65535 bytes (Noise §3), got 65536'),
    )
    expect(() => encodeReply(e, new Uint8Array(65_504))).toThrow(
      new RangeError('A handshake frame carries at most 65535 bytes (Noise §3), got 65536'),
    )
  })

  test('refuses to send what the decoder would drop', () => {
    expect(() => encodeReply(new Uint8Array(31), new Uint8Array([1]))).toThrow(
      new RangeError('"ephemeral" expected Uint8Array of length 32, got length=31'),
    )
    expect(() => encodeReply(new Uint8Array(32), new Uint8Array())).toThrow(
      new RangeError('"body" expected a non-empty IK message 2'),
    )
    expect(() => encodeHello('x' as unknown as Uint8Array)).toThrow(
      new TypeError('"body" expected Uint8Array, got type=string'),
    )
    expect(() =>
      encodeMessageFrame({
        kind: 'envelope',
        envelope: { nonce: -1n, ciphertext: new Uint8Array(16) },
      }),
    ).toThrow(EnvelopeError)
  })
})
