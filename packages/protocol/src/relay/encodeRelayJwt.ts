/**
 * The relay-auth JWT as a client builds it (docs/RELAY.md#connection-and-auth): header
 * `{"alg":"EdDSA","typ":"JWT"}`, claims `{iss, sub, aud, iat, exp = iat + 86400}` in that order,
 * compact encoding `base64url(header).base64url(claims).base64url(signature)` without padding.
 * `aud` is the relay URL exactly as configured (docs/RELAY.md#6-exact-audience). Signing is the
 * caller's (the key never comes here): sign the ASCII of `encodeRelayJwtSigningInput`, then
 * `encodeRelayJwt`.
 */
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { bytesToBase64 } from '../encoding/base64.ts'
import { RELAY_JWT_TTL_SECONDS } from './limits.ts'

export const RELAY_JWT_HEADER = Object.freeze({ alg: 'EdDSA', typ: 'JWT' } as const)

export interface RelayJwtClaims {
  /** `did:key:z…`: the client's stable identity. */
  readonly iss: string
  /** Hex of 32 random bytes naming this token, as WalletConnect clients send. */
  readonly sub: string
  readonly aud: string
  /** Unix seconds. */
  readonly iat: number
  readonly exp: number
}

export interface RelayJwtClaimParameters {
  readonly iss: string
  /** The relay URL exactly as configured. */
  readonly aud: string
  /** Unix seconds. */
  readonly iat: number
  /** Random bytes naming this token (`sub`). */
  readonly subject: Uint8Array
}

export function buildRelayJwtClaims({
  iss,
  aud,
  iat,
  subject,
}: RelayJwtClaimParameters): RelayJwtClaims {
  if (!Number.isSafeInteger(iat) || iat < 0) {
    throw new RangeError(`"iat" expected a non-negative integer, got ${String(iat)}`)
  }
  return { iss, sub: bytesToHex(subject), aud, iat, exp: iat + RELAY_JWT_TTL_SECONDS }
}

const part = (value: unknown): string => bytesToBase64(utf8ToBytes(JSON.stringify(value)), 'url')

/** `base64url(header).base64url(claims)`: the ASCII text the Ed25519 signature covers. */
export function encodeRelayJwtSigningInput(claims: RelayJwtClaims): string {
  const { iss, sub, aud, iat, exp } = claims
  return `${part(RELAY_JWT_HEADER)}.${part({ iss, sub, aud, iat, exp })}`
}

/** The compact token: the signing input and the base64url of its 64-byte signature. */
export function encodeRelayJwt(signingInput: string, signature: Uint8Array): string {
  return `${signingInput}.${bytesToBase64(signature, 'url')}`
}
