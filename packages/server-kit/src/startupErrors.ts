/**
 * Start-up failures as one line an operator can act on: which dependency, where (host:port,
 * never the URL's credentials), and what to do. `redisFailure`/`postgresFailure` turn a driver's
 * error into a ConfigError; `startupLine` words any error; `startOrExit` runs a server's start
 * and, on failure, writes a `fatal` log line and exits with code 2.
 */
import { ConfigError } from './ConfigError.ts'
import type { Logger } from './log.ts'

/** `host:port` of a URL, without user, password, path or query. */
export function hostPort(url: string, defaultPort: number): string {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname || 'localhost'}:${parsed.port || defaultPort}`
  } catch {
    return '(unparsable URL)'
  }
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string') return code
  // Node's AggregateError (several addresses of one name) holds the real ones.
  const inner = (error as { errors?: unknown[] } | null)?.errors?.[0]
  return inner === undefined ? undefined : codeOf(inner)
}

const NETWORK = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
])

/** The ConfigError for a failed Redis connection at `url`. */
export function redisFailure(url: string, error: unknown): ConfigError {
  const code = codeOf(error) ?? (error as Error)?.message ?? 'no answer'
  return new ConfigError(
    'RedisUnreachable',
    `Redis unreachable at ${hostPort(url, 6379)} (${code}): start it or fix the Redis URL`,
    { cause: error },
  )
}

/** The ConfigError for a failed PostgreSQL start-up at `url`, or undefined when it is not one. */
export function postgresFailure(
  url: string,
  error: unknown,
  schema?: string,
): ConfigError | undefined {
  const code = codeOf(error)
  const where = hostPort(url, 5432)
  let database = ''
  try {
    database = decodeURIComponent(new URL(url).pathname.slice(1))
  } catch {}
  if (code === '3D000')
    return new ConfigError(
      'DatabaseMissing',
      `PostgreSQL at ${where} has no database "${database}": run CREATE DATABASE "${database}"`,
      { cause: error },
    )
  if (code === '3F000')
    return new ConfigError(
      'SchemaMissing',
      `PostgreSQL database "${database}" has no schema "${schema ?? ''}": run CREATE SCHEMA "${schema ?? ''}"`,
      { cause: error },
    )
  if (code === '28P01' || code === '28000')
    return new ConfigError(
      'PostgresUnreachable',
      `PostgreSQL at ${where} refused the login (${code}): check the user and PGPASSWORD`,
      { cause: error },
    )
  if (code !== undefined && NETWORK.has(code))
    return new ConfigError(
      'PostgresUnreachable',
      `PostgreSQL unreachable at ${where} (${code}): start it or fix the database URL`,
      { cause: error },
    )
  return undefined
}

/** One line for any start-up error. */
export function startupLine(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] as string
  return String(error)
}

/**
 * Runs `start`; on a failure writes a `fatal` line (`event: "start_failed"`, the ConfigError's
 * `errorCode` when there is one) and exits with code 2.
 */
export async function startOrExit<T>(
  start: () => Promise<T>,
  log: Pick<Logger, 'fatal'>,
  exit: (code: number) => never = (code) => process.exit(code),
): Promise<T> {
  try {
    return await start()
  } catch (error) {
    log.fatal('start_failed', {
      ...(error instanceof ConfigError ? { errorCode: error.code } : {}),
      error: startupLine(error),
    })
    return exit(2)
  }
}
