/**
 * Non-hardened derivation paths (docs/THRESHOLD.md#non-hardened-derivation): "m/0/1" or [0, 1],
 * each index < 2^31. Hardened steps ("0'") are refused: they need the full private key, which never
 * exists, so addresses differ from a seed-phrase wallet's m/44'/60'/0'/0/i.
 */
export const HARDENED = 0x80000000

export function parsePath(path: string | readonly number[]): number[] {
  const steps = typeof path === 'string' ? parseString(path) : [...path]
  for (const i of steps) {
    if (!Number.isSafeInteger(i) || i < 0) throw new RangeError(`invalid path index ${String(i)}`)
    if (i >= HARDENED) {
      throw new RangeError(
        `hardened index ${i} cannot be derived from a threshold key (no full private key)`,
      )
    }
  }
  return steps
}

function parseString(path: string): number[] {
  const parts = path.split('/')
  if (parts[0] !== 'm') throw new RangeError('path must start with "m"')
  return parts.slice(1).map((p) => {
    if (/['hH]$/.test(p)) {
      throw new RangeError(
        `hardened step "${p}" cannot be derived from a threshold key (no full private key)`,
      )
    }
    if (!/^\d+$/.test(p)) throw new RangeError(`invalid path step "${p}"`)
    return Number(p)
  })
}
