import { describe, expect, test } from 'vitest'
import { encodePayload, PayloadError, parseDappReply, parseSignerHello } from './payloads.ts'

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const hello = {
  v: 1,
  sessionId: 'ab'.repeat(16),
  metadata: { name: 'Signer' },
  accounts: { 'eip155:1': ['0x0000000000000000000000000000000000000001'], 'cfx:1029': [] },
}
const reply = {
  v: 1,
  metadata: { name: 'Dapp', url: 'https://dapp.example' },
  chains: ['eip155:1'],
  methods: ['personal_sign'],
  expiry: 1_800_000_000,
  multiple: false,
}

describe('handshake payloads', () => {
  test('round trip', () => {
    expect(parseSignerHello(encodePayload(hello as never))).toEqual(hello)
    expect(parseDappReply(encodePayload(reply as never))).toEqual(reply)
    const refusal = { v: 1, error: { code: 4100, message: 'already paired' } }
    expect(parseDappReply(json(refusal))).toEqual(refusal)
  })

  test.each([
    ['a version other than 1', { ...hello, v: 2 }, 'payload must be an object with v = 1'],
    ['an unknown field', { ...hello, extra: 1 }, 'hello: unknown field'],
    [
      'a short session id',
      { ...hello, sessionId: 'ab' },
      'sessionId must be 32 lowercase hex characters',
    ],
    [
      'a chain that is not CAIP-2',
      { ...hello, accounts: { mainnet: [] } },
      'accounts has a key that is not a CAIP-2 id',
    ],
    [
      'an empty name',
      { ...hello, metadata: { name: '' } },
      'metadata.name must be a string of 1 to 64 characters',
    ],
  ])('hello with %s is refused', (_label, value, message) => {
    expect(() => parseSignerHello(json(value))).toThrow(new PayloadError(message))
  })

  test.each([
    ['a bad method', { ...reply, methods: ['bad method'] }, 'methods[] is malformed'],
    ['no multiple flag', { ...reply, multiple: undefined }, 'multiple must be a boolean'],
    ['a fractional expiry', { ...reply, expiry: 1.5 }, 'expiry must be Unix seconds'],
  ])('reply with %s is refused', (_label, value, message) => {
    expect(() => parseDappReply(json(value))).toThrow(new PayloadError(message))
  })

  test('refuses bytes that are not UTF-8 JSON', () => {
    expect(() => parseSignerHello(new Uint8Array([0xff, 0xfe]))).toThrow(
      new PayloadError('payload is not UTF-8 JSON'),
    )
  })
})
