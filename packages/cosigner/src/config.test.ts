/** Every option is documented in README.md's table, and flags and environment parse strictly. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ConfigError } from '@tessera/server-kit'
import { expect, test } from 'vitest'
import { DEFAULTS, loadConfig, OPTIONS, readCosignerOptions } from './config.ts'

const readme = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'),
  'utf8',
)

test.each(OPTIONS.map((o) => [o.env, o]))(
  '%s is documented in the README table',
  (_env, option) => {
    const row = readme
      .split('\n')
      .find((line) => line.startsWith('|') && line.includes(`\`${option.env}\``))
    expect(row, `README row for ${option.env}`).toBeDefined()
    if (option.flag !== '' && option.secret !== true) expect(row).toContain(`\`${option.flag}\``)
  },
)

test('flags win over the environment; both parse strictly', () => {
  expect(loadConfig([], {})).toEqual(DEFAULTS)
  const config = loadConfig(['--port=9100', '--oidc-providers', 'app@https://id.example'], {
    COSIGNER_PORT: '9000',
    COSIGNER_STORAGE: 'postgres',
  })
  expect(config).toMatchObject({
    port: 9100,
    storage: 'postgres',
    oidcProviders: ['app@https://id.example'],
  })
  expect(() => loadConfig(['--port', '70000'])).toThrow(
    '--port expected an integer in 0..65535, got "70000"',
  )
  expect(() => loadConfig(['--nope'])).toThrow("Unknown option '--nope'")
  expect(() => loadConfig(['--storage', 'sqlite'])).toThrow(
    '--storage expected one of pglite|postgres, got "sqlite"',
  )
  expect(() => loadConfig([], { COSIGNER_ADMIN_TOKEN: 'short' })).toThrow(
    'COSIGNER_ADMIN_TOKEN must be at least 32 characters',
  )
  expect(() => loadConfig(['--oidc-providers', 'https://id.example'])).toThrow(
    'oidc provider "https://id.example" is not <client id>@<issuer URL>',
  )
  expect(() => loadConfig(['--wechat-secret', 's'])).toThrow(
    '--wechat-secret: secrets are accepted from the environment only (COSIGNER_WECHAT_SECRET)',
  )
})

test('configuration errors carry a code: unknown option, missing value, invalid value', () => {
  const code = (argv: string[]) => {
    try {
      loadConfig(argv, {})
    } catch (error) {
      return (error as ConfigError).code
    }
    return undefined
  }
  expect(code(['--no-such-flag', '1'])).toBe('UnknownOption')
  expect(code(['--port'])).toBe('MissingValue')
  expect(code(['--port', 'x'])).toBe('InvalidValue')
  expect(code(['--master-key=00'])).toBe('SecretAsFlag')
  expect(code(['--database-url', 'localhost/cosigner'])).toBe('InvalidValue')
  expect(code(['--public-url', 'ftp://cosigner.example'])).toBe('InvalidValue')
  expect(code(['--trust-proxy', '10.0.0.0/99'])).toBe('InvalidValue')
})

test('unknown COSIGNER_* variables are reported; --help is recognised', () => {
  const read = readCosignerOptions(['--help'], { COSIGNER_PROT: '1', COSIGNER_PORT: '1' })
  expect(read.unknownEnv).toEqual(['COSIGNER_PROT'])
  expect(read.help).toBe(true)
  expect(readCosignerOptions(['--trust-proxy', '10.0.0.0/8,::1'], {}).config.trustProxy).toEqual([
    '10.0.0.0/8',
    '::1',
  ])
})
