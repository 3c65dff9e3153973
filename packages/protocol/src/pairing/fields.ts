/**
 * The rule of each pairing-URI field, shared by `buildPairingUri` and `parsePairingUri` so a URI
 * this code builds is always one it accepts. Each check throws `PairingUriError` with the field's
 * reason, or returns the value. Must never normalise a value: the relay URL in particular must
 * stay byte for byte what the dapp configured (docs/RELAY.md#6-exact-audience: the JWT `aud` is
 * compared exactly).
 */
import { base64ToBytes, bytesToBase64 } from '../encoding/base64.ts'
import { isTopic } from '../relay/topic.ts'
import { PAIRING_NAME_MAX_LENGTH } from './constants.ts'
import { parseAuthority } from './host.ts'
import { PairingUriError } from './PairingUriError.ts'

const KEY_BYTES = 32
/** RFC 3986 path-abempty and query characters (pchar, "/" and "?"), percent escapes separate. */
const PATH_AND_QUERY =
  /^(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)?(?:\?[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?$/
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/

export function checkTopic(topic: unknown): string {
  if (isTopic(topic)) return topic
  throw new PairingUriError(
    'BadTopic',
    'The pairing topic must be 64 lowercase hex characters (32 bytes).',
  )
}

export function checkRelay(relay: unknown): string {
  const fail = (sentence: string) => new PairingUriError('BadRelay', sentence, 'relay')
  if (typeof relay !== 'string') throw fail('The relay URL must be a string.')
  const scheme = relay.startsWith('wss://') ? 'wss' : relay.startsWith('ws://') ? 'ws' : undefined
  if (scheme === undefined) {
    throw fail('The relay URL must start with wss:// (or ws:// for a loopback host).')
  }
  const rest = relay.slice(scheme.length + 3)
  if (rest.includes('#')) throw fail('The relay URL must not have a fragment.')
  const end = rest.search(/[/?]/)
  const authorityText = end < 0 ? rest : rest.slice(0, end)
  if (authorityText.includes('@')) throw fail('The relay URL must not carry credentials.')
  const authority = parseAuthority(authorityText)
  if (authority === undefined) {
    throw fail(
      'The relay URL host must be a lowercase host name, IPv4 or [IPv6] address, with an optional port from 1 to 65535.',
    )
  }
  if (scheme === 'ws' && !authority.loopback) {
    throw fail(
      'The relay URL may use ws:// only for a loopback host (localhost, 127.0.0.0/8, [::1]); use wss://.',
    )
  }
  const pathAndQuery = end < 0 ? '' : rest.slice(end)
  if (!PATH_AND_QUERY.test(pathAndQuery) || BAD_PERCENT.test(pathAndQuery)) {
    throw fail('The relay URL path or query has characters outside RFC 3986.')
  }
  return relay
}

/** Encodes a key for the URI (RFC 4648 §5 base64url, no padding: 43 characters). */
export function encodeKey(key: unknown): string {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
    throw new PairingUriError('BadKey', 'The dapp key must be a 32-byte Uint8Array.', 'key')
  }
  checkNonZero(key)
  return bytesToBase64(key, 'url')
}

export function decodeKey(text: string): Uint8Array {
  const key = base64ToBytes(text, 'url')
  if (key === undefined || key.length !== KEY_BYTES) {
    throw new PairingUriError(
      'BadKey',
      'The dapp key must be 32 bytes in unpadded base64url (43 characters).',
      'key',
    )
  }
  return checkNonZero(key)
}

/** An all-zero X25519 key gives an all-zero shared secret (RFC 7748 §6.1): never a real key. */
function checkNonZero(key: Uint8Array): Uint8Array {
  if (key.every((byte) => byte === 0)) {
    throw new PairingUriError('BadKey', 'The dapp key must not be all zeros.', 'key')
  }
  return key
}

export function checkExp(exp: unknown): number {
  if (typeof exp === 'number' && Number.isSafeInteger(exp) && exp > 0) return exp
  throw new PairingUriError(
    'BadExp',
    'The expiry must be a positive whole number of Unix seconds.',
    'exp',
  )
}

export function decodeExp(text: string): number {
  // Canonical decimal only: no sign, no leading zeros, no exponent, at most 16 digits.
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return checkExp(Number.NaN)
  return checkExp(Number(text))
}

export function checkName(name: unknown): string {
  const fail = (sentence: string) => new PairingUriError('BadName', sentence, 'name')
  if (typeof name !== 'string') throw fail('The dapp name must be a string.')
  let length = 0
  for (let i = 0; i < name.length; i++) {
    const code = name.codePointAt(i) as number
    if (code > 0xffff) i++
    length++
    if (isForbidden(code)) {
      throw fail(
        'The dapp name must not contain control, line-break, bidirectional or unpaired surrogate characters.',
      )
    }
  }
  if (name.trim() === '') throw fail('The dapp name must not be empty or only spaces.')
  if (length > PAIRING_NAME_MAX_LENGTH) {
    throw fail(`The dapp name may be at most ${PAIRING_NAME_MAX_LENGTH} characters.`)
  }
  return name
}

/**
 * Characters that could disguise a name on the approval screen: C0/C1 controls and DEL, line
 * and paragraph separators, bidirectional marks, embeddings, overrides and isolates (the
 * "Trojan Source" set, CVE-2021-42574), and unpaired surrogates (not Unicode text at all).
 */
function isForbidden(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    (code >= 0xd800 && code <= 0xdfff)
  )
}

export type OriginPolicy = 'dapp' | 'signer'

/**
 * A serialised web origin, exactly as `location.origin` writes it: `http(s)://host[:port]`, no
 * path, no trailing slash, no default port, no credentials. The dapp origin may be plain http
 * (the signer shows it; judging it is the approval screen's job); a signer origin must be https
 * unless it is a loopback host (local demos and tests).
 */
export function checkOrigin(origin: unknown, policy: OriginPolicy): string {
  const code = policy === 'dapp' ? 'BadOrigin' : 'BadUniversalLink'
  const who = policy === 'dapp' ? 'The dapp origin' : 'The signer origin'
  const parameter = policy === 'dapp' ? 'origin' : undefined
  const fail = (sentence: string) => new PairingUriError(code, `${who} ${sentence}`, parameter)
  if (typeof origin !== 'string') throw fail('must be a string.')
  const scheme = origin.startsWith('https://')
    ? 'https'
    : origin.startsWith('http://')
      ? 'http'
      : undefined
  if (scheme === undefined) throw fail('must start with https:// or http://.')
  const rest = origin.slice(scheme.length + 3)
  if (/[/?#]/.test(rest)) throw fail('must not have a path, query or fragment (not even "/").')
  if (rest.includes('@')) throw fail('must not carry credentials.')
  const authority = parseAuthority(rest)
  if (authority === undefined) {
    throw fail(
      'host must be a lowercase host name, IPv4 or [IPv6] address, with an optional port from 1 to 65535.',
    )
  }
  if (authority.port === (scheme === 'https' ? 443 : 80)) {
    throw fail('must not spell out the default port.')
  }
  if (policy === 'signer' && scheme === 'http' && !authority.loopback) {
    throw fail('must be https:// (http:// only for a loopback host).')
  }
  return origin
}
