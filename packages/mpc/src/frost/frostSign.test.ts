import { ed25519 } from '@noble/curves/ed25519.js'
import { expect, test } from 'vitest'
import type { KeyShare } from '../dkg/keyShare.ts'
import { MpcError } from '../errors.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { seededRng } from '../test/rng.ts'
import { type FrostCommitment, frostAggregate, frostCommit, frostSignShare } from './frostSign.ts'
import { memoryNonceStore } from './nonceStore.ts'

const { shares } = runDkg({ curve: 'ed25519', t: 2, n: 3, online: [1, 2], rng: seededRng('frost') })
const share = (i: number) => shares.get(i) as KeyShare

async function sign(
  signers: number[],
  message: Uint8Array,
  tamper?: (index: number, z: Uint8Array) => Uint8Array,
) {
  const store = memoryNonceStore()
  const commitments: FrostCommitment[] = []
  for (const i of signers)
    commitments.push(await frostCommit(share(i), { sessionId: `n${i}`, store }))
  const out = []
  for (const i of signers) {
    const s = await frostSignShare(share(i), { sessionId: `n${i}`, store, commitments, message })
    out.push(tamper ? { index: i, share: tamper(i, s.share) } : s)
  }
  return frostAggregate(share(1), { commitments, message }, out)
}

test('every 2-subset of a DKG key signs; the result verifies with plain ed25519.verify', async () => {
  const message = new TextEncoder().encode('solana tx bytes')
  for (const signers of [
    [1, 2],
    [1, 3],
    [2, 3],
    [1, 2, 3],
  ]) {
    const sig = await sign(signers, message)
    expect(ed25519.verify(sig, message, share(1).publicKey)).toBe(true)
  }
})

test('a bad signature share is named: Abort with the cheater as culprit', async () => {
  const message = Uint8Array.of(1, 2, 3)
  const err = await sign([1, 3], message, (i, z) => {
    if (i !== 3) return z
    const bad = z.slice()
    bad[0] = (bad[0] as number) ^ 1
    return bad
  }).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(MpcError)
  expect({
    code: (err as MpcError).code,
    culprit: (err as MpcError).culprit,
    message: (err as MpcError).message,
  }).toEqual({
    code: 'Abort',
    culprit: 3,
    message: 'invalid signature share from 3',
  })
})

test('attack 4: a nonce pair is consumed before the share is released; reuse is refused', async () => {
  const store = memoryNonceStore()
  const commitments = [
    await frostCommit(share(1), { sessionId: 'a', store }),
    await frostCommit(share(2), { sessionId: 'b', store }),
  ]
  const message = Uint8Array.of(9)
  await frostSignShare(share(1), { sessionId: 'a', store, commitments, message })
  const again = await frostSignShare(share(1), {
    sessionId: 'a',
    store,
    commitments,
    message,
  }).catch((e: unknown) => e)
  expect(again).toBeInstanceOf(MpcError)
  expect((again as MpcError).code).toBe('Abort')
  expect((again as MpcError).message).toBe('nonces for session "a" are unknown or already used')
  expect(store.take('a')).toBeUndefined()
})

test('duplicate or out-of-range commitment indices are Malformed', async () => {
  const store = memoryNonceStore()
  const c1 = await frostCommit(share(1), { sessionId: 'x', store })
  const dup = frostSignShare(share(1), {
    sessionId: 'x',
    store,
    commitments: [c1, c1],
    message: Uint8Array.of(1),
  })
  await expect(dup).rejects.toThrow('duplicate commitment from 1')
  const zero = frostSignShare(share(1), {
    sessionId: 'x',
    store,
    commitments: [c1, { ...c1, index: 0 }],
    message: Uint8Array.of(1),
  })
  await expect(zero).rejects.toThrow(
    'invalid commitment: "commitment index" expected integer in [1, 3], got 0',
  )
})
