/**
 * The only source of randomness (docs/THRESHOLD.md#conventions: crypto.getRandomValues only). Tests
 * may pass a seeded `Rng` through an explicit parameter; there is never a global override.
 */
export type Rng = (length: number) => Uint8Array

export function secureRandom(length: number): Uint8Array {
  const out = new Uint8Array(length)
  // getRandomValues fills at most 65,536 bytes per call.
  for (let at = 0; at < length; at += 65536) {
    crypto.getRandomValues(out.subarray(at, Math.min(length, at + 65536)))
  }
  return out
}

/** Draws `length` bytes from the injected test RNG, or from the platform CSPRNG. */
export function randomBytes(length: number, rng?: Rng): Uint8Array {
  if (rng === undefined) return secureRandom(length)
  const out = rng(length)
  if (!(out instanceof Uint8Array) || out.length !== length) {
    throw new RangeError(`rng expected to return ${length} bytes`)
  }
  return out
}
