/**
 * The co-signer's command as an operator meets it, as a real process (`src/main.ts` under tsx,
 * as `pnpm start` runs it): `--help` prints the option table and exits 0; a port in use ends in
 * one `fatal` JSON line on stderr with `time`, `level`, `event` and the error's code, and exit
 * code 2, after an unknown `COSIGNER_*` variable is reported. The other start-up failures go
 * through the same `runCli` path (cli.test.ts).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestSchema, dropTestSchema, POSTGRES_URL } from './test/engines.ts'

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
const TSX = join(PACKAGE_DIR, '..', '..', 'node_modules', '.bin', 'tsx')
const dataDir = mkdtempSync(join(tmpdir(), 'cosigner-main-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['--conditions=source', 'src/main.ts', ...args], {
      cwd: PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', COSIGNER_DATA_DIR: dataDir, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString()
    })
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString()
    })
    // A co-signer that starts by mistake never exits: the test's deadline fails it.
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)

describe('the tessera-cosigner process', { timeout: 120_000 }, () => {
  it('--help prints the option table and exits 0', async () => {
    const result = await run(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^usage: tessera-cosigner/)
    expect(result.stdout).toMatch(/--trust-proxy\s+COSIGNER_TRUST_PROXY/)
  })

  it('port in use: an unknown variable reported, then one fatal line, exit 2', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const { port } = holder.address() as { port: number }
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
      await new Promise<void>((resolve) => holder.close(() => resolve()))
    }
  })
})
