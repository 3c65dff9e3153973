/**
 * Master-key rotation: every data key wrapped by an older master key is unwrapped and wrapped
 * again by `keyring.current`. Record ciphertexts are never read or rewritten — only the small
 * wrapped data keys change. Each row is updated only if still wrapped by the key it was read
 * with, so a rotation can be re-run or run by two processes. A row whose data key does not
 * unwrap (tampered or moved) is reported in `failed` and left as it is; the rotation carries on.
 * Never logs key material.
 */
import type { Database } from '../storage/database.ts'
import { shareContext } from '../storage/keys.ts'
import { presignatureContext } from '../storage/presignatures.ts'
import type { Keyring } from './masterKey.ts'
import type { RecordContext } from './recordContext.ts'
import { unwrapDataKey, wrapDataKey } from './sealRecord.ts'

export const signingKeyContext = (kid: string): RecordContext => ({
  kind: 'signing-key',
  identity: '',
  keyId: kid,
  epoch: 0,
  recordId: '',
})

interface Table {
  name: string
  dek: string
  kekId: string
  /** Columns identifying a row (also used to build the context). */
  keyColumns: string[]
  context(row: Record<string, unknown>): RecordContext
}

const TABLES: Table[] = [
  {
    name: 'keys',
    dek: 'share_dek',
    kekId: 'share_kek_id',
    keyColumns: ['identity', 'key_id', 'epoch'],
    context: (r) => shareContext(r.identity as string, r.key_id as string, r.epoch as number),
  },
  {
    name: 'presignatures',
    dek: 'dek',
    kekId: 'kek_id',
    keyColumns: ['identity', 'key_id', 'epoch', 'record_id', 'kind'],
    context: (r) =>
      presignatureContext({
        identity: r.identity as string,
        keyId: r.key_id as string,
        epoch: r.epoch as number,
        recordId: r.record_id as string,
        kind: r.kind as 'presignature' | 'nonce',
      }),
  },
  {
    name: 'signing_keys',
    dek: 'dek',
    kekId: 'kek_id',
    keyColumns: ['kid'],
    context: (r) => signingKeyContext(r.kid as string),
  },
]

export interface RotationResult {
  /** Rows rewrapped per table. */
  rewrapped: Record<string, number>
  /** Rows that could not be unwrapped: table and identifying columns. */
  failed: { table: string; row: Record<string, unknown> }[]
}

export async function rotateMasterKey(db: Database, keyring: Keyring): Promise<RotationResult> {
  const rewrapped: Record<string, number> = {}
  const failed: RotationResult['failed'] = []
  const target = keyring.current
  for (const table of TABLES) {
    let count = 0
    const rows = await db.query(
      // Consumed presignatures have an erased (empty) data key: nothing to rewrap.
      `SELECT ${table.keyColumns.join(', ')}, ${table.dek} AS dek, ${table.kekId} AS kek_id
       FROM ${table.name} WHERE ${table.kekId} <> $1 AND length(${table.dek}) > 0`,
      [target.id],
    )
    for (const row of rows) {
      const ctx = table.context(row)
      const oldId = row.kek_id as string
      let dek: Uint8Array
      try {
        dek = unwrapDataKey(keyring.get(oldId), row.dek as Uint8Array, ctx)
      } catch {
        failed.push({
          table: table.name,
          row: Object.fromEntries(table.keyColumns.map((c) => [c, row[c]])),
        })
        continue
      }
      const wrapped = wrapDataKey(target, dek, ctx)
      dek.fill(0)
      const where = table.keyColumns.map((c, i) => `${c} = $${i + 4}`).join(' AND ')
      const updated = await db.query(
        `UPDATE ${table.name} SET ${table.dek} = $1, ${table.kekId} = $2
         WHERE ${table.kekId} = $3 AND ${where} RETURNING ${table.kekId}`,
        [wrapped, target.id, oldId, ...table.keyColumns.map((c) => row[c])],
      )
      count += updated.length
    }
    rewrapped[table.name] = count
  }
  return { rewrapped, failed }
}
