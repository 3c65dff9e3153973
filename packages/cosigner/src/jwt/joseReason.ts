/**
 * Turns a `jose` verification failure into a short, stable reason for our error messages
 * (e.g. `"aud" claim mismatch`, `expired`, `algorithm "HS256" not allowed`). Never includes
 * the token or any key.
 */
import { errors } from 'jose'

export function joseReason(error: unknown, alg?: string): string {
  if (error instanceof errors.JWTExpired) return 'expired ("exp" is in the past)'
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'not yet valid ("nbf" is in the future)'
    if (error.claim === 'iat') return '"iat" is in the future'
    if (error.reason === 'missing') return `"${error.claim}" claim missing`
    return `"${error.claim}" claim mismatch`
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return `algorithm "${alg ?? '?'}" not allowed`
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify'
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return 'malformed token'
  }
  if (error instanceof errors.JOSENotSupported) return `algorithm "${alg ?? '?'}" not supported`
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key matches the token’s "kid"'
  return 'verification failed'
}
