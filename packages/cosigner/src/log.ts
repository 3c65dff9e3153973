/**
 * The co-signer's logs are the server kit's (pino JSON lines: `time`, `level`, `event`, then
 * fields; secret paths redacted, secret-looking names censored, bytes shown as a length). Fields
 * hold counts, codes, identities and request ids — never tokens, codes, initData, session keys,
 * shares or master keys. `createLogger(level, base, write)` is the short form the tests and the
 * MPC channel's drivers use.
 */
import {
  type LogLevel as KitLevel,
  createLogger as kitLogger,
  type Logger,
} from '@tessera/server-kit'

export type { Logger } from '@tessera/server-kit'
export type LogLevel = Exclude<KitLevel, 'fatal'>

/** Extra paths censored in the co-signer's lines (beyond the kit's secret names). */
const REDACT = ['headers.authorization', 'body.code', 'body.initData', 'body.idToken']

export function createLogger(
  level: LogLevel | 'silent',
  base: Record<string, unknown> = {},
  write?: (line: string) => void,
): Logger {
  return kitLogger({ level, base, redact: REDACT, ...(write === undefined ? {} : { sink: write }) })
}
