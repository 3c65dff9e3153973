/**
 * The request kept across the WeChat SOTER round trip: written before the hand-off, read once on
 * the next load; expired, tampered or malformed records are refused with a reason, and the key is
 * gone after any read.
 */
import { expect, test } from 'vitest'
import {
  clearSoterPending,
  SOTER_PENDING_KEY,
  type SoterPending,
  saveSoterPending,
  takeSoterPending,
} from './soterPending.ts'

function memoryStorage() {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }
}

const NOW = 1_800_000_000_000
const pending: SoterPending = {
  identity: 'wechat:wx0123456789:o-soter',
  purpose: `digest:${'ab'.repeat(32)}`,
  expiresAt: NOW + 120_000,
  resumable: {
    sessionId: 'cd'.repeat(32),
    request: {
      id: 7,
      method: 'personal_sign',
      params: ['0x68656c6c6f', '0x000000000000000000000000000000000000dEaD'],
      chainId: 'eip155:1',
    },
    publishedAt: NOW - 5_000,
  },
}

test('kept before the hand-off, read once after the reload', () => {
  const storage = memoryStorage()
  saveSoterPending(storage, pending, NOW)
  const text = storage.items.get(SOTER_PENDING_KEY) ?? ''
  // Public data only: no challenge, answer or token fields.
  expect(Object.keys(JSON.parse(text)).sort()).toEqual([
    'expiresAt',
    'identity',
    'purpose',
    'resumable',
    'v',
  ])
  expect(takeSoterPending(storage, NOW + 30_000)).toEqual({ kind: 'ok', pending })
  // Cleared after use: a second read finds nothing.
  expect(storage.items.has(SOTER_PENDING_KEY)).toBe(false)
  expect(takeSoterPending(storage, NOW + 30_000)).toEqual({ kind: 'none' })
  saveSoterPending(storage, pending, NOW)
  clearSoterPending(storage)
  expect(takeSoterPending(storage, NOW)).toEqual({ kind: 'none' })
})

test('past the challenge expiry it is read as expired, and removed', () => {
  const storage = memoryStorage()
  saveSoterPending(storage, pending, NOW)
  expect(takeSoterPending(storage, pending.expiresAt)).toEqual({ kind: 'expired', pending })
  expect(storage.items.size).toBe(0)
})

test('tampered or malformed records are refused with a reason, and removed', () => {
  const cases: [unknown, string][] = [
    [{ ...pending, v: 2 }, 'not a version-1 record'],
    [{ ...pending, token: 'eyJ…' }, 'unexpected field token'],
    [{ ...pending, identity: '' }, 'identity expected a login subject'],
    [{ ...pending, purpose: 'action:export' }, 'purpose expected digest:<64 hex>'],
    [{ ...pending, purpose: `digest:${'AB'.repeat(32)}` }, 'purpose expected digest:<64 hex>'],
    [{ ...pending, expiresAt: '1800000120000' }, 'expiresAt expected milliseconds'],
    // A challenge never lives longer than two minutes: a far expiry is forged.
    [{ ...pending, expiresAt: NOW + 3_600_000 }, 'expiresAt is further away than a challenge'],
    [{ ...pending, resumable: [] }, 'resumable expected an object'],
    [
      { ...pending, resumable: { ...pending.resumable, sessionId: 'not-a-topic' } },
      'sessionId expected a session topic',
    ],
    [
      { ...pending, resumable: { ...pending.resumable, publishedAt: NOW + 60_000 } },
      'publishedAt expected a time in the past',
    ],
    [
      { ...pending, resumable: { ...pending.resumable, request: { id: 7, method: 'x' } } },
      'request is not a valid session request',
    ],
    [
      {
        ...pending,
        resumable: { ...pending.resumable, request: { id: 7, result: '0xsignature' } },
      },
      'request is not a session request',
    ],
    [
      { ...pending, resumable: { ...pending.resumable, secret: 'x' } },
      'resumable has unexpected fields',
    ],
  ]
  for (const [record, reason] of cases) {
    const storage = memoryStorage()
    storage.setItem(SOTER_PENDING_KEY, JSON.stringify({ v: 1, ...(record as object) }))
    expect(takeSoterPending(storage, NOW)).toEqual({ kind: 'invalid', reason })
    expect(storage.items.size).toBe(0)
  }
  const storage = memoryStorage()
  storage.setItem(SOTER_PENDING_KEY, '{"v":1,')
  expect(takeSoterPending(storage, NOW)).toEqual({ kind: 'invalid', reason: 'not JSON' })
  storage.setItem(SOTER_PENDING_KEY, 'x'.repeat(200_000))
  expect(takeSoterPending(storage, NOW)).toEqual({ kind: 'invalid', reason: 'too large' })
  expect(storage.items.size).toBe(0)
  // The writer refuses what the reader would refuse.
  expect(() => saveSoterPending(storage, { ...pending, purpose: 'digest:zz' }, NOW)).toThrow(
    'SOTER pending request: purpose expected digest:<64 hex>',
  )
})
