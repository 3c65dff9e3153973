/**
 * The relay-auth JWT format (docs/RELAY.md#connection-and-auth): the claims and compact encoding a
 * client builds, and the relay's decoding and rule checks, each rejection with its reason. The
 * Ed25519 signature is the caller's; noble signs here as the client would.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, test } from 'vitest'
import { bytesToBase64 } from '../encoding/base64.ts'
import {
  checkRelayJwtClaims,
  checkRelayJwtHeader,
  decodeRelayJwt,
  readRelayJwtIssuer,
} from './decodeRelayJwt.ts'
import { encodeDidKey } from './didKey.ts'
import {
  buildRelayJwtClaims,
  encodeRelayJwt,
  encodeRelayJwtSigningInput,
} from './encodeRelayJwt.ts'

const aud = 'ws://127.0.0.1:8787'
const seed = new Uint8Array(32).fill(1)
const iss = encodeDidKey(ed25519.getPublicKey(seed))
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

function token(claims = buildRelayJwtClaims({ iss, aud, iat: 1000, subject: new Uint8Array(32) })) {
  const input = encodeRelayJwtSigningInput(claims)
  return encodeRelayJwt(input, ed25519.sign(new TextEncoder().encode(input), seed))
}

describe('building a relay JWT', () => {
  test('claims in order iss, sub, aud, iat, exp = iat + 86400; header EdDSA/JWT', () => {
    const claims = buildRelayJwtClaims({
      iss,
      aud,
      iat: 1_700_000_000,
      subject: new Uint8Array(32).fill(7),
    })
    expect(JSON.stringify(claims)).toBe(
      JSON.stringify({ iss, sub: '07'.repeat(32), aud, iat: 1_700_000_000, exp: 1_700_086_400 }),
    )
    const [header, payload] = encodeRelayJwtSigningInput(claims).split('.')
    expect(header).toBe('eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9')
    expect(payload).toBe(part(claims))
    expect(encodeRelayJwt('a.b', new Uint8Array([0xfb, 0xff]))).toBe(
      `a.b.${bytesToBase64(new Uint8Array([0xfb, 0xff]), 'url')}`,
    )
    expect(encodeRelayJwt('a.b', new Uint8Array([0xfb, 0xff]))).toBe('a.b.-_8')
  })

  test('refuses a negative or fractional iat', () => {
    expect(() => buildRelayJwtClaims({ iss, aud, iat: -1, subject: new Uint8Array(32) })).toThrow(
      new RangeError('"iat" expected a non-negative integer, got -1'),
    )
    expect(() => buildRelayJwtClaims({ iss, aud, iat: 1.5, subject: new Uint8Array(32) })).toThrow(
      RangeError,
    )
  })
})

describe('decoding and checking a relay JWT', () => {
  const check = { audiences: [aud], nowSec: 1010, skewSec: 60 }

  test('a good token passes every step and names its issuer', () => {
    const decoded = decodeRelayJwt(token())
    if (!decoded.ok) throw new Error('expected a decoded token')
    const { header, claims, signature, signingInput } = decoded.jwt
    expect(checkRelayJwtHeader(header)).toBeUndefined()
    const issuer = readRelayJwtIssuer(claims)
    expect(issuer?.iss).toBe(iss)
    expect(issuer?.publicKey).toEqual(ed25519.getPublicKey(seed))
    expect(
      ed25519.verify(signature, new TextEncoder().encode(signingInput), ed25519.getPublicKey(seed)),
    ).toBe(true)
    expect(checkRelayJwtClaims(claims, check)).toBeUndefined()
  })

  test.each([
    [undefined, 'missing'],
    [null, 'missing'],
    ['', 'missing'],
    ['a.b', 'malformed'],
    ['!!.!!.!!', 'malformed'],
    [`${part({ alg: 'EdDSA' })}.${part([1])}.AA`, 'malformed'],
    [`${part({ alg: 'EdDSA' })}.${part({})}.A`, 'malformed'],
    [`${'a'.repeat(4097)}`, 'malformed'],
  ])('decoding %j is refused as %s', (text, reason) => {
    expect(decodeRelayJwt(text)).toEqual({ ok: false, reason })
  })

  test('a signature in non-canonical base64url (non-zero trailing bits) is malformed', () => {
    const good = token()
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(good.at(-1) as string)
    expect(last & 0b1111).toBe(0) // 512 bits in 86 characters: the last 4 bits are padding
    const bad = good.slice(0, -1) + alphabet[last | 1]
    expect(Buffer.from(bad.split('.')[2] as string, 'base64url')).toEqual(
      Buffer.from(good.split('.')[2] as string, 'base64url'),
    )
    expect(decodeRelayJwt(bad)).toEqual({ ok: false, reason: 'malformed' })
  })

  test('header rules', () => {
    expect(checkRelayJwtHeader({ alg: 'HS256', typ: 'JWT' })).toBe('bad_alg')
    expect(checkRelayJwtHeader({ alg: 'EdDSA', typ: 'JWS' })).toBe('bad_typ')
    expect(checkRelayJwtHeader({ alg: 'EdDSA' })).toBeUndefined()
  })

  test('iss must be an Ed25519 did:key', () => {
    expect(readRelayJwtIssuer({ iss: 'did:web:example' })).toBeUndefined()
    expect(readRelayJwtIssuer({ iss: 7 })).toBeUndefined()
    expect(readRelayJwtIssuer({})).toBeUndefined()
  })

  test('claim rules: exp, iat skew, aud byte for byte', () => {
    const claims = { iss, aud, iat: 1000, exp: 1000 + 86_400 }
    expect(checkRelayJwtClaims({ ...claims, exp: 1009 }, check)).toBe('expired')
    expect(checkRelayJwtClaims({ ...claims, exp: '99999' }, check)).toBe('expired')
    expect(checkRelayJwtClaims({ ...claims, iat: 1071 }, check)).toBe('iat_in_future')
    expect(checkRelayJwtClaims({ ...claims, iat: 1070 }, check)).toBeUndefined()
    expect(checkRelayJwtClaims({ ...claims, aud: `${aud}/` }, check)).toBe('bad_aud')
    expect(checkRelayJwtClaims({ ...claims, aud: undefined }, check)).toBe('bad_aud')
  })
})
