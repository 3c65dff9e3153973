import { ed25519 } from '@noble/curves/ed25519.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { encodeDidKey } from '@tessera/protocol'
// The relay's own verifier (its Ed25519 check over protocol's token format) serves as the oracle.
import { verifyRelayJwt } from '@tessera/relay/testing'
import { describe, expect, test } from 'vitest'
import { relayIdentityFromSeed } from './relayIdentity.ts'
import { signRelayJwt } from './signRelayJwt.ts'

const seed = hexToBytes('58e0254c211b858ef7896b00e3f36beeb13d568d47c6031c4218b87718061295')
const subject = new Uint8Array(32).fill(7)
const aud = 'ws://127.0.0.1:8787'

function decode(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
}

/** A WebCrypto without Ed25519, as older browsers have: every Ed25519 call is NotSupportedError. */
let refusals = 0
const noEd25519 = new Proxy(crypto.subtle, {
  get(target, name) {
    const value = Reflect.get(target, name, target)
    if (typeof value !== 'function') return value
    return (algorithm: unknown, ...rest: unknown[]) => {
      const named = (a: unknown) => (typeof a === 'string' ? a : (a as { name?: string })?.name)
      if ([algorithm, rest[1]].some((a) => named(a) === 'Ed25519')) {
        refusals++
        return Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'))
      }
      return value.call(target, algorithm, ...rest)
    }
  },
})

const paths = [
  ['WebCrypto Ed25519', {}],
  ['noble fallback (no WebCrypto)', { subtle: null }],
  ['noble fallback (WebCrypto without Ed25519)', { subtle: noEd25519 }],
] as const

describe('relay auth JWT (RELAY.md "Connection and auth")', () => {
  test('the test double really lacks Ed25519 and still does the rest', async () => {
    await expect(noEd25519.generateKey({ name: 'Ed25519' }, false, ['sign'])).rejects.toThrow(
      'Unrecognized name.',
    )
    expect((await noEd25519.digest('SHA-256', new Uint8Array())).byteLength).toBe(32)
  })

  describe.each(paths)('%s', (_, options) => {
    test('header, payload and signature are what the relay expects', async () => {
      const identity = await relayIdentityFromSeed(seed, options)
      const token = await signRelayJwt({ identity, aud, iat: 1_700_000_000, subject })
      const [header, payload, signature] = token.split('.') as [string, string, string]
      expect(decode(header)).toEqual({ alg: 'EdDSA', typ: 'JWT' })
      const publicKey = ed25519.getPublicKey(seed)
      expect(identity.clientId).toBe(encodeDidKey(publicKey))
      expect(decode(payload)).toEqual({
        iss: encodeDidKey(publicKey),
        sub: '07'.repeat(32),
        aud,
        iat: 1_700_000_000,
        exp: 1_700_086_400,
      })
      const signed = new TextEncoder().encode(`${header}.${payload}`)
      const bytes = Buffer.from(signature, 'base64url')
      expect(ed25519.verify(bytes, signed, publicKey)).toBe(true)
      // Ed25519 is deterministic (RFC 8032): every path signs the same bytes.
      expect(bytes).toEqual(Buffer.from(ed25519.sign(signed, seed)))
    })

    test("the relay's verifier accepts it and derives the same client id", async () => {
      const identity = await relayIdentityFromSeed(seed, options)
      const token = await signRelayJwt({ identity, aud, iat: 1_700_000_000, subject })
      const result = await verifyRelayJwt(token, {
        audiences: [aud],
        nowSec: 1_700_000_010,
        skewSec: 60,
      })
      expect(result).toEqual({
        ok: true,
        clientId: encodeDidKey(ed25519.getPublicKey(seed)),
      })
      expect(
        await verifyRelayJwt(token, { audiences: [`${aud}/`], nowSec: 1_700_000_010, skewSec: 60 }),
      ).toEqual({ ok: false, reason: 'bad_aud' })
    })

    test('refuses a seed of the wrong length', async () => {
      await expect(relayIdentityFromSeed(new Uint8Array(31), options)).rejects.toThrow(
        new RangeError('"seed" expected Uint8Array of length 32'),
      )
    })
  })

  test('with a WebCrypto lacking Ed25519, WebCrypto is asked, refuses, and noble signs', async () => {
    const before = refusals
    const identity = await relayIdentityFromSeed(seed, { subtle: noEd25519 })
    expect(refusals).toBeGreaterThan(before)
    const signature = await identity.sign(new Uint8Array([1]))
    expect(signature).toEqual(ed25519.sign(new Uint8Array([1]), seed))
  })

  test('the identity keeps its own copy of the seed', async () => {
    const mine = seed.slice()
    const identity = await relayIdentityFromSeed(mine, { subtle: null })
    mine.fill(0)
    const token = await signRelayJwt({ identity, aud, iat: 1, subject })
    expect(await verifyRelayJwt(token, { audiences: [aud], nowSec: 2, skewSec: 60 })).toMatchObject(
      {
        ok: true,
      },
    )
  })

  test('refuses a negative or fractional iat', async () => {
    const identity = await relayIdentityFromSeed(seed)
    await expect(signRelayJwt({ identity, aud, iat: -1, subject })).rejects.toThrow(
      new RangeError('"iat" expected a non-negative integer, got -1'),
    )
    await expect(signRelayJwt({ identity, aud, iat: 1.5, subject })).rejects.toThrow(RangeError)
  })
})
