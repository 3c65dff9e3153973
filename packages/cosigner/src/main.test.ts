/**
 * The co-signer's command as an operator meets it, as a real process (`src/main.ts` under tsx,
 * as `pnpm start` runs it): `--help` prints the option table and exits 0; a port in use ends in
 * one `fatal` JSON line on stderr with `time`, `level`, `event` and the error's code, and exit
 * code 2, after an unknown `COSIGNER_*` variable is reported. The other start-up failures go
 * through the same `runCli` path (cli.test.ts).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { holdPort, jsonLines as lines, runProcess } from '@tessera/server-kit/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestSchema, dropTestSchema, POSTGRES_URL } from './test/engines.ts'

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
const TSX = join(PACKAGE_DIR, '..', '..', 'node_modules', '.bin', 'tsx')
const dataDir = mkdtempSync(join(tmpdir(), 'cosigner-main-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

// A co-signer that starts by mistake never exits: the test's deadline fails it.
const run = (args: string[], env: Record<string, string> = {}) =>
  runProcess(TSX, ['--conditions=source', 'src/main.ts', ...args], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH ?? '', COSIGNER_DATA_DIR: dataDir, ...env },
  })

describe('the tessera-cosigner process', { timeout: 120_000 }, () => {
  it('--help prints the option table and exits 0', async () => {
    const result = await run(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^usage: tessera-cosigner/)
    expect(result.stdout).toMatch(/--trust-proxy\s+COSIGNER_TRUST_PROXY/)
  })

  it('port in use: an unknown variable reported, then one fatal line, exit 2', async () => {
    const holder = await holdPort()
    const { port } = holder
    try {
      // On the real PostgreSQL (a fresh schema): the port is the first thing that fails.
      const schema = await createTestSchema()
      const result = await run(['start', '--host', '127.0.0.1', '--port', String(port)], {
        COSIGNER_PROT: '1',
        COSIGNER_STORAGE: 'postgres',
        COSIGNER_DATABASE_URL: POSTGRES_URL,
        COSIGNER_DATABASE_SCHEMA: schema,
        COSIGNER_MASTER_KEY: randomBytes(32).toString('hex'),
      }).finally(() => dropTestSchema(schema))
      expect(result.code).toBe(2)
      const [warn, ...rest] = lines(result.stderr)
      expect(warn).toMatchObject({
        level: 'warn',
        event: 'unknown_environment',
        variables: ['COSIGNER_PROT'],
      })
      expect(rest).toEqual([
        expect.objectContaining({
          level: 'fatal',
          event: 'start_failed',
          errorCode: 'PortInUse',
          error: `port ${port} on 127.0.0.1 is in use`,
        }),
      ])
      expect(typeof rest[0]?.time).toBe('string')
    } finally {
      await holder.close()
    }
  })
})
