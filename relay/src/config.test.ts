/**
 * Configuration: defaults, env and flag precedence, precise errors, and every option documented in
 * the README.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigError, DEFAULTS, loadConfig, OPTIONS } from './config.ts'

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
    expect(() => loadConfig(['--nope', '1'])).toThrow(new ConfigError('unknown flag --nope'))
    expect(() => loadConfig(['--port', '-1'])).toThrow('--port expected an integer ≥ 0, got "-1"')
    expect(() => loadConfig([], { RELAY_STORAGE: 'mongo' })).toThrow(
      'RELAY_STORAGE expected one of file|redis, got "mongo"',
    )
    expect(() => loadConfig(['--port'])).toThrow('--port expects a value')
  })

  it('documents every option in relay/README.md', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    for (const option of OPTIONS) {
      expect(readme, option.flag).toContain(`\`${option.flag}\``)
      expect(readme, option.env).toContain(`\`${option.env}\``)
    }
  })
})
