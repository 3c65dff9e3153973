/**
 * Byte helpers for crypto boundaries (STYLE.md §7): validation with precise messages, framing,
 * constant-time comparison and best-effort wiping. Holds no secrets; must never log its inputs.
 */

/** Throws `TypeError` unless `value` is a Uint8Array, `RangeError` on a wrong length. */
export function expectBytes(value: unknown, length: number | undefined, title: string): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`"${title}" expected Uint8Array, got type=${typeof value}`)
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(
      `"${title}" expected Uint8Array of length ${length}, got length=${value.length}`,
    )
  }
  return value
}

/** Throws `TypeError`/`RangeError` unless `value` is an integer in [min, max]. */
export function expectInt(value: unknown, min: number, max: number, title: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`"${title}" expected integer, got ${typeof value}`)
  }
  if (value < min || value > max) {
    throw new RangeError(`"${title}" expected integer in [${min}, ${max}], got ${value}`)
  }
  return value
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export function u32be(value: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, value)
  return out
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/** Comparison whose time does not depend on where the inputs differ. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

/** Best-effort erasure (THRESHOLD.md "Conventions"); BigInt copies cannot be wiped. */
export function wipe(...arrays: readonly (Uint8Array | undefined)[]): void {
  for (const a of arrays) a?.fill(0)
}

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}
