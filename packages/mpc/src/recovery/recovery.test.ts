/**
 * Recovery (docs/THRESHOLD.md#refresh-backup-recovery; docs/ARCHITECTURE.md#recovery): the
 * backup and the co-signer re-share a new device share at a new epoch without either of them (or
 * the device) ever holding two shares. Same PK, the new device share signs, the old one is
 * refused, a tampered contribution names its sender.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { expect, test } from 'vitest'
import type { Envelope } from '../dkg/envelope.ts'
import { type KeyShare, publicKeyState, validateKeyShare } from '../dkg/keyShare.ts'
import { decodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'
import { frostAggregate, frostCommit, frostSignShare } from '../frost/frostSign.ts'
import { memoryNonceStore } from '../frost/nonceStore.ts'
import type { ReshareRound3Payload } from '../refresh/reshareTypes.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { type ReshareTamper, runReshare } from '../test/reshareHarness.ts'
import { seededRng } from '../test/rng.ts'
import { opensPublicKey } from '../test/secrets.ts'
import { recoveryHelperStart, recoveryTargetStart } from './recoveryStart.ts'

function recover(shares: Map<number, KeyShare>, tamper?: ReshareTamper) {
  const s2 = structuredClone(shares.get(2) as KeyShare)
  const s3 = structuredClone(shares.get(3) as KeyShare)
  const started = new Map([
    [
      1,
      recoveryTargetStart({
        record: publicKeyState(s2),
        index: 1,
        helpers: [2, 3],
        expectedPublicKey: s2.publicKey,
      }),
    ],
    [2, recoveryHelperStart(s2, { helpers: [2, 3], target: 1 })],
    [3, recoveryHelperStart(s3, { helpers: [2, 3], target: 1 })],
  ] as const)
  return runReshare(started, tamper === undefined ? {} : { tamper })
}

async function frostSign(signers: KeyShare[], message: Uint8Array): Promise<Uint8Array> {
  const store = memoryNonceStore()
  const commitments = []
  for (const s of signers)
    commitments.push(await frostCommit(s, { sessionId: `${s.index}`, store }))
  const shares = []
  for (const s of signers) {
    shares.push(await frostSignShare(s, { sessionId: `${s.index}`, store, commitments, message }))
  }
  return frostAggregate(signers[0] as KeyShare, { commitments, message }, shares)
}

const ed = runDkg({ curve: 'ed25519', t: 2, n: 3, online: [1, 2], rng: seededRng('rec-ed') }).shares

test('Ed25519: backup + co-signer give the device a new share at epoch + 1; it signs; the old one is refused', async () => {
  const { shares } = recover(ed)
  const d = shares.get(1) as KeyShare
  const c = shares.get(2) as KeyShare
  const b = shares.get(3) as KeyShare
  for (const s of [d, c, b]) {
    expect(s.epoch).toBe(1)
    expect(s.publicKey).toEqual(ed.get(1)?.publicKey)
    expect(s.publicShares).toEqual(d.publicShares)
    validateKeyShare(s)
  }
  expect(d.secretShare).not.toEqual(ed.get(1)?.secretShare)
  const message = new TextEncoder().encode('after recovery')
  for (const pair of [
    [d, c],
    [d, b],
    [c, b],
  ]) {
    expect(ed25519.verify(await frostSign(pair, message), message, d.publicKey)).toBe(true)
  }
  // The lost device's share (epoch 0) no longer signs with the new co-signer share.
  const err = await frostSign([c, ed.get(1) as KeyShare], message).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(MpcError)
  expect([(err as MpcError).code, (err as MpcError).culprit, (err as MpcError).message]).toEqual([
    'Abort',
    1,
    'commitment from party 1 is for epoch 0, expected 1',
  ])
  expect(opensPublicKey([ed.get(1) as KeyShare, c])).toBe(false)
})

test('secp256k1: x′·G = X′_1 and every pair of public shares interpolates to the same PK', () => {
  const secp = runDkg({
    curve: 'secp256k1',
    t: 2,
    n: 3,
    online: [1, 2],
    rng: seededRng('rec-k'),
  }).shares
  const { shares } = recover(secp)
  const d = shares.get(1) as KeyShare
  validateKeyShare(d) // x′·G = X′_1 and every t-window of X′_k interpolates to PK
  expect(
    mulBase('secp256k1', decodeScalar('secp256k1', d.secretShare, 'x')).equals(
      decodePoint('secp256k1', d.publicShares[0], 'X1'),
    ),
  ).toBe(true)
  expect(d.publicKey).toEqual(secp.get(1)?.publicKey)
  const c = shares.get(2) as KeyShare
  const b = shares.get(3) as KeyShare
  expect(opensPublicKey([d, c]) && opensPublicKey([d, b]) && opensPublicKey([c, b])).toBe(true)
  // The new device shares fresh F_Zero seeds with each helper.
  expect(d.zeroSeeds[2]).toEqual(c.zeroSeeds[1])
  expect(d.zeroSeeds[3]).toEqual(b.zeroSeeds[1])
  expect(c.zeroSeeds[3]).toEqual(b.zeroSeeds[2])
})

test('a tampered contribution to the device is detected, naming its sender', () => {
  let err: unknown
  try {
    recover(ed, (m) => {
      if (m.round !== 3 || m.from !== 3 || m.to !== 1) return m
      const msg = m as Envelope<ReshareRound3Payload>
      const value = msg.payload.value.slice()
      value[0] = (value[0] as number) ^ 1
      return { ...msg, payload: { ...msg.payload, value } }
    })
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(MpcError)
  expect([(err as MpcError).code, (err as MpcError).culprit, (err as MpcError).message]).toEqual([
    'Abort',
    3,
    'recovery contribution from party 3 does not match',
  ])
})

test('a helper holding another public state is refused in round 1; a wrong expected key at start', () => {
  const s2 = structuredClone(ed.get(2) as KeyShare)
  const other = runDkg({
    curve: 'ed25519',
    t: 2,
    n: 3,
    online: [1, 2],
    rng: seededRng('rec-other'),
  }).shares
  const forged = {
    ...structuredClone(ed.get(3) as KeyShare),
    chainCode: new Uint8Array(32).fill(1),
  }
  const started = new Map([
    [1, recoveryTargetStart({ record: publicKeyState(s2), index: 1, helpers: [2, 3] })],
    [2, recoveryHelperStart(s2, { helpers: [2, 3], target: 1 })],
    [3, recoveryHelperStart(forged, { helpers: [2, 3], target: 1 })],
  ] as const)
  let err: unknown
  try {
    runReshare(started)
  } catch (e) {
    err = e
  }
  expect([(err as MpcError).code, (err as MpcError).culprit, (err as MpcError).message]).toEqual([
    'Abort',
    3,
    'party 3 holds another public state (key or epoch)',
  ])
  expect(() =>
    recoveryTargetStart({
      record: publicKeyState(s2),
      index: 1,
      helpers: [2, 3],
      expectedPublicKey: (other.get(1) as KeyShare).publicKey,
    }),
  ).toThrow(new MpcError('Abort', 'the record is for another public key than expected'))
})
