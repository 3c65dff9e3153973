/**
 * Structured JSON logs, one object per line on stdout. Callers pass an event name and fields;
 * by convention fields hold counts, codes, topics' first 8 characters at most and client ids —
 * never message contents, JWTs or link targets' query strings.
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

export function createLogger(
  level: LogLevel | 'silent',
  base: Record<string, unknown>,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const make =
    (l: LogLevel) =>
    (event: string, fields: Record<string, unknown> = {}): void => {
      if (RANK[l] < RANK[level]) return
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level: l, event, ...base, ...fields })}\n`,
      )
    }
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') }
}

/** The loggable form of a topic: a prefix is enough to correlate, the whole is not needed. */
export const topicRef = (topic: string): string => topic.slice(0, 8)
