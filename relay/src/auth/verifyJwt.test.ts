/**
 * relay-auth JWT verification: a token from the WalletConnect library verifies; each kind of bad
 * token gets its own reason.
 */
import { decodeDidKey, encodeDidKey } from '@tessera/protocol'
import { generateKeyPair, signJWT } from '@walletconnect/relay-auth'
import { describe, expect, it } from 'vitest'
import { newIdentity, signJwt } from '../../test/jwt.ts'
import { verifyRelayJwt } from './verifyJwt.ts'

const AUD = 'ws://127.0.0.1:9000'
const now = () => Math.floor(Date.now() / 1000)
const check = () => ({ audiences: [AUD], nowSec: now(), skewSec: 60 })

describe('relay-auth JWT', () => {
  it('accepts a token made by the WalletConnect relay-auth library', async () => {
    const keyPair = generateKeyPair()
    const token = await signJWT('sub-1', AUD, 86400, keyPair)
    const result = await verifyRelayJwt(token, check())
    expect(result.ok).toBe(true)
    if (result.ok) expect(decodeDidKey(result.clientId)).toEqual(keyPair.publicKey)
  })

  it('accepts our own token and returns the did:key as client id', async () => {
    const id = newIdentity()
    expect(await verifyRelayJwt(signJwt(id, { aud: AUD }), check())).toEqual({
      ok: true,
      clientId: id.did,
    })
  })

  it('rejects each kind of bad token with its reason', async () => {
    const id = newIdentity()
    const other = newIdentity()
    const cases: [string | undefined, string][] = [
      [undefined, 'missing'],
      ['', 'missing'],
      ['a.b', 'malformed'],
      ['!!.!!.!!', 'malformed'],
      [signJwt(id, { aud: AUD, signWith: other.secretKey }), 'bad_signature'],
      [signJwt(id, { aud: AUD, header: { alg: 'HS256', typ: 'JWT' } }), 'bad_alg'],
      [signJwt(id, { aud: AUD, header: { alg: 'EdDSA', typ: 'JWS' } }), 'bad_typ'],
      [signJwt(id, { aud: AUD, iss: 'did:key:z6Mk0OIl' }), 'bad_iss'],
      [signJwt(id, { aud: AUD, iss: 'did:web:example' }), 'bad_iss'],
      [signJwt(id, { aud: AUD, iss: encodeDidKey(new Uint8Array(32)).slice(0, -3) }), 'bad_iss'],
      [signJwt(id, { aud: AUD, iat: now() - 200_000, exp: now() - 10 }), 'expired'],
      [signJwt(id, { aud: AUD, iat: now() + 3600 }), 'iat_in_future'],
      [signJwt(id, { aud: `${AUD}/` }), 'bad_aud'],
      // No iat, a fractional one, or a lifetime past one day: exp in milliseconds, exp = 1e15.
      [signJwt(id, { aud: AUD, iat: null }), 'bad_iat'],
      [signJwt(id, { aud: AUD, iat: now() + 0.5 }), 'bad_iat'],
      [signJwt(id, { aud: AUD, exp: now() * 1000 }), 'lifetime_too_long'],
      [signJwt(id, { aud: AUD, exp: 1e15 }), 'lifetime_too_long'],
      [signJwt(id, { aud: AUD, iat: now() - 10, exp: now() - 10 + 86_401 }), 'lifetime_too_long'],
    ]
    for (const [token, reason] of cases) {
      expect(await verifyRelayJwt(token, check()), String(reason)).toEqual({ ok: false, reason })
    }
  })

  it('rejects a signature over a tampered payload', async () => {
    const id = newIdentity()
    const [h, , s] = signJwt(id, { aud: AUD }).split('.')
    const forged = Buffer.from(JSON.stringify({ iss: id.did, aud: AUD, exp: now() + 99 }))
    const token = `${h}.${forged.toString('base64url')}.${s}`
    expect(await verifyRelayJwt(token, check())).toEqual({ ok: false, reason: 'bad_signature' })
  })
})
