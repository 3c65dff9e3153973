/**
 * Test helper: signs relay-auth JWTs the way WalletConnect clients do
 * (docs/RELAY.md#connection-and-auth), with knobs to break each part for negative tests. Test-only;
 * never used by the server.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { encodeDidKey } from '@tessera/protocol'

export interface TestIdentity {
  secretKey: Uint8Array
  publicKey: Uint8Array
  did: string
}

export function newIdentity(): TestIdentity {
  const secretKey = ed25519.utils.randomSecretKey()
  const publicKey = ed25519.getPublicKey(secretKey)
  return { secretKey, publicKey, did: encodeDidKey(publicKey) }
}

export interface JwtOptions {
  aud: string
  header?: Record<string, unknown>
  iss?: string
  /** `null` leaves `iat` out. */
  iat?: number | null
  exp?: number
  signWith?: Uint8Array
}

const b64u = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

export function signJwt(id: TestIdentity, options: JwtOptions): string {
  const iat = options.iat === undefined ? Math.floor(Date.now() / 1000) : options.iat
  const header = options.header ?? { alg: 'EdDSA', typ: 'JWT' }
  const payload = {
    iss: options.iss ?? id.did,
    sub: 'test',
    aud: options.aud,
    ...(iat === null ? {} : { iat }),
    exp: options.exp ?? Math.floor(iat ?? Date.now() / 1000) + 86400,
  }
  const data = `${b64u(header)}.${b64u(payload)}`
  const sig = ed25519.sign(new TextEncoder().encode(data), options.signWith ?? id.secretKey)
  return `${data}.${Buffer.from(sig).toString('base64url')}`
}
