/**
 * Parses a Noise protocol name, `Noise_<pattern>_<dh>_<cipher>_<hash>` (rev. 34 §8), into the
 * pattern and the functions it selects. The name is the only way to choose a suite.
 */
import type { CipherFunction } from './ciphers.ts'
import { NoiseError } from './errors.ts'
import { type HandshakePattern, resolvePattern } from './patterns.ts'
import {
  DEFAULT_FUNCTIONS,
  type DhFunction,
  type HashFunction,
  type NoiseFunctions,
} from './primitives.ts'

export interface NoiseProtocol {
  readonly name: string
  readonly pattern: HandshakePattern
  readonly dh: DhFunction
  readonly cipher: CipherFunction
  readonly hash: HashFunction
}

export function parseProtocolName(
  name: string,
  functions: NoiseFunctions = DEFAULT_FUNCTIONS,
): NoiseProtocol {
  const parts = name.split('_')
  if (parts.length !== 5 || parts[0] !== 'Noise') {
    throw new NoiseError(
      'UnsupportedProtocol',
      `invalid protocol name "${name}": expected Noise_<pattern>_<dh>_<cipher>_<hash>`,
    )
  }
  const [, patternName = '', dhName = '', cipherName = '', hashName = ''] = parts
  const dh = functions.dh[dhName]
  const cipher = functions.cipher[cipherName]
  const hash = functions.hash[hashName]
  if (dh === undefined)
    throw new NoiseError('UnsupportedProtocol', `unsupported DH function "${dhName}"`)
  if (cipher === undefined) {
    throw new NoiseError('UnsupportedProtocol', `unsupported cipher "${cipherName}"`)
  }
  if (hash === undefined)
    throw new NoiseError('UnsupportedProtocol', `unsupported hash "${hashName}"`)
  return { name, pattern: resolvePattern(patternName), dh, cipher, hash }
}
