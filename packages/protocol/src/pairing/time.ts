/**
 * The check of a caller-supplied `now` (Unix seconds). A wrong `now` is a bug of the caller, not
 * a bad URI, so it is a RangeError (docs/STYLE.md#7-validation-on-entry), never a
 * `PairingUriError`.
 */
export function checkNow(now: unknown): asserts now is number {
  if (typeof now !== 'number' || !Number.isSafeInteger(now) || now < 0) {
    throw new RangeError(
      `"now" expected a non-negative safe integer of Unix seconds, got ${String(now)}`,
    )
  }
}
