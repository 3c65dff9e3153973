/**
 * `BaseError`: the one error shape of every Tessera SDK surface (docs/STYLE.md#8-two-error-layers).
 * A short human sentence (`shortMessage`), optional `details`, `metaMessages` and a pointer into the
 * design documents, the `cause` chain, and `walk()` to search that chain. Subclasses set a stable
 * string `name` (minifiers rename classes, so never rely on `constructor.name`).
 * Must never read globals, clocks or the environment, and never put a stack into a message.
 */
import { version } from '../version.ts'

export type BaseErrorParameters = {
  /** The error that led to this one; kept on `cause`, searched by `walk()`. */
  cause?: unknown
  /** One line for developers; defaults to the cause's details or message. */
  details?: string
  /** Section of the design documents that explains the rule, e.g. `docs/SESSION.md#pairing-uri`. */
  docsPath?: string
  /** Extra lines printed between the short message and the details. */
  metaMessages?: readonly string[]
}

/** Cause chains longer than this are treated as cyclic or hostile and not followed further. */
const MAX_CAUSE_DEPTH = 32

export class BaseError extends Error {
  override name = 'BaseError'
  readonly shortMessage: string
  readonly details: string
  readonly docsPath: string | undefined
  readonly metaMessages: readonly string[] | undefined
  readonly version: string = `@tessera/protocol@${version}`

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details = parameters.details ?? detailsOf(parameters.cause)
    const lines = [shortMessage]
    if (parameters.metaMessages !== undefined && parameters.metaMessages.length > 0) {
      lines.push('', ...parameters.metaMessages)
    }
    if (parameters.docsPath !== undefined || details !== '') lines.push('')
    if (parameters.docsPath !== undefined) lines.push(`Docs: ${parameters.docsPath}`)
    if (details !== '') lines.push(`Details: ${details}`)
    lines.push(`Version: @tessera/protocol@${version}`)
    super(
      lines.join('\n'),
      parameters.cause === undefined ? undefined : { cause: parameters.cause },
    )
    this.shortMessage = shortMessage
    this.details = details
    this.docsPath = parameters.docsPath
    this.metaMessages = parameters.metaMessages
  }

  /**
   * Without `fn`: the deepest error of the cause chain (this error when it has no cause).
   * With `fn`: the first error of the chain, starting with this one, for which `fn` is true, or
   * `null`. Cycles and chains deeper than 32 are cut off rather than followed forever.
   */
  walk(fn?: (error: unknown) => boolean): unknown {
    let current: unknown = this
    const seen = new Set<unknown>([current])
    for (let visited = 1; ; visited++) {
      if (fn?.(current)) return current
      const next = causeOf(current)
      if (next === undefined || seen.has(next) || visited === MAX_CAUSE_DEPTH) break
      seen.add(next)
      current = next
    }
    return fn === undefined ? current : null
  }
}

function causeOf(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || !('cause' in error)) return undefined
  return error.cause
}

function detailsOf(cause: unknown): string {
  if (cause instanceof BaseError) return cause.details
  if (cause instanceof Error) return cause.message
  return ''
}
