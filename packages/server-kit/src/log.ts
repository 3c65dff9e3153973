/**
 * Structured JSON logs, one object per line, on `pino`: `log.info('event_name', { fields })`.
 * Every line has `time` (ISO 8601), `level` (its name) and `event`, then the base fields
 * (`service`, `node`), then the caller's fields. Fields hold counts, codes and ids — never tokens,
 * keys, shares or message contents; as a second line of defence `redact` censors the secret
 * paths, any field whose name suggests a secret is replaced, and byte arrays become their length.
 * Writes are synchronous, so a `fatal` line is out before the process exits.
 */
import pino from 'pino'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal'
export type Logger = Record<LogLevel, (event: string, fields?: Record<string, unknown>) => void>

export interface LoggerOptions {
  level: LogLevel | 'silent'
  /** Fields on every line (`service`, `node`). */
  base?: Record<string, unknown>
  /** Extra field paths to censor, in pino's `redact` syntax (`'req.headers.authorization'`). */
  redact?: readonly string[]
  /** Where lines go (default: stdout, synchronously). */
  sink?: (line: string) => void
}

/** Field names censored wherever they appear at the top level or one level down. */
export const SECRET_FIELDS = [
  'token',
  'adminToken',
  'linkToken',
  'botToken',
  'secret',
  'password',
  'authorization',
  'cookie',
  'masterKey',
  'sessionKey',
  'privateKey',
  'share',
  'initData',
  'code',
  'authCode',
  'jwt',
  'auth',
] as const

const SECRET_NAME =
  /token|secret|session_?key|share|master|password|initdata|^code$|authcode|private|authorization|cookie|^jwt$|^auth$/i

/** Deep copy of `value` with secret-looking fields censored and byte arrays as their length. */
function scrub(value: unknown, depth = 0): unknown {
  if (value instanceof Uint8Array) return `[${value.length} bytes]`
  if (depth > 4 || value === null || typeof value !== 'object') return value
  if (value instanceof Error) return { name: value.name, message: value.message }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_NAME.test(k) ? '[redacted]' : scrub(v, depth + 1),
    ]),
  )
}

export function createLogger(options: LoggerOptions): Logger {
  const paths = [...SECRET_FIELDS.flatMap((name) => [name, `*.${name}`]), ...(options.redact ?? [])]
  const destination =
    options.sink === undefined ? pino.destination({ dest: 1, sync: true }) : { write: options.sink }
  const logger = pino(
    {
      level: options.level,
      base: options.base ?? null,
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'message',
      redact: { paths, censor: '[redacted]' },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrub(object) as Record<string, unknown>,
      },
    },
    destination,
  )
  const make =
    (level: LogLevel) =>
    (event: string, fields: Record<string, unknown> = {}): void => {
      logger[level]({ event, ...fields })
    }
  return {
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    fatal: make('fatal'),
  }
}
