/**
 * Test utility: where the shared vector files live. `TESSERA_TELEGRAM_VECTORS` names the file,
 * else `TESSERA_VECTORS_DIR/telegram/initdata.json`, else `../shared/vectors` beside the repo.
 * A missing file is a clear error, never a silently empty suite.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')

export function telegramVectorsPath(): string {
  if (process.env.TESSERA_TELEGRAM_VECTORS) return process.env.TESSERA_TELEGRAM_VECTORS
  const dir = process.env.TESSERA_VECTORS_DIR ?? join(repoRoot, '..', 'shared', 'vectors')
  return join(dir, 'telegram', 'initdata.json')
}

export function readVectorFile<T>(path: string, what: string): T {
  if (!existsSync(path)) {
    throw new Error(
      `${what} vectors not found at ${path}: set TESSERA_TELEGRAM_VECTORS to the file or TESSERA_VECTORS_DIR to the vectors directory`,
    )
  }
  return JSON.parse(readFileSync(path, 'utf8')) as T
}
