import { describe, expect, test } from 'vitest'
import { buildPairingUri } from './buildPairingUri.ts'
import {
  type PairingParameter,
  PairingUriError,
  type PairingUriErrorCode,
} from './PairingUriError.ts'
import { parsePairingUri } from './parsePairingUri.ts'
import type { PairingUri } from './types.ts'

const NOW = 1_767_225_300
const TOPIC = 'ab'.repeat(32)
const KEY = 'AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA'
const valid: PairingUri = {
  topic: TOPIC,
  relay: 'wss://relay.example',
  key: Uint8Array.from({ length: 32 }, (_, i) => i + 1),
  exp: NOW + 300,
  name: 'Demo',
  origin: 'https://app.example',
}
const QUERY = `relay=wss%3A%2F%2Frelay.example&key=${KEY}&exp=${NOW + 300}&name=Demo&origin=https%3A%2F%2Fapp.example`
const URI = `tessera:${TOPIC}@1?${QUERY}`

/** The URI with one parameter's raw (already encoded) value replaced. */
function withParam(name: PairingParameter, raw: string): string {
  return URI.replace(new RegExp(`([?&])${name}=[^&]*`), `$1${name}=${raw}`)
}

function expectPairingError(
  run: () => unknown,
  code: PairingUriErrorCode,
  sentence: string,
  parameter?: PairingParameter,
): void {
  let thrown: unknown
  try {
    run()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(PairingUriError)
  const error = thrown as PairingUriError
  expect(error.name).toBe('PairingUriError')
  expect(error.code).toBe(code)
  expect(error.shortMessage).toBe(sentence)
  expect(error.parameter).toBe(parameter)
  expect(error.docsPath).toBe('docs/errors.md#pairingurierror')
}

const parse =
  (uri: unknown, now = NOW) =>
  () =>
    parsePairingUri(uri as string, { now })

test('the fixture itself is valid', () => {
  expect(parsePairingUri(URI, { now: NOW })).toEqual(valid)
  expect(buildPairingUri(valid)).toBe(URI)
})

describe('the URI as a whole', () => {
  test('NotString', () => {
    expectPairingError(parse(42), 'NotString', 'The pairing URI must be a string.')
  })

  test('too_long: 2,048 characters pass, 2,049 do not', () => {
    const padded = (length: number) => `${URI}&pad=${'x'.repeat(length - URI.length - 5)}`
    expect(parsePairingUri(padded(2048), { now: NOW })).toEqual(valid)
    expectPairingError(
      parse(padded(2049)),
      'TooLong',
      'The pairing URI is 2049 characters long; at most 2048 are allowed.',
    )
  })

  test.each([
    ['a space', URI.replace('name=Demo', 'name=De mo')],
    ['raw unicode', URI.replace('name=Demo', 'name=Dé')],
    ['a fragment', `${URI}#x`],
    ['a newline', `${URI}\n`],
  ])('bad_character: %s', (_label, uri) => {
    expectPairingError(
      parse(uri),
      'BadCharacter',
      'The pairing URI has characters a URI cannot contain (spaces, non-ASCII, "#"); was it decoded on the way?',
    )
  })

  test.each([
    ['wc:', URI.replace('tessera:', 'wc:')],
    ['upper case', URI.replace('tessera:', 'TESSERA:')],
    ['no colon', URI.replace('tessera:', 'tessera')],
    ['empty', ''],
  ])('bad_scheme: %s', (_label, uri) => {
    expectPairingError(
      parse(uri),
      'BadScheme',
      'This is not a Tessera pairing URI: it must start with "tessera:".',
    )
  })

  test.each([
    ['no version', URI.replace('@1?', '?')],
    ['an empty version', URI.replace('@1?', '@?')],
    ['a leading zero', URI.replace('@1?', '@01?')],
    ['letters', URI.replace('@1?', '@v1?')],
    ['no query and no version', `tessera:${TOPIC}`],
  ])('bad_version: %s', (_label, uri) => {
    expectPairingError(
      parse(uri),
      'BadVersion',
      'The pairing URI must give its version after the topic, as in "<topic>@1".',
    )
  })

  test.each(['0', '2', '10'])('unsupported_version: @%s', (version) => {
    expectPairingError(
      parse(URI.replace('@1?', `@${version}?`)),
      'UnsupportedVersion',
      `Pairing URI version ${version} is not supported; this signer reads version 1.`,
    )
  })

  test.each([
    ['63 characters', TOPIC.slice(1)],
    ['65 characters', `${TOPIC}a`],
    ['upper-case hex', TOPIC.toUpperCase()],
    ['non-hex', `${TOPIC.slice(2)}zz`],
    ['empty', ''],
  ])('bad_topic: %s', (_label, topic) => {
    expectPairingError(
      parse(URI.replace(TOPIC, topic)),
      'BadTopic',
      'The pairing topic must be 64 lowercase hex characters (32 bytes).',
    )
  })
})

describe('the query', () => {
  test.each([
    ['"&&"', URI.replace('&key=', '&&key=')],
    ['a trailing "&"', `${URI}&`],
    ['a leading "&"', URI.replace('?relay', '?&relay')],
  ])('bad_query: %s', (_label, uri) => {
    expectPairingError(
      parse(uri),
      'BadQuery',
      'The pairing URI has an empty parameter ("&&", or "&" at an end).',
    )
  })

  test.each(['relay', 'key', 'exp', 'name', 'origin'] as const)('missing_parameter: %s', (name) => {
    const uri = URI.replace(new RegExp(`&?${name}=[^&]*`), '').replace('?&', '?')
    expectPairingError(
      parse(uri),
      'MissingParameter',
      `The pairing URI has no "${name}" parameter.`,
      name,
    )
  })

  test('missing_parameter: no query at all', () => {
    expectPairingError(
      parse(`tessera:${TOPIC}@1`),
      'MissingParameter',
      'The pairing URI has no "relay" parameter.',
      'relay',
    )
  })

  test('missing_parameter: names are compared as written, undecoded', () => {
    expectPairingError(
      parse(URI.replace('name=', 'n%61me=')),
      'MissingParameter',
      'The pairing URI has no "name" parameter.',
      'name',
    )
  })

  test.each(['relay', 'key', 'exp', 'name', 'origin'] as const)(
    'duplicate_parameter: %s',
    (name) => {
      const value = new RegExp(`${name}=[^&]*`).exec(URI)?.[0] as string
      expectPairingError(
        parse(`${URI}&${value}`),
        'DuplicateParameter',
        `The pairing URI has the parameter "${name}" more than once.`,
        name,
      )
    },
  )

  test.each([
    ['a truncated escape', '%E'],
    ['a non-hex escape', '%ZZ'],
    ['invalid UTF-8', '%C3%28'],
    ['an encoded lone surrogate', '%ED%A0%80'],
  ])('bad_parameter_encoding: %s', (_label, raw) => {
    expectPairingError(
      parse(withParam('name', raw)),
      'BadParameterEncoding',
      'The parameter "name" is not valid percent-encoded UTF-8.',
      'name',
    )
  })
})

describe('relay', () => {
  const scheme = 'The relay URL must start with wss:// (or ws:// for a loopback host).'
  const host =
    'The relay URL host must be a lowercase host name, IPv4 or [IPv6] address, with an optional port from 1 to 65535.'
  const ws =
    'The relay URL may use ws:// only for a loopback host (localhost, 127.0.0.0/8, [::1]); use wss://.'
  test.each([
    ['https', 'https://relay.example', scheme],
    ['empty', '', scheme],
    ['upper-case scheme', 'WSS://relay.example', scheme],
    ['no slashes', 'wss:relay.example', scheme],
    ['credentials', 'wss://user:pw@relay.example', 'The relay URL must not carry credentials.'],
    ['a fragment', 'wss://relay.example/#x', 'The relay URL must not have a fragment.'],
    ['no host', 'wss://', host],
    ['upper-case host', 'wss://Relay.example', host],
    ['port 0', 'wss://relay.example:0', host],
    ['IPv4 shorthand', 'wss://127.1', host],
    ['ws to a public host', 'ws://relay.example', ws],
    ['ws to a private IPv4', 'ws://192.168.1.2:8080', ws],
    ['ws to localhost.evil.com', 'ws://localhost.evil.com', ws],
    [
      'a space in the path',
      'wss://relay.example/a b',
      'The relay URL path or query has characters outside RFC 3986.',
    ],
    [
      'a bad escape',
      'wss://relay.example/%zz',
      'The relay URL path or query has characters outside RFC 3986.',
    ],
    [
      'a backslash (WHATWG reads it as "/")',
      'wss://relay.example\\@evil.com/',
      'The relay URL must not carry credentials.',
    ],
  ])('bad_relay: %s', (_label, relay, sentence) => {
    expectPairingError(
      parse(withParam('relay', encodeURIComponent(relay))),
      'BadRelay',
      sentence,
      'relay',
    )
    expectPairingError(() => buildPairingUri({ ...valid, relay }), 'BadRelay', sentence, 'relay')
  })
})

describe('key', () => {
  const form = 'The dapp key must be 32 bytes in unpadded base64url (43 characters).'
  test.each([
    ['31 bytes', Buffer.alloc(31, 1).toString('base64url')],
    ['33 bytes', Buffer.alloc(33, 1).toString('base64url')],
    ['padding', `${KEY}=`],
    ['standard alphabet', Buffer.alloc(32, 0xfb).toString('base64').replace(/=+$/, '')],
    ['non-canonical last character', `${KEY.slice(0, 42)}B`],
    ['empty', ''],
  ])('bad_key: %s', (_label, raw) => {
    expectPairingError(parse(withParam('key', encodeURIComponent(raw))), 'BadKey', form, 'key')
  })

  test('bad_key: all zeros, when parsing and when building', () => {
    const zeros = Buffer.alloc(32).toString('base64url')
    expectPairingError(
      parse(withParam('key', zeros)),
      'BadKey',
      'The dapp key must not be all zeros.',
      'key',
    )
    expectPairingError(
      () => buildPairingUri({ ...valid, key: new Uint8Array(32) }),
      'BadKey',
      'The dapp key must not be all zeros.',
      'key',
    )
  })

  test('bad_key: building with a key of the wrong length or type', () => {
    for (const key of [new Uint8Array(31), 'AQID' as unknown as Uint8Array]) {
      expectPairingError(
        () => buildPairingUri({ ...valid, key }),
        'BadKey',
        'The dapp key must be a 32-byte Uint8Array.',
        'key',
      )
    }
  })
})

describe('exp', () => {
  const sentence = 'The expiry must be a positive whole number of Unix seconds.'
  test.each(['', '0', '-1', '+5', '012', '1e9', '1.5', '0x10', '99999999999999999'])(
    'bad_exp: %o',
    (raw) => {
      expectPairingError(
        parse(withParam('exp', encodeURIComponent(raw))),
        'BadExp',
        sentence,
        'exp',
      )
    },
  )

  test.each([0, -1, 1.5, Number.NaN, 2 ** 53])('bad_exp when building: %o', (exp) => {
    expectPairingError(() => buildPairingUri({ ...valid, exp }), 'BadExp', sentence, 'exp')
  })

  test('expired: at exp and after it', () => {
    expectPairingError(
      parse(URI, NOW + 300),
      'Expired',
      'The pairing URI expired 0 s ago; ask the dapp for a new QR code.',
      'exp',
    )
    expectPairingError(
      parse(URI, NOW + 360),
      'Expired',
      'The pairing URI expired 60 s ago; ask the dapp for a new QR code.',
      'exp',
    )
  })

  test('exp_too_far: a day ahead passes, a day and a second does not', () => {
    expect(parsePairingUri(withParam('exp', String(NOW + 86_400)), { now: NOW }).exp).toBe(
      NOW + 86_400,
    )
    expectPairingError(
      parse(withParam('exp', String(NOW + 86_401))),
      'ExpTooFar',
      'The pairing URI expires more than 86400 s from now; check the device clock or ask for a new QR code.',
      'exp',
    )
  })

  test.each([-1, 1.5, Number.NaN, '1' as unknown as number])(
    'a wrong now is the caller’s bug: RangeError for %o',
    (now) => {
      expect(() => parsePairingUri(URI, { now })).toThrow(
        new RangeError(
          `"now" expected a non-negative safe integer of Unix seconds, got ${String(now)}`,
        ),
      )
    },
  )
})

describe('name', () => {
  const controls =
    'The dapp name must not contain control, line-break, bidirectional or unpaired surrogate characters.'
  test.each([
    ['empty', '', 'The dapp name must not be empty or only spaces.'],
    ['only spaces', '   ', 'The dapp name must not be empty or only spaces.'],
    ['65 characters', 'é'.repeat(65), 'The dapp name may be at most 64 characters.'],
    ['65 astral characters', '😀'.repeat(65), 'The dapp name may be at most 64 characters.'],
    ['NUL', 'a\u0000b', controls],
    ['a tab', 'a\tb', controls],
    ['a newline', 'Bank\nApproved', controls],
    ['DEL', 'a\u007f', controls],
    ['a C1 control', 'a\u0085', controls],
    ['a right-to-left override', 'evil\u202etxt.exe', controls],
    ['a bidi isolate', 'a\u2067b', controls],
    ['a line separator', 'a\u2028b', controls],
  ])('bad_name: %s', (_label, name, sentence) => {
    expectPairingError(
      parse(withParam('name', encodeURIComponent(name))),
      'BadName',
      sentence,
      'name',
    )
    expectPairingError(() => buildPairingUri({ ...valid, name }), 'BadName', sentence, 'name')
  })

  test('64 characters, counted in code points, pass', () => {
    const name = '😀'.repeat(64)
    expect(parsePairingUri(buildPairingUri({ ...valid, name }), { now: NOW }).name).toBe(name)
  })

  test('bad_name: an unpaired surrogate is refused when building (it cannot be percent-encoded)', () => {
    expectPairingError(
      () => buildPairingUri({ ...valid, name: 'a\ud800' }),
      'BadName',
      controls,
      'name',
    )
  })
})

describe('origin', () => {
  const form = (rest: string) => `The dapp origin ${rest}`
  const hostRule =
    'host must be a lowercase host name, IPv4 or [IPv6] address, with an optional port from 1 to 65535.'
  test.each([
    ['empty', '', form('must start with https:// or http://.')],
    ['another scheme', 'ftp://app.example', form('must start with https:// or http://.')],
    [
      'a trailing slash',
      'https://app.example/',
      form('must not have a path, query or fragment (not even "/").'),
    ],
    [
      'a path',
      'https://app.example/app',
      form('must not have a path, query or fragment (not even "/").'),
    ],
    [
      'a query',
      'https://app.example?x',
      form('must not have a path, query or fragment (not even "/").'),
    ],
    ['credentials', 'https://u@app.example', form('must not carry credentials.')],
    [
      'the default https port',
      'https://app.example:443',
      form('must not spell out the default port.'),
    ],
    [
      'the default http port',
      'http://app.example:80',
      form('must not spell out the default port.'),
    ],
    ['upper case', 'https://App.example', form(hostRule)],
    ['no host', 'https://', form(hostRule)],
  ])('bad_origin: %s', (_label, origin, sentence) => {
    expectPairingError(
      parse(withParam('origin', encodeURIComponent(origin))),
      'BadOrigin',
      sentence,
      'origin',
    )
    expectPairingError(() => buildPairingUri({ ...valid, origin }), 'BadOrigin', sentence, 'origin')
  })

  test('plain http and explicit non-default ports are accepted for the dapp', () => {
    for (const origin of [
      'http://app.example',
      'https://app.example:8443',
      'http://localhost:5173',
      'https://[::1]:3000',
    ]) {
      expect(parsePairingUri(buildPairingUri({ ...valid, origin }), { now: NOW }).origin).toBe(
        origin,
      )
    }
  })
})

describe('building', () => {
  test('bad_topic and too_long are refused when building too', () => {
    expectPairingError(
      () => buildPairingUri({ ...valid, topic: 'AB'.repeat(32) }),
      'BadTopic',
      'The pairing topic must be 64 lowercase hex characters (32 bytes).',
    )
    const relay = `wss://relay.example/${'a'.repeat(2000)}`
    expectPairingError(
      () => buildPairingUri({ ...valid, relay }),
      'TooLong',
      // "/" is written as %2F: the URI grows by 3 + 2,000 characters.
      `The pairing URI is ${URI.length + 2003} characters long; at most 2048 are allowed.`,
    )
  })
})
