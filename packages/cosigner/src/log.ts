/**
 * Structured JSON logs, one object per line. Callers pass an event name and fields holding
 * counts, codes, identities and request ids — never tokens, codes, initData, session keys,
 * shares or master keys. As a second line of defence, any field whose name suggests a secret is
 * replaced by "[redacted]" before writing.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type Logger = Record<LogLevel, (event: string, fields?: Record<string, unknown>) => void>

const RANK: Record<LogLevel | 'silent', number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
}

const SECRET_FIELD =
  /token|secret|session_?key|share|master|password|initdata|^code$|authcode|private|authorization|cookie/i

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value
  if (value instanceof Uint8Array) return `[${value.length} bytes]`
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_FIELD.test(k) ? '[redacted]' : redact(v, depth + 1),
    ]),
  )
}

export function createLogger(
  level: LogLevel | 'silent',
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const make =
    (l: LogLevel) =>
    (event: string, fields: Record<string, unknown> = {}): void => {
      if (RANK[l] < RANK[level]) return
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level: l, event, ...base, ...(redact(fields) as object) })}\n`,
      )
    }
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') }
}
