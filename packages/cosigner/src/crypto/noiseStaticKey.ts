/**
 * The co-signer's static X25519 key for Noise IK (docs/SESSION.md#signer--co-signer: signers pin
 * its public half). Shared by every process through the database, sealed under the master key
 * like the JWT signing keys; created once (the fixed id makes a concurrent second creation a
 * no-op). Never logs or returns the private key except inside the KeyPair handed to Noise.
 */

import { base64urlnopad } from '@scure/base'
import { generateKeyPair, type KeyPair } from '@tessera/noise'
import type { Queryable } from '../storage/database.ts'
import type { Keyring } from './masterKey.ts'
import { signingKeyContext } from './rotateMasterKey.ts'
import { openRecord, sealRecord } from './sealRecord.ts'

export const NOISE_KEY_ID = 'noise-x25519-static'

export async function loadNoiseStaticKey(
  db: Queryable,
  keyring: Keyring,
  now: number,
): Promise<KeyPair> {
  const select = () =>
    db.query<{ public_jwk: string; dek: Uint8Array; kek_id: string; ciphertext: Uint8Array }>(
      'SELECT public_jwk, dek, kek_id, ciphertext FROM signing_keys WHERE kid = $1',
      [NOISE_KEY_ID],
    )
  let rows = await select()
  if (rows.length === 0) {
    const pair = generateKeyPair()
    const sealed = sealRecord(keyring, signingKeyContext(NOISE_KEY_ID), pair.privateKey)
    await db.query(
      `INSERT INTO signing_keys (kid, alg, public_jwk, dek, kek_id, ciphertext, created_at, retired_at)
       VALUES ($1, 'X25519', $2, $3, $4, $5, $6, NULL) ON CONFLICT (kid) DO NOTHING`,
      [
        NOISE_KEY_ID,
        JSON.stringify({ kty: 'OKP', crv: 'X25519', x: base64urlnopad.encode(pair.publicKey) }),
        sealed.dek,
        sealed.kekId,
        sealed.ciphertext,
        now,
      ],
    )
    pair.privateKey.fill(0)
    rows = await select()
  }
  const row = rows[0]
  if (row === undefined) throw new Error('the Noise static key could not be stored')
  const privateKey = openRecord(keyring, signingKeyContext(NOISE_KEY_ID), {
    dek: row.dek,
    kekId: row.kek_id,
    ciphertext: row.ciphertext,
  })
  const publicKey = new Uint8Array(
    Buffer.from((JSON.parse(row.public_jwk) as { x: string }).x, 'base64url'),
  )
  return { publicKey, privateKey }
}
