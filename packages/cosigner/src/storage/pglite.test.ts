/**
 * The embedded database directory holds sealed shares and the audit log: it is owner-only (0700),
 * also when it already existed with wider permissions.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { openPglite } from './pglite.ts'

const parent = mkdtempSync(join(tmpdir(), 'tessera-pglite-mode-'))
afterAll(() => rmSync(parent, { recursive: true, force: true }))

test.each([
  ['a new directory', join(parent, 'new')],
  ['a directory created 0755 beforehand', join(parent, 'existing')],
])('%s becomes 0700', async (_name, dir) => {
  if (dir.endsWith('existing')) mkdirSync(dir, { mode: 0o755 })
  const db = await openPglite(dir)
  try {
    expect(statSync(dir).mode & 0o777).toBe(0o700)
  } finally {
    await db.close()
  }
})
