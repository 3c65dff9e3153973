/**
 * The audit chain's hash: each record's hash covers the previous record's hash and the
 * canonical encoding of the record (seq, time, identity, dapp, kind, data), tagged and
 * length-prefixed as docs/THRESHOLD.md's hashing convention asks. Genesis = 32 zero bytes.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { lengthPrefixed } from '../crypto/lengthPrefixed.ts'
import { canonicalJson } from './canonical.ts'

export const GENESIS = new Uint8Array(32)

export interface AuditRecord {
  seq: number
  at: number
  identity: string
  dappId: string
  kind: AuditKind
  data: unknown
}

export type AuditKind =
  | 'login'
  | 'dkg'
  | 'sign'
  | 'refresh'
  | 'recovery'
  | 'export'
  | 'policy-decision'
  | 'policy-change'
  | 'mpc-abort'
  | 'soter'

export function recordBody(record: AuditRecord): string {
  return canonicalJson({
    seq: record.seq,
    at: record.at,
    identity: record.identity,
    dapp: record.dappId,
    kind: record.kind,
    data: record.data,
  })
}

const TAG = utf8ToBytes('tessera/cosigner/audit/v1')

export function auditHash(prevHash: Uint8Array, record: AuditRecord): Uint8Array {
  return sha256(lengthPrefixed(TAG, prevHash, utf8ToBytes(recordBody(record))))
}

/**
 * `auditHash` of a record whose `data` the caller already encoded (`canonicalJson(data)`, as the
 * log stores it): the same bytes as `recordBody` (its keys in canonical order), without encoding
 * `data` a second time.
 */
export function auditHashOfEncoded(
  prevHash: Uint8Array,
  record: Omit<AuditRecord, 'data'>,
  dataJson: string,
): Uint8Array {
  const body = `{"at":${canonicalJson(record.at)},"dapp":${JSON.stringify(record.dappId)},"data":${dataJson},"identity":${JSON.stringify(record.identity)},"kind":${JSON.stringify(record.kind)},"seq":${canonicalJson(record.seq)}}`
  return sha256(lengthPrefixed(TAG, prevHash, utf8ToBytes(body)))
}
