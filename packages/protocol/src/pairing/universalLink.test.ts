import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { buildPairingUri } from './buildPairingUri.ts'
import { fromUniversalLink } from './fromUniversalLink.ts'
import { PairingUriError } from './PairingUriError.ts'
import { parsePairingUri } from './parsePairingUri.ts'
import { toUniversalLink } from './toUniversalLink.ts'

const NOW = 1_767_225_300
const URI = buildPairingUri({
  topic: 'cd'.repeat(32),
  relay: 'wss://relay.example',
  key: new Uint8Array(32).fill(9),
  exp: NOW + 300,
  name: 'Demo & Co',
  origin: 'https://app.example',
})

function expectLinkError(run: () => unknown, sentence: string): void {
  let thrown: unknown
  try {
    run()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(PairingUriError)
  expect(thrown).toMatchObject({
    code: 'BadUniversalLink',
    shortMessage: sentence,
    parameter: undefined,
  })
}

describe('universal links (SESSION.md: https://<signer host>/pair#<uri>)', () => {
  test('known answer', () => {
    expect(toUniversalLink(URI, 'https://signer.example')).toBe(
      `https://signer.example/pair#${URI}`,
    )
  })

  test('round trip, and the fragment survives a WHATWG URL parse unchanged', () => {
    const link = toUniversalLink(URI, 'https://signer.example:8443')
    expect(fromUniversalLink(link)).toEqual({
      signerOrigin: 'https://signer.example:8443',
      uri: URI,
    })
    const url = new URL(link)
    expect(url.hash).toBe(`#${URI}`)
    expect(url.origin).toBe('https://signer.example:8443')
    expect(parsePairingUri(fromUniversalLink(url.href).uri, { now: NOW }).name).toBe('Demo & Co')
  })

  test('property: every name survives link → location.hash → parse', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), (name) => {
        fc.pre(
          name.trim() !== '' &&
            !/[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(name),
        )
        const uri = buildPairingUri({ ...parsePairingUri(URI, { now: NOW }), name })
        const { hash } = new URL(toUniversalLink(uri, 'https://signer.example'))
        expect(parsePairingUri(hash.slice(1), { now: NOW }).name).toBe(name)
      }),
    )
  })

  test('http is allowed for a loopback signer (local demos)', () => {
    const link = toUniversalLink(URI, 'http://localhost:5174')
    expect(fromUniversalLink(link).signerOrigin).toBe('http://localhost:5174')
  })

  test.each([
    [
      'plain http to a public host',
      'http://signer.example',
      'The signer origin must be https:// (http:// only for a loopback host).',
    ],
    [
      'a path',
      'https://signer.example/app',
      'The signer origin must not have a path, query or fragment (not even "/").',
    ],
    [
      'a trailing slash',
      'https://signer.example/',
      'The signer origin must not have a path, query or fragment (not even "/").',
    ],
    ['another scheme', 'tessera://x', 'The signer origin must start with https:// or http://.'],
  ])('toUniversalLink refuses a signer origin with %s', (_label, origin, sentence) => {
    expectLinkError(() => toUniversalLink(URI, origin), sentence)
  })

  test('toUniversalLink refuses a malformed URI with the URI’s own reason', () => {
    expect(() => toUniversalLink(URI.replace('@1', '@2'), 'https://signer.example')).toThrow(
      expect.objectContaining({ name: 'PairingUriError', code: 'UnsupportedVersion' }),
    )
  })

  test.each([
    [
      'another path',
      `https://signer.example/open#${URI}`,
      'A Tessera universal link must look like https://<signer host>/pair#<pairing URI>.',
    ],
    [
      'no fragment',
      'https://signer.example/pair',
      'A Tessera universal link must look like https://<signer host>/pair#<pairing URI>.',
    ],
    [
      'a query before the fragment',
      `https://signer.example/pair?x#${URI}`,
      'A Tessera universal link must look like https://<signer host>/pair#<pairing URI>.',
    ],
    [
      'no path',
      `https://signer.example#${URI}`,
      'A Tessera universal link must look like https://<signer host>/pair#<pairing URI>.',
    ],
    [
      'not a URL',
      'signer.example/pair#x',
      'A Tessera universal link must look like https://<signer host>/pair#<pairing URI>.',
    ],
    [
      'plain http',
      `http://signer.example/pair#${URI}`,
      'The signer origin must be https:// (http:// only for a loopback host).',
    ],
    [
      'credentials',
      `https://a@signer.example/pair#${URI}`,
      'The signer origin must not carry credentials.',
    ],
    ['not a string', 7, 'The universal link must be a string.'],
  ])('fromUniversalLink refuses %s', (_label, link, sentence) => {
    expectLinkError(() => fromUniversalLink(link as string), sentence)
  })

  test('fromUniversalLink refuses an oversize link before reading it', () => {
    const link = `https://signer.example/pair#${'x'.repeat(2400)}`
    expectLinkError(
      () => fromUniversalLink(link),
      `The universal link is ${link.length} characters long; at most 2321 are allowed.`,
    )
  })

  test('fromUniversalLink passes on the URI’s own error (e.g. a percent-decoded fragment)', () => {
    const decoded = `https://signer.example/pair#${decodeURIComponent(URI)}`
    expect(() => fromUniversalLink(decoded)).toThrow(
      expect.objectContaining({ name: 'PairingUriError', code: 'BadCharacter' }),
    )
  })
})
