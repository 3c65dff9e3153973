/**
 * Configuration: defaults, env and flag precedence, precise errors, and every option documented in
 * the README.
 */
import { readFileSync } from 'node:fs'
import { ConfigError } from '@tessera/server-kit'
import { describe, expect, it } from 'vitest'
import { DEFAULTS, loadConfig, OPTIONS, readRelayOptions } from './config.ts'

describe('configuration', () => {
  it('defaults to the documented limits', () => {
    expect(loadConfig()).toEqual(DEFAULTS)
    expect(DEFAULTS.maxMessageBytes).toBe(131072)
  })

  it('reads env, then flags over env', () => {
    const config = loadConfig(
      ['--port', '9001', '--storage=redis', '--public-urls', 'wss://a, wss://b'],
      {
        RELAY_PORT: '9000',
        RELAY_MAILBOX_DEPTH: '7',
      },
    )
    expect(config).toMatchObject({
      port: 9001,
      storage: 'redis',
      mailboxDepth: 7,
      publicUrls: ['wss://a', 'wss://b'],
    })
  })

  it('ignores the `--` separator package scripts pass through', () => {
    expect(loadConfig(['--', '--port', '9002']).port).toBe(9002)
  })

  it('names the option in every error', () => {
    expect(() => loadConfig(['--nope', '1'])).toThrow(ConfigError)
    expect(() => loadConfig(['--nope', '1'])).toThrow("Unknown option '--nope'")
    expect(() => loadConfig(['--port=-1'])).toThrow('--port expected an integer ≥ 0, got "-1"')
    expect(() => loadConfig([], { RELAY_STORAGE: 'mongo' })).toThrow(
      'RELAY_STORAGE expected one of file|redis, got "mongo"',
    )
    expect(() => loadConfig(['--port'])).toThrow("Option '--port <value>' argument missing")
  })

  it('validates URLs and refuses the link token as a flag', () => {
    expect(() => loadConfig(['--redis-url', 'http://127.0.0.1:6379'])).toThrow(
      '--redis-url expected a redis: or rediss: URL, got http:',
    )
    expect(() => loadConfig(['--redis-url', '127.0.0.1:6379'])).toThrow(
      '--redis-url expected a URL, got "127.0.0.1:6379"',
    )
    expect(() =>
      loadConfig([], { RELAY_PUBLIC_URLS: 'wss://relay.example, relay.example' }),
    ).toThrow('RELAY_PUBLIC_URLS expected a URL, got "relay.example"')
    expect(() => loadConfig(['--link-token', 'hunter2'])).toThrow(
      '--link-token: secrets are accepted from the environment only (RELAY_LINK_TOKEN)',
    )
    expect(loadConfig([], { RELAY_LINK_TOKEN: 'hunter2' }).linkToken).toBe('hunter2')
    expect(() => loadConfig(['--trust-proxy', 'proxy.example'])).toThrow(
      '--trust-proxy: "proxy.example" is not an IP address or address/prefix',
    )
  })

  it('reports unknown RELAY_* variables and --help', () => {
    const read = readRelayOptions(['--help'], { RELAY_PROT: '1', RELAY_PORT: '2', HOME: '/' })
    expect(read.unknownEnv).toEqual(['RELAY_PROT'])
    expect(read.help).toBe(true)
  })

  it('documents every option in relay/README.md', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    for (const option of OPTIONS) {
      expect(readme, option.flag).toContain(`\`${option.flag}\``)
      expect(readme, option.env).toContain(`\`${option.env}\``)
    }
  })
})
