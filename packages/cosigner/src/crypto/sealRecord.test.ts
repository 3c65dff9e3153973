/**
 * Envelope encryption at rest: records round-trip, and a record (or its wrapped data key) moved to
 * another identity, key, epoch, kind or record id fails to decrypt; master keys never print.
 */
import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { createKeyring, masterKey, parseMasterKeyText } from './masterKey.ts'
import type { RecordContext } from './recordContext.ts'
import { openRecord, sealRecord } from './sealRecord.ts'

const ctx: RecordContext = {
  kind: 'share',
  identity: 'wechat:wx1:alice',
  keyId: 'k1',
  epoch: 3,
  recordId: '',
}
const keyring = createKeyring(masterKey(new Uint8Array(randomBytes(32))))
const secret = new Uint8Array(randomBytes(32))

describe('envelope encryption of records', () => {
  test('round-trips and never stores the plaintext', () => {
    const sealed = sealRecord(keyring, ctx, secret)
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from(secret))).toBe(false)
    expect(sealed.kekId).toBe(keyring.current.id)
    expect(openRecord(keyring, ctx, sealed)).toEqual(secret)
  })

  test.each<[string, Partial<RecordContext>]>([
    ['another identity', { identity: 'wechat:wx1:mallory' }],
    ['another key', { keyId: 'k2' }],
    ['another epoch', { epoch: 4 }],
    ['another kind', { kind: 'presignature' }],
    ['another record id', { recordId: 'r1' }],
  ])('a record moved to %s fails to decrypt', (_label, change) => {
    const sealed = sealRecord(keyring, ctx, secret)
    expect(() => openRecord(keyring, { ...ctx, ...change }, sealed)).toThrow(
      `data key of the ${change.kind ?? 'share'} record does not decrypt: wrong master key, or the record was moved or altered`,
    )
  })

  test('a data key wrapped for one record cannot open another record’s ciphertext', () => {
    const a = sealRecord(keyring, ctx, secret)
    const b = sealRecord(keyring, { ...ctx, keyId: 'k2' }, secret)
    expect(() => openRecord(keyring, ctx, { ...a, ciphertext: b.ciphertext })).toThrow(
      'share record does not decrypt: wrong master key, or the record was moved or altered',
    )
  })

  test('a flipped ciphertext bit and an unknown layout are refused', () => {
    const sealed = sealRecord(keyring, ctx, secret)
    const flipped = sealed.ciphertext.slice()
    flipped[30] = (flipped[30] as number) ^ 1
    expect(() => openRecord(keyring, ctx, { ...sealed, ciphertext: flipped })).toThrow(
      'share record does not decrypt',
    )
    const v2 = sealed.ciphertext.slice()
    v2[0] = 2
    expect(() => openRecord(keyring, ctx, { ...sealed, ciphertext: v2 })).toThrow(
      'share record has an unknown layout (version or length)',
    )
  })

  test('a record wrapped by a master key missing from the keyring names the key', () => {
    const other = createKeyring(masterKey(new Uint8Array(randomBytes(32))))
    const sealed = sealRecord(other, ctx, secret)
    expect(() => openRecord(keyring, ctx, sealed)).toThrow(
      `data key is wrapped by master key ${other.current.id}, which is not in the keyring (${keyring.current.id})`,
    )
  })
})

describe('master keys', () => {
  test('parse as hex or base64url, and refuse other lengths without echoing the text', () => {
    const raw = new Uint8Array(randomBytes(32))
    expect(parseMasterKeyText(Buffer.from(raw).toString('hex'), 'env')).toEqual(raw)
    expect(parseMasterKeyText(Buffer.from(raw).toString('base64url'), 'env')).toEqual(raw)
    expect(parseMasterKeyText(`${Buffer.from(raw).toString('base64')}\n`, 'env')).toEqual(raw)
    expect(() => parseMasterKeyText('abcd', 'env COSIGNER_MASTER_KEY')).toThrow(
      'master key from env COSIGNER_MASTER_KEY must be 32 bytes as 64 hex characters or 43 base64url characters (length of the text: 4)',
    )
  })

  test('never serialise their bytes', () => {
    const raw = new Uint8Array(32).fill(0xab)
    const key = masterKey(raw)
    const printed = `${JSON.stringify(key)} ${inspect(key)} ${inspect({ key })}`
    expect(printed).not.toContain('ab,ab')
    expect(printed).not.toContain('abab')
    expect(printed).not.toContain('171')
    expect(printed).toContain(key.id)
  })
})
