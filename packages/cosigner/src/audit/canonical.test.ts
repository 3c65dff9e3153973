/** Canonical JSON and the audit hash: same record, same bytes; any changed field, another hash. */
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { auditHash, auditHashOfEncoded, GENESIS } from './auditHash.ts'
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

test('the hash of a record whose data was encoded first is the same hash', () => {
  const records = [
    { seq: 1, at: 5, identity: 'i', dappId: 'd', kind: 'login' as const, data: { a: 1 } },
    {
      seq: 9_007_199_254_740_991,
      at: 1_764_979_200_000,
      identity: 'wechat:wx:"quoted"\u2028',
      dappId: 'https://app.example',
      kind: 'sign' as const,
      data: { z: [1, 'x', null, { b: true, a: 'é' }], digest: 'ab', none: undefined },
    },
    { seq: 3, at: 0, identity: '*', dappId: '*', kind: 'policy-decision' as const, data: null },
  ]
  for (const record of records) {
    const prev = new Uint8Array(32).fill(record.seq % 251)
    expect(auditHashOfEncoded(prev, record, canonicalJson(record.data))).toEqual(
      auditHash(prev, record),
    )
  }
  // A non-integer time is refused as `recordBody` refuses it.
  expect(() =>
    auditHashOfEncoded(GENESIS, { ...(records[0] as (typeof records)[0]), at: 0.5 }, '{}'),
  ).toThrow('record is not a safe integer (0.5)')
})

/** The encoding as first written (entries, filter, sort, map, join): the reference. */
function reference(value: unknown, path = 'record'): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value)
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw new TypeError(path)
    return String(value)
  }
  if (Array.isArray(value))
    return `[${value.map((v, i) => reference(v, `${path}[${i}]`)).join(',')}]`
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v, `${path}.${k}`)}`).join(',')}}`
  }
  throw new TypeError(path)
}

test('canonical JSON encodes every JSON value as the reference encoding does', () => {
  const value = fc.letrec((tie) => ({
    any: fc.oneof(
      { maxDepth: 3 },
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.maxSafeInteger(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('any'), { maxLength: 5 }),
      fc.dictionary(
        fc.string({ unit: 'binary', maxLength: 6 }),
        fc.option(tie('any'), { nil: undefined }),
        {
          noNullPrototype: true,
        },
      ),
    ),
  })).any
  fc.assert(
    fc.property(value, (v) => canonicalJson(v) === reference(v)),
    { numRuns: 300 },
  )
  // Key order: by UTF-16 code unit (so an astral character sorts before U+FFFF).
  expect(canonicalJson({ '\uffff': 1, '\u{1F600}': 2, a: 3, A: 4, '': 5 })).toBe(
    reference({ '\uffff': 1, '\u{1F600}': 2, a: 3, A: 4, '': 5 }),
  )
})
