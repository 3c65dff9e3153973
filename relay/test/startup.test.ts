/**
 * The relay's command as an operator meets it: `--help` prints the option table; a bad option,
 * Redis unreachable and a port in use each end in one `fatal` JSON line on stderr (with `time`,
 * `level` and the error's code, naming host:port without credentials) and exit code 2; unknown
 * `RELAY_*` variables are reported. Real processes, a real refused port.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  holdPort,
  jsonLines as lines,
  type ProcessRun,
  runProcess,
} from '@tessera/server-kit/testing'
import { afterAll, describe, expect, it } from 'vitest'

const RELAY_DIR = fileURLToPath(new URL('..', import.meta.url))
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))

// A relay that starts by mistake would never exit: the test's deadline fails it.
const run = (args: string[], env: Record<string, string> = {}) =>
  runProcess(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN, ...args], {
    cwd: RELAY_DIR,
    env: { ...process.env, RELAY_DATA_DIR: dataDir, ...env },
  })

const dataDir = mkdtempSync(join(tmpdir(), 'relay-startup-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** A port nothing listens on (held, then let go). */
async function closedPort(): Promise<number> {
  const { port, close } = await holdPort()
  await close()
  return port
}

function expectFatal(result: ProcessRun, errorCode: string, error: string | RegExp): void {
  expect(result.code).toBe(2)
  const [line, ...rest] = lines(result.stderr).filter((l) => l.level === 'fatal')
  expect(rest).toEqual([])
  expect(line).toMatchObject({ level: 'fatal', event: 'start_failed', service: 'relay', errorCode })
  expect(typeof line?.time).toBe('string')
  expect(line?.error).toMatch(error)
}

describe('relay start-up', { timeout: 120_000 }, () => {
  it('--help prints every option with its variable, and exits 0', async () => {
    const result = await run(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^usage: tessera-relay/)
    expect(result.stdout).toMatch(/--max-header-bytes\s+RELAY_MAX_HEADER_BYTES\s+16384/)
    expect(result.stdout).toContain('RELAY_TRUST_PROXY')
    expect(result.stdout).toMatch(/\(environment only\)\s+RELAY_LINK_TOKEN/)
  })

  it('a bad option or a secret flag: one fatal line, exit 2', async () => {
    expectFatal(
      await run(['--port', 'nope']),
      'InvalidValue',
      '--port expected an integer ≥ 0, got "nope"',
    )
    expectFatal(await run(['--link-token', 'hunter2']), 'SecretAsFlag', /RELAY_LINK_TOKEN/)
  })

  it('Redis unreachable: names host:port, never the password; exit 2', async () => {
    const port = await closedPort()
    const result = await run(['--storage', 'redis', '--port', '0'], {
      RELAY_REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`,
    })
    expectFatal(result, 'RedisUnreachable', `Redis unreachable at 127.0.0.1:${port}`)
    expect(result.stderr + result.stdout).not.toContain('hunter2')
  })

  it('port in use: says which; unknown RELAY_* variables are reported first', async () => {
    const { port, close } = await holdPort()
    try {
      const result = await run(['--port', String(port)], {
        RELAY_PROT: '1',
        RELAY_DATA_DIR: dataDir,
      })
      expectFatal(result, 'PortInUse', `port ${port} on 127.0.0.1 is in use`)
      expect(lines(result.stderr)[0]).toMatchObject({
        level: 'warn',
        event: 'unknown_environment',
        variables: ['RELAY_PROT'],
      })
    } finally {
      await close()
    }
  })
})
