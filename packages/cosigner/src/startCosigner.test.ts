/**
 * The embedded default needs no set-up: PGlite in a directory, a master key file created on
 * first start (mode 0600), and everything — Noise key, JWT keys — the same after a restart.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { createLogger } from './log.ts'
import { startCosigner } from './startCosigner.ts'

test('zero-setup start on PGlite survives a restart with the same keys', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'cosigner-embedded-'))
  const logs: string[] = []
  const logger = createLogger('info', {}, (line) => logs.push(line))
  try {
    const first = await startCosigner({ port: 0, dataDir, logger })
    const health = await (await fetch(`${first.url}/health`)).json()
    const jwks = await (await fetch(`${first.url}/.well-known/jwks.json`)).json()
    await first.close()
    expect(health).toMatchObject({
      status: 'ok',
      service: 'cosigner',
      storage: { engine: 'pglite', reachable: true },
    })
    expect((await stat(join(dataDir, 'master.key'))).mode & 0o777).toBe(0o600)
    expect(logs.some((l) => l.includes('"event":"master_key_created"'))).toBe(true)

    const second = await startCosigner({ port: 0, dataDir, logger })
    try {
      expect(second.noiseStaticKey).toBe(first.noiseStaticKey)
      expect(await (await fetch(`${second.url}/.well-known/jwks.json`)).json()).toEqual(jwks)
    } finally {
      await second.close()
    }
    expect(logs.filter((l) => l.includes('"event":"master_key_created"'))).toHaveLength(1)
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}, 120_000)
