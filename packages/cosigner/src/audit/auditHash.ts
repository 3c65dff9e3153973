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

/** The domain tag of the chain's hash input. */
export const AUDIT_TAG = 'tessera/cosigner/audit/v1'
const TAG = utf8ToBytes(AUDIT_TAG)

export function auditHash(prevHash: Uint8Array, record: AuditRecord): Uint8Array {
  return sha256(lengthPrefixed(TAG, prevHash, utf8ToBytes(recordBody(record))))
}

/**
 * `recordBody` of a record whose `data` the caller already encoded (`canonicalJson(data)`, as the
 * log stores it), around it and its `seq`: body = before ‖ dataJson ‖ after ‖ seq ‖ "}" (its keys
 * in canonical order, `seq` last), without encoding `data` a second time.
 */
export function encodedBodyAround(
  record: Omit<AuditRecord, 'data' | 'seq'>,
  dataJson: string,
): { before: string; after: string; body: (seq: number) => string } {
  const before = `{"at":${canonicalJson(record.at)},"dapp":${JSON.stringify(record.dappId)},"data":`
  const after = `,"identity":${JSON.stringify(record.identity)},"kind":${JSON.stringify(record.kind)},"seq":`
  return { before, after, body: (seq) => `${before}${dataJson}${after}${canonicalJson(seq)}}` }
}

/** `auditHash` of a record whose `data` the caller already encoded (see `encodedBodyAround`). */
export function auditHashOfEncoded(
  prevHash: Uint8Array,
  record: Omit<AuditRecord, 'data'>,
  dataJson: string,
): Uint8Array {
  const body = encodedBodyAround(record, dataJson).body(record.seq)
  return sha256(lengthPrefixed(TAG, prevHash, utf8ToBytes(body)))
}
