/**
 * One option table per server, read from flags (`node:util` `parseArgs`) and environment
 * variables (flag wins), each option with its kind, rule, default and documentation. Secret
 * options are accepted from the environment only; variables with the server's prefix that no
 * option has are reported (a typo would otherwise be silently ignored). `helpText` prints the table.
 */
import { BlockList, isIP } from 'node:net'
import { parseArgs } from 'node:util'
import { ConfigError } from './ConfigError.ts'
import { checkOrigin } from './cors.ts'

export type OptionKind =
  | 'string'
  | 'int'
  | 'list'
  | 'enum'
  | 'url'
  | 'urlList'
  | 'addressList'
  | 'originList'

export interface OptionSpec<K extends string = string> {
  key: K
  /** `--name`; secret options keep one too, only to refuse it with a pointer to `env`. */
  flag: string
  env: string
  kind: OptionKind
  /** `enum`: the accepted values. */
  values?: readonly string[]
  /** `int`: bounds (inclusive). */
  min?: number
  max?: number
  /** `url`/`urlList`: accepted schemes, with the colon (`'redis:'`). Empty string = unset. */
  protocols?: readonly string[]
  /** Environment only; never a flag; never printed. */
  secret?: boolean
  doc: string
}

export interface OptionTable<C> {
  /** `RELAY_`, `COSIGNER_`: variables with it and no option are reported. */
  prefix: string
  options: readonly OptionSpec<Extract<keyof C, string>>[]
  defaults: C
}

export interface ReadOptions<C> {
  config: C
  /** `--help` was given: print `helpText(table)` and exit 0. */
  help: boolean
  /** Environment variables with the table's prefix that no option has. */
  unknownEnv: string[]
}

/** Checks that every entry of `list` is an IP address or `address/prefix` (for `trustProxy`). */
export function addressBlockList(list: readonly string[]): BlockList {
  const blocks = new BlockList()
  for (const entry of list) {
    const [address = '', prefix, ...rest] = entry.split('/')
    const family = isIP(address)
    const bits = prefix === undefined ? undefined : Number(prefix)
    const maxBits = family === 6 ? 128 : 32
    if (
      family === 0 ||
      rest.length > 0 ||
      (bits !== undefined && (!/^\d+$/.test(prefix as string) || bits > maxBits))
    ) {
      throw new ConfigError('InvalidValue', `"${entry}" is not an IP address or address/prefix`)
    }
    const type = family === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) blocks.addAddress(address, type)
    else blocks.addSubnet(address, bits, type)
  }
  return blocks
}

function checkUrl(option: OptionSpec, raw: string, source: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError('InvalidValue', `${source} expected a URL, got "${raw}"`)
  }
  if (option.protocols !== undefined && !option.protocols.includes(url.protocol)) {
    throw new ConfigError(
      'InvalidValue',
      `${source} expected a ${option.protocols.join(' or ')} URL, got ${url.protocol}`,
    )
  }
  return raw
}

const splitList = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

function parseValue(option: OptionSpec, raw: string, source: string): unknown {
  const shown = option.secret ? '(hidden)' : `"${raw}"`
  switch (option.kind) {
    case 'string':
      return raw
    case 'list':
      return splitList(raw)
    case 'url':
      return raw === '' ? raw : checkUrl(option, raw, source)
    case 'urlList':
      return splitList(raw).map((url) => checkUrl(option, url, source))
    case 'originList':
      return splitList(raw).map((origin) => {
        try {
          return checkOrigin(origin)
        } catch (error) {
          throw new ConfigError('InvalidValue', `${source}: ${(error as Error).message}`)
        }
      })
    case 'addressList': {
      const list = splitList(raw)
      try {
        addressBlockList(list)
      } catch (error) {
        throw new ConfigError('InvalidValue', `${source}: ${(error as Error).message}`)
      }
      return list
    }
    case 'enum':
      if (!option.values?.includes(raw))
        throw new ConfigError(
          'InvalidValue',
          `${source} expected one of ${option.values?.join('|')}, got ${shown}`,
        )
      return raw
    case 'int': {
      const n = Number(raw)
      const min = option.min ?? 0
      const max = option.max ?? Number.MAX_SAFE_INTEGER
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
        const range = option.max === undefined ? `≥ ${min}` : `in ${min}..${max}`
        throw new ConfigError(
          'InvalidValue',
          `${source} expected an integer ${range}, got ${shown}`,
        )
      }
      return n
    }
  }
}

const flagName = (flag: string): string => flag.replace(/^--/, '')

/** Maps `parseArgs`' own errors (unknown option, missing value) to ConfigError. */
function parseFlags(
  table: OptionTable<unknown>,
  argv: readonly string[],
): Record<string, string | boolean | undefined> {
  const given = argv.filter((arg) => arg !== '--')
  for (const arg of given) {
    const flag = arg.split('=', 1)[0] as string
    const secret = table.options.find((o) => o.secret && o.flag !== '' && o.flag === flag)
    if (secret !== undefined) {
      throw new ConfigError(
        'SecretAsFlag',
        `${flag}: secrets are accepted from the environment only (${secret.env})`,
      )
    }
  }
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } }
  for (const o of table.options)
    if (!o.secret && o.flag !== '') options[flagName(o.flag)] = { type: 'string' }
  try {
    return parseArgs({ args: given, options, strict: true, allowPositionals: false }).values
  } catch (error) {
    const code = (error as { code?: string }).code
    const message = (error as Error).message.split('\n')[0] as string
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new ConfigError('MissingValue', message)
    throw new ConfigError('UnknownOption', message.replace(/\. To specify.*$/, ''))
  }
}

/** Reads `argv` (without the command) and `env` against the table. */
export function readOptions<C>(
  table: OptionTable<C>,
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ReadOptions<C> {
  const config = { ...table.defaults } as unknown as Record<string, unknown>
  for (const option of table.options) {
    const raw = env[option.env]
    if (raw !== undefined && raw !== '') config[option.key] = parseValue(option, raw, option.env)
  }
  const flags = parseFlags(table as OptionTable<unknown>, argv)
  for (const option of table.options) {
    const raw = flags[flagName(option.flag)]
    if (typeof raw === 'string') config[option.key] = parseValue(option, raw, option.flag)
  }
  const known = new Set(table.options.map((o) => o.env))
  const unknownEnv = Object.keys(env)
    .filter((name) => name.startsWith(table.prefix) && !known.has(name))
    .sort()
  return { config: config as unknown as C, help: flags.help === true, unknownEnv }
}

function shownDefault(option: OptionSpec, value: unknown): string {
  if (option.secret) return ''
  const text = Array.isArray(value) ? value.join(',') : String(value)
  return text === '' ? '' : text
}

/** The table for `--help`: flag, variable, default and what the option does, one per line. */
export function helpText<C>(table: OptionTable<C>, usage: string): string {
  const rows = table.options.map((o) => [
    o.secret ? '(environment only)' : o.flag,
    o.env,
    shownDefault(o, (table.defaults as unknown as Record<string, unknown>)[o.key]),
    o.doc,
  ])
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => (row[i] as string).length)))
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i] as number) : cell))
      .join('  ')
      .trimEnd(),
  )
  return `${usage}\n\noptions (flag, environment variable, default, meaning; a flag wins over its variable):\n${lines.join('\n')}\n`
}
