/** Canonical JSON and the audit hash: same record, same bytes; any changed field, another hash. */
import { expect, test } from 'vitest'
import { auditHash, GENESIS } from './auditHash.ts'
import { canonicalJson } from './canonical.ts'

test('canonical JSON sorts keys, drops undefined and refuses non-integers', () => {
  expect(
    canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 0, y: '\u2028' } }),
  ).toBe('{"a":[true,null,"x"],"b":1,"d":{"y":"\u2028","z":0}}')
  expect(() => canonicalJson({ v: 0.1 })).toThrow(
    'record.v is not a safe integer (0.1): encode it as a string',
  )
  expect(() => canonicalJson({ v: 2 ** 53 })).toThrow('record.v is not a safe integer')
  expect(() => canonicalJson({ v: 10n })).toThrow('record.v cannot be encoded canonically (bigint)')
  expect(() => canonicalJson({ v: new Date(0) })).toThrow(
    'record.v cannot be encoded canonically (object)',
  )
})

test('the record hash covers the previous hash and every field', () => {
  const record = {
    seq: 1,
    at: 5,
    identity: 'i',
    dappId: 'd',
    kind: 'login' as const,
    data: { a: 1 },
  }
  const base = auditHash(GENESIS, record)
  expect(auditHash(new Uint8Array(32).fill(1), record)).not.toEqual(base)
  for (const change of [
    { seq: 2 },
    { at: 6 },
    { identity: 'j' },
    { dappId: 'e' },
    { kind: 'sign' as const },
    { data: { a: 2 } },
  ]) {
    expect(auditHash(GENESIS, { ...record, ...change })).not.toEqual(base)
  }
})
