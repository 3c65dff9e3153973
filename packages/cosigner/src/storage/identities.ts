/**
 * Identities: one row per login identity string (docs/AUTH.md#identities: `wechat:<appid>:<id>`,
 * …), created on first login. Every other table is keyed by this string; nothing here is secret.
 */
import type { Queryable } from './database.ts'

export async function upsertIdentity(
  db: Queryable,
  identity: string,
  provider: string,
  now: number,
): Promise<void> {
  await db.query(
    `INSERT INTO identities (id, provider, created_at, last_login_at) VALUES ($1, $2, $3, $3)
     ON CONFLICT (id) DO UPDATE SET last_login_at = EXCLUDED.last_login_at`,
    [identity, provider, now],
  )
}

export async function getIdentity(db: Queryable, identity: string) {
  const rows = await db.query<{
    id: string
    provider: string
    created_at: number
    last_login_at: number
  }>('SELECT id, provider, created_at, last_login_at FROM identities WHERE id = $1', [identity])
  return rows[0]
}
