/**
 * The co-signer's own JWT signing keys (ES256, P-256), shared by every process through the
 * database: the private key sealed under the master key (kind `signing-key`), the public JWK in
 * clear for `/.well-known/jwks.json`. The first process to start creates one; every process
 * signs with the newest and publishes all unretired keys.
 * Never logs, returns or serialises a private key outside this file's KeyObject.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import type { JWK } from 'jose'
import type { Keyring } from '../crypto/masterKey.ts'
import { signingKeyContext } from '../crypto/rotateMasterKey.ts'
import { openRecord, sealRecord } from '../crypto/sealRecord.ts'
import type { Database, Queryable } from '../storage/database.ts'

export const SESSION_ALG = 'ES256'

export interface SigningKey {
  kid: string
  privateKey: KeyObject
}

export interface PublicKeySet {
  /** kid → public key, for verification. */
  keys: Map<string, KeyObject>
  /** The JWKS document. */
  jwks: { keys: JWK[] }
}

interface Row {
  kid: string
  public_jwk: string
  dek: Uint8Array
  kek_id: string
  ciphertext: Uint8Array
  [column: string]: unknown
}

export async function createSigningKey(db: Queryable, keyring: Keyring, now: number) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = publicKey.export({ format: 'jwk' }) as JWK
  // RFC 7638 thumbprint-like id: stable, public, derived from the public key only.
  const kid = base64urlnopad
    .encode(sha256(utf8ToBytes(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))))
    .slice(0, 22)
  const der = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }))
  const sealed = sealRecord(keyring, signingKeyContext(kid), der)
  der.fill(0)
  await db.query(
    `INSERT INTO signing_keys (kid, alg, public_jwk, dek, kek_id, ciphertext, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      kid,
      SESSION_ALG,
      JSON.stringify({ ...jwk, kid, alg: SESSION_ALG, use: 'sig' }),
      sealed.dek,
      sealed.kekId,
      sealed.ciphertext,
      now,
    ],
  )
  return kid
}

/** The newest signing key, created if none exists yet. */
export async function loadSigningKey(
  db: Database,
  keyring: Keyring,
  now: number,
): Promise<SigningKey> {
  const select = (q: Queryable) =>
    q.query<Row>(
      `SELECT kid, public_jwk, dek, kek_id, ciphertext FROM signing_keys
       WHERE retired_at IS NULL AND alg = $1 ORDER BY created_at DESC, kid LIMIT 1`,
      [SESSION_ALG],
    )
  // Processes starting together must not each create a key: select-or-create under a lock.
  const rows = await db.transaction(async (tx) => {
    await tx.query(
      "SELECT pg_advisory_xact_lock(hashtext('tessera-cosigner-signing-key:' || current_schema()))",
    )
    const existing = await select(tx)
    if (existing.length > 0) return existing
    await createSigningKey(tx, keyring, now)
    return select(tx)
  })
  const row = rows[0] as Row
  const der = openRecord(keyring, signingKeyContext(row.kid), {
    dek: row.dek,
    kekId: row.kek_id,
    ciphertext: row.ciphertext,
  })
  const privateKey = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })
  der.fill(0)
  return { kid: row.kid, privateKey }
}

export async function loadPublicKeys(db: Queryable): Promise<PublicKeySet> {
  const rows = await db.query<{ kid: string; public_jwk: string }>(
    'SELECT kid, public_jwk FROM signing_keys WHERE retired_at IS NULL AND alg = $1 ORDER BY created_at DESC, kid',
    [SESSION_ALG],
  )
  const jwks = rows.map((r) => JSON.parse(r.public_jwk) as JWK)
  const keys = new Map(
    jwks.map((jwk) => [jwk.kid as string, createPublicKey({ key: jwk as never, format: 'jwk' })]),
  )
  return { keys, jwks: { keys: jwks } }
}

export async function retireSigningKey(db: Queryable, kid: string, now: number): Promise<void> {
  await db.query('UPDATE signing_keys SET retired_at = $2 WHERE kid = $1', [kid, now])
}
