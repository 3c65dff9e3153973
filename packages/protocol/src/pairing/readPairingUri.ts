/**
 * Reads every field of a pairing URI and checks each rule that does not depend on the time
 * (the time rules are `parsePairingUri`'s). Shared by `parsePairingUri` and the universal-link
 * functions, which check a URI's form without knowing the time.
 *
 * Grammar (docs/SESSION.md#pairing-uri):
 *   tessera:<64 lowercase hex>@<version>?relay=…&key=…&exp=…&name=…&origin=…
 * - Values are percent-encoded UTF-8 (RFC 3986, as `encodeURIComponent` writes them); `+` is a
 *   literal plus, not a space. Parameter names are compared as written, undecoded.
 * - Unknown parameters are ignored, so a later minor revision can add optional ones without
 *   breaking older signers; anything that changes meaning must bump the version instead.
 *   Each known parameter must appear exactly once.
 * - The version is checked before the topic: another version may define another topic form.
 * Must never read the clock.
 */
import { PAIRING_URI_MAX_LENGTH, PAIRING_URI_SCHEME, PAIRING_URI_VERSION } from './constants.ts'
import { checkName, checkOrigin, checkRelay, checkTopic, decodeExp, decodeKey } from './fields.ts'
import { type PairingParameter, PairingUriError } from './PairingUriError.ts'
import type { PairingUri } from './types.ts'

const PARAMETERS: readonly PairingParameter[] = ['relay', 'key', 'exp', 'name', 'origin']
/** RFC 3986 characters except "#" (a pairing URI has no fragment) and "[" "]". */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?@!$&'()*+,;=%]*$/
const VERSION = /^(?:0|[1-9][0-9]{0,8})$/

export function readPairingUri(uri: unknown): PairingUri {
  if (typeof uri !== 'string')
    throw new PairingUriError('NotString', 'The pairing URI must be a string.')
  if (uri.length > PAIRING_URI_MAX_LENGTH) {
    throw new PairingUriError(
      'TooLong',
      `The pairing URI is ${uri.length} characters long; at most ${PAIRING_URI_MAX_LENGTH} are allowed.`,
    )
  }
  if (!URI_CHARACTERS.test(uri)) {
    throw new PairingUriError(
      'BadCharacter',
      'The pairing URI has characters a URI cannot contain (spaces, non-ASCII, "#"); was it decoded on the way?',
    )
  }
  const prefix = `${PAIRING_URI_SCHEME}:`
  if (!uri.startsWith(prefix)) {
    throw new PairingUriError(
      'BadScheme',
      'This is not a Tessera pairing URI: it must start with "tessera:".',
    )
  }
  const question = uri.indexOf('?')
  const path = uri.slice(prefix.length, question < 0 ? undefined : question)
  const query = question < 0 ? '' : uri.slice(question + 1)
  const at = path.indexOf('@')
  const version = at < 0 ? '' : path.slice(at + 1)
  if (!VERSION.test(version)) {
    throw new PairingUriError(
      'BadVersion',
      'The pairing URI must give its version after the topic, as in "<topic>@1".',
    )
  }
  if (Number(version) !== PAIRING_URI_VERSION) {
    throw new PairingUriError(
      'UnsupportedVersion',
      `Pairing URI version ${version} is not supported; this signer reads version ${PAIRING_URI_VERSION}.`,
    )
  }
  const topic = checkTopic(path.slice(0, at))
  const values = readQuery(query)
  return {
    topic,
    relay: checkRelay(values.relay),
    key: decodeKey(values.key),
    exp: decodeExp(values.exp),
    name: checkName(values.name),
    origin: checkOrigin(values.origin, 'dapp'),
  }
}

function readQuery(query: string): Record<PairingParameter, string> {
  const found = new Map<PairingParameter, string>()
  if (query !== '') {
    for (const piece of query.split('&')) {
      if (piece === '') {
        throw new PairingUriError(
          'BadQuery',
          'The pairing URI has an empty parameter ("&&", or "&" at an end).',
        )
      }
      const equals = piece.indexOf('=')
      const name = equals < 0 ? piece : piece.slice(0, equals)
      if (!isParameter(name)) continue
      if (found.has(name)) {
        throw new PairingUriError(
          'DuplicateParameter',
          `The pairing URI has the parameter "${name}" more than once.`,
          name,
        )
      }
      found.set(name, decode(name, equals < 0 ? '' : piece.slice(equals + 1)))
    }
  }
  const values: Partial<Record<PairingParameter, string>> = {}
  for (const name of PARAMETERS) {
    const value = found.get(name)
    if (value === undefined) {
      throw new PairingUriError(
        'MissingParameter',
        `The pairing URI has no "${name}" parameter.`,
        name,
      )
    }
    values[name] = value
  }
  return values as Record<PairingParameter, string>
}

function isParameter(name: string): name is PairingParameter {
  return (PARAMETERS as readonly string[]).includes(name)
}

function decode(name: PairingParameter, raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    throw new PairingUriError(
      'BadParameterEncoding',
      `The parameter "${name}" is not valid percent-encoded UTF-8.`,
      name,
    )
  }
}
