/**
 * Protocol errors of the threshold engine (docs/THRESHOLD.md#conventions). Every failure carries a
 * code that tells the caller what may happen next, and the culprit's index where it is known:
 * - `Malformed`: the input could not be used; recoverable.
 * - `Abort`: the run is over; retry with a fresh sid.
 * - `Ban`: a check whose failure can leak secret bits failed; the pair's OT state must be deleted
 *   and the pair refuses to sign until a fresh OT setup. Never retried automatically.
 */
export type MpcErrorCode = 'Malformed' | 'Abort' | 'Ban'

export class MpcError extends Error {
  override readonly name = 'MpcError'
  readonly code: MpcErrorCode
  /** Where the codes are described, in the repository. */
  readonly docsPath = 'docs/errors.md#mpcerror'
  /** Index of the party whose message failed the check, when known. */
  readonly culprit: number | undefined
  /** For `Ban`: the pair that must redo its OT setup. */
  readonly pair: readonly [number, number] | undefined

  constructor(
    code: MpcErrorCode,
    message: string,
    options: { culprit?: number; pair?: readonly [number, number]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.culprit = options.culprit
    this.pair = options.pair
  }
}
