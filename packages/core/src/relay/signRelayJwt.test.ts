import { ed25519 } from '@noble/curves/ed25519.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
// An independent implementation (the relay's own verifier) serves as the oracle.
import { verifyRelayJwt } from '../../../../relay/src/auth/verifyJwt.ts'
import { didKeyFromPublicKey } from './didKey.ts'
import { signRelayJwt } from './signRelayJwt.ts'

const seed = hexToBytes('58e0254c211b858ef7896b00e3f36beeb13d568d47c6031c4218b87718061295')
const subject = new Uint8Array(32).fill(7)
const aud = 'ws://127.0.0.1:8787'

function decode(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
}

describe('relay auth JWT (RELAY.md "Connection and auth")', () => {
  test('did:key of the all-zero key starts with the ed25519 multibase prefix z6Mk', () => {
    expect(didKeyFromPublicKey(new Uint8Array(32))).toBe(
      'did:key:z6MkeTG3bFFSLYVU7VqhgZxqr6YzpaGrQtFMh1uvqGy1vDnP',
    )
  })

  test('header, payload and signature are what the relay expects', () => {
    const token = signRelayJwt({ seed, aud, iat: 1_700_000_000, subject })
    const [header, payload, signature] = token.split('.') as [string, string, string]
    expect(decode(header)).toEqual({ alg: 'EdDSA', typ: 'JWT' })
    const publicKey = ed25519.getPublicKey(seed)
    expect(decode(payload)).toEqual({
      iss: didKeyFromPublicKey(publicKey),
      sub: '07'.repeat(32),
      aud,
      iat: 1_700_000_000,
      exp: 1_700_086_400,
    })
    const signed = new TextEncoder().encode(`${header}.${payload}`)
    expect(ed25519.verify(Buffer.from(signature, 'base64url'), signed, publicKey)).toBe(true)
  })

  test("the relay's verifier accepts it and derives the same client id", () => {
    const token = signRelayJwt({ seed, aud, iat: 1_700_000_000, subject })
    const result = verifyRelayJwt(token, { audiences: [aud], nowSec: 1_700_000_010, skewSec: 60 })
    expect(result).toEqual({ ok: true, clientId: didKeyFromPublicKey(ed25519.getPublicKey(seed)) })
    expect(
      verifyRelayJwt(token, { audiences: [`${aud}/`], nowSec: 1_700_000_010, skewSec: 60 }),
    ).toEqual({ ok: false, reason: 'bad_aud' })
  })

  test('refuses a seed of the wrong length', () => {
    expect(() => signRelayJwt({ seed: new Uint8Array(31), aud, iat: 1, subject })).toThrow(
      new RangeError('"seed" expected Uint8Array of length 32'),
    )
  })
})
