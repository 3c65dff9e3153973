/**
 * Single-use login tokens (WeChat codes, Alipay auth codes, OIDC ID tokens): the first
 * submission claims the token's hash in the shared database; any later one, on any process,
 * is refused as a replay until the claim expires. Stores only SHA-256 of provider-scoped tokens,
 * never a token itself.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { lengthPrefixed } from '../crypto/lengthPrefixed.ts'
import { CosignerError } from '../errors.ts'
import type { Queryable } from './database.ts'

export const tokenHash = (provider: string, scope: string, token: string): Uint8Array =>
  sha256(
    lengthPrefixed(
      utf8ToBytes('tessera/cosigner/login-token/v1'),
      utf8ToBytes(provider),
      utf8ToBytes(scope),
      utf8ToBytes(token),
    ),
  )

export async function claimSingleUse(
  db: Queryable,
  provider: string,
  hash: Uint8Array,
  expiresAt: number,
  now: number,
): Promise<void> {
  await db.query('DELETE FROM login_replay WHERE expires_at < $1', [now])
  const rows = await db.query(
    `INSERT INTO login_replay (provider, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (provider, token_hash) DO NOTHING RETURNING provider`,
    [provider, hash, now, expiresAt],
  )
  if (rows.length === 0) {
    throw new CosignerError('CodeReplayed', `${provider} login token was already used`)
  }
}

/** Gives a token back after a failure that did not consume it upstream (platform busy). */
export async function releaseSingleUse(db: Queryable, provider: string, hash: Uint8Array) {
  await db.query('DELETE FROM login_replay WHERE provider = $1 AND token_hash = $2', [
    provider,
    hash,
  ])
}
