import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { buildPairingUri } from './buildPairingUri.ts'
import { pairingExpiry } from './pairingExpiry.ts'
import { parsePairingUri } from './parsePairingUri.ts'
import type { PairingUri } from './types.ts'

const NOW = 1_767_225_300

const example: PairingUri = {
  topic: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  relay: 'wss://relay.tessera.example/v1?region=cn',
  key: Uint8Array.from({ length: 32 }, (_, i) => i + 1),
  exp: 1_767_225_600,
  name: 'Swap & Co = Ünï 🦄',
  origin: 'https://app.example:8443',
}

/** Written with Python's urllib.parse.quote (encodeURIComponent's safe set) and base64. */
const exampleUri =
  'tessera:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f@1' +
  '?relay=wss%3A%2F%2Frelay.tessera.example%2Fv1%3Fregion%3Dcn' +
  '&key=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA' +
  '&exp=1767225600' +
  '&name=Swap%20%26%20Co%20%3D%20%C3%9Cn%C3%AF%20%F0%9F%A6%84' +
  '&origin=https%3A%2F%2Fapp.example%3A8443'

describe('pairing URI known answer (SESSION.md, "Pairing URI")', () => {
  test('build writes the parameters in order, percent-encoded, key in unpadded base64url', () => {
    expect(buildPairingUri(example)).toBe(exampleUri)
  })

  test('parse reads it back', () => {
    expect(parsePairingUri(exampleUri, { now: NOW })).toEqual(example)
  })

  test('parameters in another order, and unknown ones, are read the same (forward compatibility)', () => {
    const [head, query] = exampleUri.split('?') as [string, string]
    const reordered = `${head}?future=1&${query.split('&').reverse().join('&')}&x-extra=%ZZ&flag`
    expect(parsePairingUri(reordered, { now: NOW })).toEqual(example)
  })

  test('"+" is a literal plus, not a space', () => {
    const uri = buildPairingUri({ ...example, name: 'a+b c' })
    expect(uri).toContain('&name=a%2Bb%20c&')
    expect(parsePairingUri(uri, { now: NOW }).name).toBe('a+b c')
    expect(parsePairingUri(uri.replace('a%2Bb%20c', 'a+b'), { now: NOW }).name).toBe('a+b')
  })

  test('the relay URL comes back byte for byte (it is the relay JWT aud), never normalised', () => {
    for (const relay of [
      'wss://r.example',
      'wss://r.example/',
      'wss://r.example:443/a/b?c=d&e=%2F',
      'ws://127.0.0.1:5555',
      'ws://[::1]:1/',
      'ws://localhost',
    ]) {
      const uri = buildPairingUri({ ...example, relay })
      expect(parsePairingUri(uri, { now: NOW }).relay).toBe(relay)
    }
  })

  test('a URI built with pairingExpiry(now) is valid for 5 minutes', () => {
    const uri = buildPairingUri({ ...example, exp: pairingExpiry(NOW) })
    expect(parsePairingUri(uri, { now: NOW }).exp).toBe(NOW + 300)
    expect(parsePairingUri(uri, { now: NOW + 299 }).exp).toBe(NOW + 300)
    expect(() => parsePairingUri(uri, { now: NOW + 300 })).toThrow(
      expect.objectContaining({ code: 'Expired' }),
    )
  })
})

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/)
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/))
  .map(([labels, tld]) => [...labels, tld].join('.'))
const port = fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined })
const withPort = (host: string, p: number | undefined) => (p === undefined ? host : `${host}:${p}`)
const relay = fc.oneof(
  fc
    .tuple(
      domain,
      port,
      fc.stringMatching(
        /^(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@]{0,12}){0,3}(?:\?[A-Za-z0-9\-._~=&/?]{0,16})?$/,
      ),
    )
    .map(([host, p, rest]) => `wss://${withPort(host, p)}${rest}`),
  fc
    .tuple(fc.constantFrom('localhost', '127.0.0.1', '[::1]'), port)
    .map(([host, p]) => `ws://${withPort(host, p)}`),
)
const origin = fc
  .tuple(fc.constantFrom('https', 'http'), domain, port)
  .filter(([scheme, , p]) => p !== (scheme === 'https' ? 443 : 80))
  .map(([scheme, host, p]) => `${scheme}://${withPort(host, p)}`)
const name = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
  .filter((s) => s.trim() !== '' && [...s].length <= 64)
  .filter(
    (s) =>
      ![...s].some((c) =>
        /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(c),
      ),
  )
const pairing: fc.Arbitrary<PairingUri> = fc.record({
  topic: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
  relay,
  key: fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => k.some((b) => b !== 0)),
  exp: fc.integer({ min: NOW + 1, max: NOW + 86_400 }),
  name: fc.oneof(
    name,
    fc.constantFrom('A & B', 'x=y', 'a%20b', '100% 😀', '#hash?q', 'é'.repeat(64)),
  ),
  origin,
})

describe('pairing URI properties', () => {
  test('parse(build(x)) deep-equals x for every valid x', () => {
    fc.assert(
      fc.property(pairing, (x) => {
        expect(parsePairingUri(buildPairingUri(x), { now: NOW })).toEqual(x)
      }),
      { numRuns: 500 },
    )
  })

  test('a built URI contains only RFC 3986 characters and no fragment', () => {
    fc.assert(
      fc.property(pairing, (x) => {
        expect(buildPairingUri(x)).toMatch(/^[A-Za-z0-9\-._~:/?@!$&'()*+,;=%]+$/)
      }),
    )
  })
})
