/**
 * The dapp origin of a signing request: canonical origins pass unchanged, `canonicalDappOrigin`
 * writes what `location.origin` would (and never yields a string the wire check refuses), and
 * hostile, malformed or oversized origins are refused naming the field and what is wrong — in the
 * round-1 payload of a signing run too, before anything else reads it.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { decodeCosignerRequest, encodeCosignerRequest } from './cosignerPayload.ts'
import {
  canonicalDappOrigin,
  checkDappOrigin,
  DAPP_ORIGIN_EXPECTED,
  DAPP_ORIGIN_MAX_BYTES,
  dappOriginProblem,
} from './dappOrigin.ts'

const refusal = (shortMessage: string) =>
  expect.objectContaining({ name: 'CosignerFrameError', code: 'Malformed', shortMessage })

describe('dapp origins', () => {
  test('canonical origins pass unchanged', () => {
    for (const origin of [
      'https://app.example',
      'http://localhost:5173',
      'https://xn--bcher-kva.example',
      'http://127.0.0.1:8080',
      'https://[::1]:8443',
    ]) {
      expect(checkDappOrigin(origin)).toBe(origin)
      expect(canonicalDappOrigin(origin)).toBe(origin)
    }
  })

  test('canonicalDappOrigin lowercases, drops a default port and a trailing slash, punycodes', () => {
    expect(canonicalDappOrigin('HTTPS://App.Example/')).toBe('https://app.example')
    expect(canonicalDappOrigin('https://app.example:443')).toBe('https://app.example')
    expect(canonicalDappOrigin('http://app.example:80/')).toBe('http://app.example')
    expect(canonicalDappOrigin('https://bücher.example')).toBe('https://xn--bcher-kva.example')
  })

  test('a host the URL parser refuses is refused, in any case (an invalid punycode label)', () => {
    expect(() => canonicalDappOrigin('http://xn--a.0.example')).toThrow(
      refusal(
        `"origin" expected ${DAPP_ORIGIN_EXPECTED}, got "http://xn--a.0.example" (host is not a valid URL host)`,
      ),
    )
    expect(() => canonicalDappOrigin('http://XN--a.0.example')).toThrow(
      refusal(
        `"origin" expected ${DAPP_ORIGIN_EXPECTED}, got "http://XN--a.0.example" (host or port)`,
      ),
    )
  })

  test('property: what canonicalDappOrigin returns passes the wire check and is a fixed point; what it refuses, URL refuses', () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?$/)
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https', 'HTTPS'),
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }),
        fc.boolean(),
        (scheme, labels, port, slash) => {
          const input = `${scheme}://${labels.join('.')}.example${port === undefined ? '' : `:${port}`}${slash ? '/' : ''}`
          let out: string
          try {
            out = canonicalDappOrigin(input)
          } catch (error) {
            // Random labels can be invalid punycode ("xn--a"): no browser has such an origin.
            expect(error).toMatchObject({ name: 'CosignerFrameError', code: 'Malformed' })
            expect(() => new URL(input)).toThrow()
            return
          }
          expect(dappOriginProblem(out)).toBeUndefined()
          expect(canonicalDappOrigin(out)).toBe(out)
        },
      ),
    )
  })

  test('hostile, malformed and oversized origins are refused naming what is wrong', () => {
    const cases: [unknown, string][] = [
      [42, 'got number'],
      [
        'https://app\u200b.example',
        'got a control, invisible or bidirectional character (U+200B) at index 11',
      ],
      [
        'https://app.example\u202e',
        'got a control, invisible or bidirectional character (U+202E) at index 19',
      ],
      [
        'https://app.example\n',
        'got a control, invisible or bidirectional character (U+000A) at index 19',
      ],
      [
        'https://app.ex\ufeffample',
        'got a control, invisible or bidirectional character (U+FEFF) at index 14',
      ],
      [
        'https://bücher.example',
        'got the non-ASCII character U+00FC at index 9 (write an international host name in punycode, xn--)',
      ],
      ['https://App.example', 'got "https://App.example" (host or port)'],
      ['https://app.example:443', 'got "https://app.example:443" (default port)'],
      ['https://app.example/', 'got "https://app.example/" (path, query or fragment)'],
      ['https://user@app.example', 'got "https://user@app.example" (credentials)'],
      ['ftp://app.example', 'got "ftp://app.example" (scheme)'],
      ['javascript:alert(1)', 'got "javascript:alert(1)" (scheme)'],
      ['https://', 'got "https://" (host or port)'],
    ]
    for (const [value, why] of cases) {
      expect(() => checkDappOrigin(value, 'request.origin'), String(value)).toThrow(
        refusal(`"request.origin" expected ${DAPP_ORIGIN_EXPECTED}, ${why}`),
      )
    }
    const long = `https://${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.example`
    expect(() => checkDappOrigin(long)).toThrow(
      refusal(
        `"origin" expected ${DAPP_ORIGIN_EXPECTED} of at most ${DAPP_ORIGIN_MAX_BYTES} bytes, got ${long.length}`,
      ),
    )
    // Canonicalising never strips a hostile character: it is refused the same way.
    expect(() => canonicalDappOrigin('https://app\u200b.example')).toThrow(
      refusal(
        `"origin" expected ${DAPP_ORIGIN_EXPECTED}, got a control, invisible or bidirectional character (U+200B) at index 11`,
      ),
    )
    expect(() => canonicalDappOrigin('https://app.example/path')).toThrow(
      refusal(
        `"origin" expected ${DAPP_ORIGIN_EXPECTED}, got "https://app.example/path" (path, query or fragment)`,
      ),
    )
  })

  test('on the wire: encoded and decoded with the request; a hostile origin is refused by the decoder', () => {
    const round1 = {
      variant: 'online',
      keyId: 'k',
      epoch: 0,
      path: 'm',
      request: { method: 'personal_sign', payload: '0x00', origin: 'https://abcd.example' },
      digest: new Uint8Array(32),
      nonce: new Uint8Array(32),
    } as const
    const bytes = encodeCosignerRequest('dkls23-sign', 1, round1)
    expect(decodeCosignerRequest('dkls23-sign', 1, bytes)).toEqual(round1)
    // The same number of bytes with a zero-width space in the host.
    const text = new TextEncoder()
    const at = Buffer.from(bytes).indexOf(Buffer.from('abcd.example'))
    const hostile = Uint8Array.from(bytes)
    hostile.set(text.encode('a\u200b.example'), at)
    expect(() => decodeCosignerRequest('dkls23-sign', 1, hostile)).toThrow(
      refusal(
        `dkls23-sign round 1 request: "request.origin" expected ${DAPP_ORIGIN_EXPECTED}, got a control, invisible or bidirectional character (U+200B) at index 9`,
      ),
    )
    expect(() =>
      encodeCosignerRequest('dkls23-sign', 1, {
        ...round1,
        request: { ...round1.request, origin: 'https://App.example' },
      }),
    ).toThrow(
      refusal(
        `dkls23-sign round 1 request: "request.origin" expected ${DAPP_ORIGIN_EXPECTED}, got "https://App.example" (host or port)`,
      ),
    )
  })
})
