/**
 * Byte helpers used at every boundary of the package. Inputs are checked here, once, with the
 * errors noble uses: TypeError for a wrong type, RangeError for a wrong length.
 */

/** Asserts `value` is a Uint8Array (of `length` bytes when given) and returns it. */
export function checkBytes(value: unknown, title: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(
      `"${title}" expected Uint8Array, got ${value === null ? 'null' : typeof value}`,
    )
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(
      `"${title}" expected Uint8Array of length ${length}, got length=${value.length}`,
    )
  }
  return value
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Overwrites secret bytes (best effort: copies made by dependencies cannot be reached). */
export function wipe(bytes: Uint8Array | undefined): void {
  bytes?.fill(0)
}

export const EMPTY = new Uint8Array(0)
