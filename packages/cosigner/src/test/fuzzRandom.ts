/**
 * Test utility: a small seeded random source for fuzz tests (sfc32 seeded through splitmix32),
 * so a failing run is replayed exactly from its printed seed. Not for secrets: test inputs only.
 */

export interface Rand {
  readonly seed: number
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  bytes(length: number): Uint8Array
  /** A length that is usually small, sometimes near `max`. */
  size(max: number): number
}

export function seededRand(seed: number): Rand {
  let s = seed >>> 0
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  const int = (n: number) => Math.floor((next() / 0x1_0000_0000) * n)
  return {
    seed,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() / 0x1_0000_0000 < p,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    bytes(length) {
      const out = new Uint8Array(length)
      for (let i = 0; i < length; i++) out[i] = next() & 0xff
      return out
    },
    size(max) {
      const r = int(100)
      if (r < 60) return int(Math.min(max, 16) + 1)
      if (r < 90) return int(Math.min(max, 512) + 1)
      return int(max + 1)
    },
  }
}

/** The seed from `TESSERA_FUZZ_SEED` (decimal or 0x-hex) or the given default. */
export function fuzzSeed(fallback: number): number {
  const text = process.env.TESSERA_FUZZ_SEED
  if (text === undefined || text === '') return fallback
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff)
    throw new Error(`TESSERA_FUZZ_SEED must be an integer in 0..2^32-1, got "${text}"`)
  return n
}
