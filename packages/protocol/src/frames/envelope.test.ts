import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { MAX_ENVELOPE_BASE64_LENGTH, MAX_ENVELOPE_BYTES, MAX_ENVELOPE_NONCE } from './constants.ts'
import { decodeEnvelope } from './decodeEnvelope.ts'
import { EnvelopeError, type EnvelopeErrorCode } from './EnvelopeError.ts'
import { encodeEnvelope } from './encodeEnvelope.ts'
import { envelopeFromBase64 } from './envelopeFromBase64.ts'
import { envelopeToBase64 } from './envelopeToBase64.ts'

function expectEnvelopeError(run: () => unknown, code: EnvelopeErrorCode, sentence: string): void {
  let thrown: unknown
  try {
    run()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(EnvelopeError)
  const error = thrown as EnvelopeError
  expect(error.name).toBe('EnvelopeError')
  expect(error.code).toBe(code)
  expect(error.shortMessage).toBe(sentence)
}

const tag16 = new Uint8Array(16).fill(0xaa)

describe('envelope layout (SESSION.md, "Transport envelope")', () => {
  test('known answer: 0x01 ‖ u64be nonce ‖ ciphertext', () => {
    const bytes = encodeEnvelope({ nonce: 0x0102030405060708n, ciphertext: tag16 })
    expect(bytesToHex(bytes)).toBe(`010102030405060708${'aa'.repeat(16)}`)
    expect(envelopeToBase64({ nonce: 0x0102030405060708n, ciphertext: tag16 })).toBe(
      'AQECAwQFBgcIqqqqqqqqqqqqqqqqqqqqqg==',
    )
  })

  test('the largest allowed nonce is 2^64 - 2 and is written big-endian', () => {
    const bytes = encodeEnvelope({ nonce: MAX_ENVELOPE_NONCE, ciphertext: tag16 })
    expect(bytesToHex(bytes.subarray(0, 9))).toBe('01fffffffffffffffe')
    expect(decodeEnvelope(bytes).nonce).toBe(MAX_ENVELOPE_NONCE)
  })

  test('decoding a view into a larger buffer reads the right bytes and copies the ciphertext', () => {
    const backing = new Uint8Array(64).fill(7)
    const envelope = encodeEnvelope({ nonce: 5n, ciphertext: tag16 })
    backing.set(envelope, 10)
    const view = backing.subarray(10, 10 + envelope.length)
    const decoded = decodeEnvelope(view)
    expect(decoded).toEqual({ nonce: 5n, ciphertext: tag16 })
    view[9] = 0
    expect(decoded.ciphertext[0]).toBe(0xaa)
  })

  test('carries a real ChaCha20-Poly1305 ciphertext with ad = sessionTopic (Noise nonce layout)', () => {
    const key = randomBytes(32)
    const sessionTopic = Buffer.from('ab'.repeat(32))
    const counter = 42n
    // Noise §5.1 ChaChaPoly: 32 zero bits, then the 64-bit counter little-endian.
    const iv = Buffer.alloc(12)
    iv.writeBigUInt64LE(counter, 4)
    const cipher = createCipheriv('chacha20-poly1305', key, iv, { authTagLength: 16 })
    cipher.setAAD(sessionTopic, { plaintextLength: 5 })
    const ciphertext = Buffer.concat([cipher.update('hello'), cipher.final(), cipher.getAuthTag()])
    const received = envelopeFromBase64(envelopeToBase64({ nonce: counter, ciphertext }))
    const ivBack = Buffer.alloc(12)
    ivBack.writeBigUInt64LE(received.nonce, 4)
    const decipher = createDecipheriv('chacha20-poly1305', key, ivBack, { authTagLength: 16 })
    decipher.setAAD(sessionTopic, { plaintextLength: 5 })
    decipher.setAuthTag(received.ciphertext.subarray(-16))
    const plain = Buffer.concat([
      decipher.update(received.ciphertext.subarray(0, -16)),
      decipher.final(),
    ])
    expect(plain.toString()).toBe('hello')
  })
})

describe('envelope properties', () => {
  const envelope = fc.record({
    nonce: fc.bigInt({ min: 0n, max: MAX_ENVELOPE_NONCE }),
    ciphertext: fc.uint8Array({ minLength: 16, maxLength: 300 }),
  })

  test('decode(encode(e)) = e', () => {
    fc.assert(
      fc.property(envelope, (e) => {
        expect(decodeEnvelope(encodeEnvelope(e))).toEqual(e)
      }),
    )
  })

  test('fromBase64(toBase64(e)) = e, and the text is standard padded base64', () => {
    fc.assert(
      fc.property(envelope, (e) => {
        const text = envelopeToBase64(e)
        expect(text).toBe(Buffer.from(encodeEnvelope(e)).toString('base64'))
        expect(envelopeFromBase64(text)).toEqual(e)
      }),
    )
  })
})

describe('size limits', () => {
  test('accepts 65,519 bytes of plaintext (65,535 bytes of ciphertext) and refuses one byte more', () => {
    const max = new Uint8Array(65_519 + 16)
    const bytes = encodeEnvelope({ nonce: 1n, ciphertext: max })
    expect(bytes.length).toBe(MAX_ENVELOPE_BYTES)
    expect(
      envelopeFromBase64(envelopeToBase64({ nonce: 1n, ciphertext: max })).ciphertext.length,
    ).toBe(65_535)
    expectEnvelopeError(
      () => encodeEnvelope({ nonce: 1n, ciphertext: new Uint8Array(65_536) }),
      'TooLong',
      'Envelope ciphertext may be at most 65535 bytes (65519-byte plaintext), got 65536.',
    )
    const over = new Uint8Array(MAX_ENVELOPE_BYTES + 1)
    over[0] = 1
    expectEnvelopeError(
      () => decodeEnvelope(over),
      'TooLong',
      'Envelope may be at most 65544 bytes (65519-byte plaintext), got 65545.',
    )
  })

  test('accepts an empty plaintext (tag only) and refuses a ciphertext shorter than the tag', () => {
    expect(
      decodeEnvelope(hexToBytes(`010000000000000000${'00'.repeat(16)}`)).ciphertext.length,
    ).toBe(16)
    expectEnvelopeError(
      () => decodeEnvelope(hexToBytes(`010000000000000000${'00'.repeat(15)}`)),
      'TooShort',
      'Envelope must be at least 25 bytes (header and tag), got 24.',
    )
    expectEnvelopeError(
      () => encodeEnvelope({ nonce: 0n, ciphertext: new Uint8Array(15) }),
      'TooShort',
      'Envelope ciphertext must be at least 16 bytes (the tag), got 15.',
    )
  })

  test('refuses an oversize base64 text before decoding it', () => {
    expect(MAX_ENVELOPE_BASE64_LENGTH).toBe(87_392)
    // Not even valid base64: proves the length is checked first.
    expectEnvelopeError(
      () => envelopeFromBase64('!'.repeat(87_393)),
      'TooLong',
      'Envelope text may be at most 87392 base64 characters, got 87393.',
    )
  })
})

describe('malformed envelopes', () => {
  const valid = encodeEnvelope({ nonce: 3n, ciphertext: tag16 })

  test.each([0x00, 0x02, 0xff])('version byte %i', (version) => {
    const bytes = valid.slice()
    bytes[0] = version
    expectEnvelopeError(
      () => decodeEnvelope(bytes),
      'BadVersion',
      `Envelope version ${version} is not supported (expected 1).`,
    )
  })

  test('nonce 2^64 - 1 (reserved by Noise) on the wire and when encoding', () => {
    const bytes = valid.slice()
    bytes.fill(0xff, 1, 9)
    const sentence = 'Envelope nonce must be a bigint from 0 to 2^64 - 2.'
    expectEnvelopeError(() => decodeEnvelope(bytes), 'BadNonce', sentence)
    expectEnvelopeError(
      () => encodeEnvelope({ nonce: 2n ** 64n - 1n, ciphertext: tag16 }),
      'BadNonce',
      sentence,
    )
    expectEnvelopeError(
      () => encodeEnvelope({ nonce: -1n, ciphertext: tag16 }),
      'BadNonce',
      sentence,
    )
    expectEnvelopeError(
      () => encodeEnvelope({ nonce: 1 as unknown as bigint, ciphertext: tag16 }),
      'BadNonce',
      sentence,
    )
  })

  test('inputs that are not bytes or text', () => {
    expectEnvelopeError(
      () => decodeEnvelope([1, 2] as unknown as Uint8Array),
      'NotBytes',
      'Envelope must be a Uint8Array.',
    )
    expectEnvelopeError(
      () => encodeEnvelope({ nonce: 0n, ciphertext: 'x' as unknown as Uint8Array }),
      'NotBytes',
      'Envelope ciphertext must be a Uint8Array.',
    )
    expectEnvelopeError(
      () => envelopeFromBase64(valid as unknown as string),
      'NotString',
      'Envelope text must be a string.',
    )
  })

  test.each([
    ['whitespace', (t: string) => ` ${t}`],
    ['a line break', (t: string) => `${t.slice(0, 8)}\n${t.slice(8)}`],
    ['base64url alphabet', (t: string) => t.replace(/[+/]/g, '-').replace(/A/, '_')],
    ['missing padding', (t: string) => t.replace(/=+$/, '')],
    ['non-zero trailing bits', (t: string) => t.replace(/g==$/, 'h==')],
  ])('base64 with %s', (_label, mangle) => {
    const text = envelopeToBase64({ nonce: 3n, ciphertext: tag16 })
    expect(text.endsWith('g==')).toBe(true)
    expectEnvelopeError(
      () => envelopeFromBase64(mangle(text)),
      'BadBase64',
      'Envelope text is not canonical padded base64 (RFC 4648 §4, no whitespace).',
    )
  })
})
