import { expect, test } from 'vitest'
import type { KeyShare } from '../dkg/keyShare.ts'
import { lagrangeAtZero } from '../dkg/polynomial.ts'
import { decodePoint, encodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar, modN } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { refreshShares } from '../test/refreshHarness.ts'
import { seededRng } from '../test/rng.ts'
import { refreshApply } from './refreshApply.ts'
import { resolveRefresh } from './refreshCommit.ts'
import { refreshDeal } from './refreshDeal.ts'

const { shares } = runDkg({ curve: 'secp256k1', t: 2, n: 3, rng: seededRng('refresh') })
const old = [1, 2, 3].map((i) => shares.get(i) as KeyShare)
const sid = new Uint8Array(32).fill(5)

function opensPk(a: KeyShare, b: KeyShare): boolean {
  const ids = [a.index, b.index]
  const x = modN(
    'secp256k1',
    lagrangeAtZero('secp256k1', ids, a.index) * decodeScalar('secp256k1', a.secretShare, 'x') +
      lagrangeAtZero('secp256k1', ids, b.index) * decodeScalar('secp256k1', b.secretShare, 'x'),
  )
  return mulBase('secp256k1', x).equals(decodePoint('secp256k1', a.publicKey, 'PK'))
}

function caught(run: () => unknown): MpcError {
  try {
    run()
  } catch (e) {
    if (e instanceof MpcError) return e
    throw e
  }
  throw new Error('expected an MpcError')
}

test('refresh keeps PK, moves to epoch+1, and old shares no longer combine with new ones (attack 9)', () => {
  const fresh = refreshShares(old, seededRng('r1'))
  for (const s of fresh) {
    expect(s.epoch).toBe(old[0]?.epoch === undefined ? 1 : old[0].epoch + 1)
    expect(s.publicKey).toEqual(old[0]?.publicKey)
  }
  const [n1, n2, n3] = fresh as [KeyShare, KeyShare, KeyShare]
  const [o1, o2] = old as [KeyShare, KeyShare]
  expect(opensPk(n1, n2) && opensPk(n1, n3) && opensPk(n2, n3)).toBe(true)
  expect(n1.secretShare).not.toEqual(o1.secretShare)
  expect(opensPk(o1, n2)).toBe(false)
  expect(opensPk(n1, o2)).toBe(false)
})

test('a dealing with a non-zero constant commitment is an Abort naming the dealer', () => {
  const a = refreshDeal(old[0] as KeyShare, { sid })
  const b = refreshDeal(old[1] as KeyShare, { sid })
  const bad = {
    ...b.dealing,
    commitments: [
      encodePoint('secp256k1', mulBase('secp256k1', 3n)),
      ...b.dealing.commitments.slice(1),
    ],
  }
  const err = caught(() =>
    refreshApply(
      old[0] as KeyShare,
      sid,
      [a.dealing, bad],
      new Map([
        [1, a.deltas.get(1) as Uint8Array],
        [2, b.deltas.get(1) as Uint8Array],
      ]),
    ),
  )
  expect([err.code, err.culprit, err.message]).toEqual([
    'Abort',
    2,
    'refresh polynomial of party 2 has a non-zero constant',
  ])
})

test('a delta that does not match its commitments is an Abort naming the dealer', () => {
  const a = refreshDeal(old[0] as KeyShare, { sid })
  const b = refreshDeal(old[1] as KeyShare, { sid })
  const err = caught(() =>
    refreshApply(
      old[0] as KeyShare,
      sid,
      [a.dealing, b.dealing],
      new Map([
        [1, a.deltas.get(1) as Uint8Array],
        [2, b.deltas.get(3) as Uint8Array],
      ]),
    ),
  )
  expect([err.code, err.culprit, err.message]).toEqual([
    'Abort',
    2,
    'refresh delta from party 2 does not match its commitments',
  ])
})

test('crash at every step of the two-phase commit is recoverable', () => {
  const parties = [1, 2]
  const s1 = structuredClone(old[0] as KeyShare)
  const s2 = structuredClone(old[1] as KeyShare)
  const d1 = refreshDeal(s1, { sid })
  const d2 = refreshDeal(s2, { sid })
  const dealings = [d1.dealing, d2.dealing]
  const p1 = refreshApply(
    s1,
    sid,
    dealings,
    new Map([
      [1, d1.deltas.get(1) as Uint8Array],
      [2, d2.deltas.get(1) as Uint8Array],
    ]),
  )
  const p2 = refreshApply(
    s2,
    sid,
    dealings,
    new Map([
      [1, d1.deltas.get(2) as Uint8Array],
      [2, d2.deltas.get(2) as Uint8Array],
    ]),
  )
  // Crash before persisting a pending share: nothing to resolve, the old share is intact.
  expect(resolveRefresh({ current: s1 }, [], parties).action).toBe('wait')
  // Party 1 persisted its pending share, party 2 crashed before forming one: abandon, keep old.
  const abandoned = resolveRefresh(
    { current: structuredClone(s1), pending: p1 },
    [{ index: 2, ack: 'none' }],
    parties,
  )
  expect(abandoned.action).toBe('abandon')
  expect(abandoned.record.current.epoch).toBe(s1.epoch)
  // Party 1 restarts with both shares and no peer answer yet: wait, keeping both.
  const p1b = refreshApply(
    s1,
    sid,
    dealings,
    new Map([
      [1, d1.deltas.get(1) as Uint8Array],
      [2, d2.deltas.get(1) as Uint8Array],
    ]),
  )
  expect(resolveRefresh({ current: s1, pending: p1b }, [], parties).action).toBe('wait')
  // A peer acknowledging a different state aborts, naming it.
  const err = caught(() =>
    resolveRefresh({ current: s1, pending: p1b }, [{ index: 2, ack: new Uint8Array(32) }], parties),
  )
  expect([err.code, err.culprit]).toEqual(['Abort', 2])
  // Every ack present (possibly after a restart): switch; the new shares sign together.
  const r1 = resolveRefresh({ current: s1, pending: p1b }, [{ index: 2, ack: p2.ack }], parties)
  const r2 = resolveRefresh({ current: s2, pending: p2 }, [{ index: 1, ack: p1b.ack }], parties)
  expect([r1.action, r2.action]).toEqual(['switch', 'switch'])
  expect(opensPk(r1.record.current, r2.record.current)).toBe(true)
  expect(s1.secretShare.every((b) => b === 0)).toBe(true) // old share erased on switch
})
