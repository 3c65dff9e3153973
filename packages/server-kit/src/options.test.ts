/** The option table: env and flags (flag wins), URLs, secrets, unknown variables and `--help`. */
import { describe, expect, test } from 'vitest'
import { ConfigError } from './ConfigError.ts'
import { helpText, type OptionTable, readOptions } from './options.ts'

interface Demo {
  port: number
  mode: 'a' | 'b'
  upstream: string
  peers: string[]
  proxies: string[]
  token: string
}

const table: OptionTable<Demo> = {
  prefix: 'DEMO_',
  defaults: { port: 80, mode: 'a', upstream: '', peers: [], proxies: [], token: '' },
  options: [
    { key: 'port', flag: '--port', env: 'DEMO_PORT', kind: 'int', min: 1, max: 65535, doc: 'Port' },
    {
      key: 'mode',
      flag: '--mode',
      env: 'DEMO_MODE',
      kind: 'enum',
      values: ['a', 'b'],
      doc: 'Mode',
    },
    {
      key: 'upstream',
      flag: '--upstream',
      env: 'DEMO_UPSTREAM',
      kind: 'url',
      protocols: ['redis:'],
      doc: 'Upstream',
    },
    { key: 'peers', flag: '--peers', env: 'DEMO_PEERS', kind: 'urlList', doc: 'Peers' },
    { key: 'proxies', flag: '--proxies', env: 'DEMO_PROXIES', kind: 'addressList', doc: 'Proxies' },
    {
      key: 'token',
      flag: '--token',
      env: 'DEMO_TOKEN',
      kind: 'string',
      secret: true,
      doc: 'Token',
    },
  ],
}

const codeOf = (run: () => unknown): string => {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return `${(error as ConfigError).code}: ${(error as ConfigError).message}`
  }
  throw new Error('expected a ConfigError')
}

describe('readOptions', () => {
  test('reads env, then flags over env, both --flag value and --flag=value', () => {
    const { config, help, unknownEnv } = readOptions(table, ['--port', '9000', '--', '--mode=b'], {
      DEMO_PORT: '81',
      DEMO_UPSTREAM: 'redis://u:p@h:1',
      DEMO_PEERS: 'ws://a, wss://b',
    })
    expect(config).toEqual({
      port: 9000,
      mode: 'b',
      upstream: 'redis://u:p@h:1',
      peers: ['ws://a', 'wss://b'],
      proxies: [],
      token: '',
    })
    expect(help).toBe(false)
    expect(unknownEnv).toEqual([])
  })

  test('reports variables with the prefix that no option has', () => {
    const { unknownEnv } = readOptions(table, [], { DEMO_PROT: '1', OTHER: 'x', DEMO_PORT: '2' })
    expect(unknownEnv).toEqual(['DEMO_PROT'])
  })

  test('validates URLs, their schemes, integers, enums and proxy addresses', () => {
    expect(codeOf(() => readOptions(table, ['--upstream', 'not a url'], {}))).toBe(
      'InvalidValue: --upstream expected a URL, got "not a url"',
    )
    expect(codeOf(() => readOptions(table, [], { DEMO_UPSTREAM: 'http://h' }))).toBe(
      'InvalidValue: DEMO_UPSTREAM expected a redis: URL, got http:',
    )
    expect(codeOf(() => readOptions(table, ['--peers', 'ws://a,nope'], {}))).toMatch(
      /^InvalidValue: --peers expected a URL/,
    )
    expect(codeOf(() => readOptions(table, ['--port', '70000'], {}))).toBe(
      'InvalidValue: --port expected an integer in 1..65535, got "70000"',
    )
    expect(codeOf(() => readOptions(table, [], { DEMO_MODE: 'c' }))).toBe(
      'InvalidValue: DEMO_MODE expected one of a|b, got "c"',
    )
    expect(codeOf(() => readOptions(table, ['--proxies', '10.0.0.0/33'], {}))).toMatch(
      /^InvalidValue: --proxies: "10.0.0.0\/33" is not an IP address/,
    )
    expect(readOptions(table, ['--proxies', '10.0.0.0/8,::1'], {}).config.proxies).toEqual([
      '10.0.0.0/8',
      '::1',
    ])
  })

  test('origin lists: scheme, host and port only, as browsers send them', () => {
    const origins: OptionTable<{ origins: string[] }> = {
      prefix: 'DEMO_',
      defaults: { origins: [] },
      options: [
        { key: 'origins', flag: '--origins', env: 'DEMO_ORIGINS', kind: 'originList', doc: 'O' },
      ],
    }
    expect(
      readOptions(origins, ['--origins', 'https://App.example/, http://localhost:5173'], {}).config
        .origins,
    ).toEqual(['https://app.example', 'http://localhost:5173'])
    expect(
      readOptions(origins, [], { DEMO_ORIGINS: 'https://app.example:443' }).config.origins,
    ).toEqual(['https://app.example'])
    for (const bad of [
      'https://app.example/pair',
      'https://app.example?x',
      'https://u:p@app.example',
      'ftp://app.example',
      '*',
      'app.example',
    ]) {
      expect(
        codeOf(() => readOptions(origins, ['--origins', bad], {})),
        bad,
      ).toBe(
        `InvalidValue: --origins: "${bad}" is not an origin (scheme://host[:port], no path, e.g. https://app.example)`,
      )
    }
  })

  test('refuses secrets as flags (without echoing them), unknown flags and missing values', () => {
    const secret = codeOf(() => readOptions(table, ['--token=hunter2'], {}))
    expect(secret).toBe(
      'SecretAsFlag: --token: secrets are accepted from the environment only (DEMO_TOKEN)',
    )
    expect(readOptions(table, [], { DEMO_TOKEN: 'hunter2' }).config.token).toBe('hunter2')
    expect(codeOf(() => readOptions(table, ['--nope', '1'], {}))).toMatch(
      /^UnknownOption: .*--nope/,
    )
    expect(codeOf(() => readOptions(table, ['--port'], {}))).toMatch(/^MissingValue: .*--port/)
    expect(codeOf(() => readOptions(table, ['positional'], {}))).toMatch(/^UnknownOption/)
  })

  test('--help is reported, and the help text lists every option without secret values', () => {
    const read = readOptions(table, ['--help'], { DEMO_TOKEN: 'hunter2' })
    expect(read.help).toBe(true)
    const text = helpText({ ...table, defaults: read.config }, 'usage: demo [options]')
    expect(text.startsWith('usage: demo [options]\n')).toBe(true)
    for (const option of table.options) {
      expect(text).toContain(option.env)
      expect(text).toContain(option.doc)
    }
    expect(text).toContain('(environment only)')
    expect(text).not.toContain('hunter2')
    expect(text).toMatch(/--port\s+DEMO_PORT\s+80\s+Port/)
  })
})
