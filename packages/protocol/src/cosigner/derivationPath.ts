/**
 * The derivation path a signing run signs at (docs/THRESHOLD.md#non-hardened-derivation): the
 * text `m` or `m/n/…/n` with each n a decimal index below 2³¹ (non-hardened: a threshold key has
 * no whole private key to derive hardened children from), at most `maxPathDepth` steps and no
 * leading zeros, so one path has one spelling and the co-signer audits exactly what was signed.
 */

import { CosignerFrameError } from './CosignerFrameError.ts'
import { type Codec, text } from './codecs.ts'
import { COSIGNER_CHANNEL_RULES as RULES } from './rules.ts'

const STEP = /^(0|[1-9][0-9]{0,9})$/
const HARDENED = 0x8000_0000

export const PATH_EXPECTED = `a non-hardened path "m/n/…" (each n < 2^31, no leading zeros, at most ${RULES.maxPathDepth} steps)`

/** The path as a refusal quotes it (only a refusal builds it). */
const quoted = (path: string) => JSON.stringify(path.slice(0, 80))

/** Why `path` is not a wire path, or undefined when it is one. */
export function derivationPathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return `${PATH_EXPECTED}, got ${typeof path}`
  const [root, ...steps] = path.split('/')
  if (root !== 'm') return `${PATH_EXPECTED}, got ${quoted(path)} (must start with "m")`
  if (steps.length > RULES.maxPathDepth)
    return `${PATH_EXPECTED}, got ${steps.length} steps in ${quoted(path)}`
  for (const step of steps) {
    if (/^[0-9]+['hH]$/.test(step))
      return `${PATH_EXPECTED}, got the hardened step "${step}" in ${quoted(path)}`
    if (!STEP.test(step) || Number(step) >= HARDENED)
      return `${PATH_EXPECTED}, got the step "${step.slice(0, 16)}" in ${quoted(path)}`
  }
  return undefined
}

/** Throws CosignerFrameError `Malformed` naming the field unless `path` is a wire path. */
export function checkDerivationPath(path: unknown, field = 'path'): string {
  const problem = derivationPathProblem(path)
  if (problem !== undefined)
    throw new CosignerFrameError('Malformed', `"${field}" expected ${problem}`)
  return path as string
}

const MAX_PATH_BYTES = 1 + RULES.maxPathDepth * 11
const raw = text(MAX_PATH_BYTES)

/** The wire codec: UTF-8 text, checked on write and on read. */
export const derivationPath: Codec<string> = {
  expected: PATH_EXPECTED,
  write(w, v, path) {
    const problem = derivationPathProblem(v)
    if (problem !== undefined)
      throw new CosignerFrameError('Malformed', `"${path}" expected ${problem}`)
    raw.write(w, v, path)
  },
  read(r, path) {
    const v = raw.read(r, path)
    const problem = derivationPathProblem(v)
    if (problem !== undefined)
      throw new CosignerFrameError('Malformed', `"${path}" expected ${problem}`)
    return v
  },
}
