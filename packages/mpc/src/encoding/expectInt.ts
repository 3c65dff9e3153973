/**
 * `expectInt(value, min, max, title)`: a safe integer in [min, max] (party indices, thresholds,
 * counts), with noble's error shape: `TypeError` for a wrong type, `RangeError` out of range.
 * Must never coerce a string or a bigint into a number.
 */
export function expectInt(value: unknown, min: number, max: number, title: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`"${title}" expected integer, got ${typeof value}`)
  }
  if (value < min || value > max) {
    throw new RangeError(`"${title}" expected integer in [${min}, ${max}], got ${value}`)
  }
  return value
}
