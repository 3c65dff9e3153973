/**
 * Handshake patterns of the Noise specification, rev. 34: the 3 one-way patterns (§7.4), the
 * 12 fundamental interactive patterns (§7.5) and the 23 deferred patterns (§18.1), plus the
 * `pskN` modifiers (§9.2). Patterns are data; `handshakeState.ts` interprets them.
 */
import { NoiseError } from './errors.ts'

export type Token = 'e' | 's' | 'ee' | 'es' | 'se' | 'ss' | 'psk'

export interface HandshakePattern {
  readonly name: string
  /** Pre-message keys: what the responder knows of the initiator beforehand (`-> s`). */
  readonly initiatorPreMessage: readonly Token[]
  /** Pre-message keys: what the initiator knows of the responder beforehand (`<- s`). */
  readonly responderPreMessage: readonly Token[]
  /** Message i is sent by the initiator when i is even. */
  readonly messages: readonly (readonly Token[])[]
  /** One-way patterns send every transport message initiator → responder (§7.4). */
  readonly oneWay: boolean
  /** True when any `psk` modifier applies (§9.2 changes how `e` is processed). */
  readonly psk: boolean
  /** How many PSKs the pattern consumes. */
  readonly pskCount: number
}

type Definition = readonly [pre: string, messages: string]

/**
 * Written as in the specification: pre-messages `-> s` / `<- s` separated by `;`,
 * message lines separated by `|`, tokens by `,`.
 */
const DEFINITIONS: Readonly<Record<string, Definition>> = {
  // §7.4 one-way
  N: ['<- s', 'e, es'],
  K: ['-> s; <- s', 'e, es, ss'],
  X: ['<- s', 'e, es, s, ss'],
  // §7.5 fundamental interactive
  NN: ['', 'e | e, ee'],
  NK: ['<- s', 'e, es | e, ee'],
  NX: ['', 'e | e, ee, s, es'],
  XN: ['', 'e | e, ee | s, se'],
  XK: ['<- s', 'e, es | e, ee | s, se'],
  XX: ['', 'e | e, ee, s, es | s, se'],
  KN: ['-> s', 'e | e, ee, se'],
  KK: ['-> s; <- s', 'e, es, ss | e, ee, se'],
  KX: ['-> s', 'e | e, ee, se, s, es'],
  IN: ['', 'e, s | e, ee, se'],
  IK: ['<- s', 'e, es, s, ss | e, ee, se'],
  IX: ['', 'e, s | e, ee, se, s, es'],
  // §18.1 deferred
  NK1: ['<- s', 'e | e, ee, es'],
  NX1: ['', 'e | e, ee, s | es'],
  X1N: ['', 'e | e, ee | s | se'],
  X1K: ['<- s', 'e, es | e, ee | s | se'],
  XK1: ['<- s', 'e | e, ee, es | s, se'],
  X1K1: ['<- s', 'e | e, ee, es | s | se'],
  X1X: ['', 'e | e, ee, s, es | s | se'],
  XX1: ['', 'e | e, ee, s | es, s, se'],
  X1X1: ['', 'e | e, ee, s | es, s | se'],
  K1N: ['-> s', 'e | e, ee | se'],
  K1K: ['-> s; <- s', 'e, es | e, ee | se'],
  KK1: ['-> s; <- s', 'e | e, ee, se, es'],
  K1K1: ['-> s; <- s', 'e | e, ee, es | se'],
  K1X: ['-> s', 'e | e, ee, s, es | se'],
  KX1: ['-> s', 'e | e, ee, se, s | es'],
  K1X1: ['-> s', 'e | e, ee, s | se, es'],
  I1N: ['', 'e, s | e, ee | se'],
  I1K: ['<- s', 'e, es, s | e, ee | se'],
  IK1: ['<- s', 'e, s | e, ee, se, es'],
  I1K1: ['<- s', 'e, s | e, ee, es | se'],
  I1X: ['', 'e, s | e, ee, s, es | se'],
  IX1: ['', 'e, s | e, ee, se, s | es'],
  I1X1: ['', 'e, s | e, ee, s | se, es'],
}

const ONE_WAY = new Set(['N', 'K', 'X'])
const MODIFIERS = /^psk\d+(\+psk\d+)*$/

function tokens(line: string): Token[] {
  return line
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.length > 0) as Token[]
}

function preMessages(pre: string, arrow: '->' | '<-'): Token[] {
  const line = pre
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(arrow))
  return line === undefined ? [] : tokens(line.slice(2))
}

/** Names of every base pattern offered, in specification order. */
export const PATTERN_NAMES: readonly string[] = Object.keys(DEFINITIONS)

/** Resolves a pattern name with its modifiers, e.g. `IK`, `XXpsk3`, `NNpsk0+psk2`. */
export function resolvePattern(fullName: string): HandshakePattern {
  // The longest base name whose remainder is empty or a list of psk modifiers (NK1 before NK).
  const base = PATTERN_NAMES.filter((name) => fullName.startsWith(name))
    .sort((a, b) => b.length - a.length)
    .find((name) => {
      const rest = fullName.slice(name.length)
      return rest === '' || MODIFIERS.test(rest)
    })
  const definition = base === undefined ? undefined : DEFINITIONS[base]
  if (base === undefined || definition === undefined) {
    throw new NoiseError('UnsupportedProtocol', `unsupported handshake pattern "${fullName}"`)
  }
  const [pre, lines] = definition
  const messages = lines.split('|').map(tokens)
  const modifiers = fullName.slice(base.length)
  const pskPositions = modifiers === '' ? [] : modifiers.split('+').map((m) => Number(m.slice(3)))
  for (const position of pskPositions) {
    // §9.2: psk0 goes first in the first message; pskN (N ≥ 1) goes last in message N.
    if (position > messages.length) {
      throw new NoiseError(
        'UnsupportedProtocol',
        `"psk${position}" is beyond the messages of ${base}`,
      )
    }
    if (position === 0) messages[0]?.unshift('psk')
    else messages[position - 1]?.push('psk')
  }
  return {
    name: fullName,
    initiatorPreMessage: preMessages(pre, '->'),
    responderPreMessage: preMessages(pre, '<-'),
    messages,
    oneWay: ONE_WAY.has(base),
    psk: pskPositions.length > 0,
    pskCount: pskPositions.length,
  }
}
