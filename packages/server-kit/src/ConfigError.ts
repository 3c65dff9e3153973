/**
 * The kit's one error family: a configuration a server cannot start with. Bad options (unknown
 * flag, a secret given as a flag, a value that does not parse) and start-up failures that come
 * from the configuration (Redis or PostgreSQL unreachable, a missing database or schema, a port
 * in use) alike. The message is one line an operator can act on; it never holds a secret value or
 * a URL's credentials. Servers exit with code 2 on it (see `startOrExit`).
 */

export type ConfigErrorCode =
  /** A flag no option has. */
  | 'UnknownOption'
  /** A secret option given as a flag (other users of the machine can read the process list). */
  | 'SecretAsFlag'
  /** A flag without its value. */
  | 'MissingValue'
  /** A value that does not parse or breaks the option's rule. */
  | 'InvalidValue'
  /** A command finds no server data where the options point. */
  | 'NoData'
  /** A command the CLI does not have. */
  | 'UnknownCommand'
  /** Redis refused or did not answer the connection. */
  | 'RedisUnreachable'
  /** PostgreSQL refused or did not answer the connection. */
  | 'PostgresUnreachable'
  /** PostgreSQL answered, but the database does not exist. */
  | 'DatabaseMissing'
  /** PostgreSQL answered, but the schema does not exist. */
  | 'SchemaMissing'
  /** The listening address is taken (or not allowed). */
  | 'PortInUse'

export class ConfigError extends Error {
  override name = 'ConfigError'
  readonly code: ConfigErrorCode

  constructor(code: ConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
