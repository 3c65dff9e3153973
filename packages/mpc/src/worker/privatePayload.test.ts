/**
 * Sealing of private round values across the UI thread: the sealed message carries none of the
 * values, opens to exactly them for its recipient only, is bound to its sender, recipient, round
 * and sid, and a channel refuses plaintext private fields, naming the sender.
 */
import { expect, test } from 'vitest'
import { generateEncryptionKey } from '../backup/ecies.ts'
import { MpcError } from '../errors.ts'
import { seededRng } from '../test/rng.ts'
import { createMpcEngine } from './createMpcEngine.ts'
import { containsAnyBytes } from './debugScan.ts'
import { openPrivate, sealPrivate } from './privatePayload.ts'

const rng = seededRng('seal')
const share = rng(32)
const zeroSeed = rng(32)
const message = {
  v: 1,
  protocol: 'dkg',
  keyId: 'k',
  epoch: 0,
  sid: rng(32),
  round: 3,
  from: 1,
  to: 2,
  payload: { reveal: { x: 1 }, share, zeroSeed, echo: { y: 2 } },
}
const recipient = generateEncryptionKey(rng)

function kindOf(run: () => unknown): [string, number | undefined, string] {
  try {
    run()
  } catch (e) {
    if (e instanceof MpcError) return [e.code, e.culprit, e.message]
    throw e
  }
  throw new Error('expected an MpcError')
}

test('a sealed round-3 message hides its private values and opens to exactly them', () => {
  const sealed = sealPrivate(message, recipient.publicKey)
  expect(containsAnyBytes(sealed, [share, zeroSeed])).toBe(false)
  expect(Object.keys(sealed.payload).sort()).toEqual(['echo', 'reveal', 'sealed'])
  expect(openPrivate(sealed, recipient.secretKey)).toEqual(message)
  // Other rounds carry nothing private and pass unchanged.
  const round2 = { ...message, round: 2, payload: { commit: share } }
  expect(sealPrivate(round2, recipient.publicKey)).toBe(round2)
})

test('bound to sender, recipient and round; the wrong key, relabelling or plaintext are Malformed', () => {
  const sealed = sealPrivate(message, recipient.publicKey)
  expect(kindOf(() => openPrivate({ ...sealed, from: 3 }, recipient.secretKey))).toEqual([
    'Malformed',
    3,
    'sealed payload from 3 does not open',
  ])
  expect(kindOf(() => openPrivate(sealed, generateEncryptionKey(rng).secretKey))).toEqual([
    'Malformed',
    1,
    'sealed payload from 1 does not open',
  ])
  expect(kindOf(() => openPrivate(message, recipient.secretKey))).toEqual([
    'Malformed',
    1,
    'round-3 message from 1 is not sealed',
  ])
})

test('an engine DKG with a channel refuses a peer that sends round 3 in plaintext', async () => {
  const engine = createMpcEngine()
  const key = await engine.createBackupKey()
  const peer = generateEncryptionKey()
  const { session } = await engine.dkgStart({
    curve: 'ed25519',
    keyId: 'sealed',
    t: 2,
    n: 2,
    index: 1,
    online: [1, 2],
    channel: { key: key.handle, peers: { 2: peer.publicKey } },
  })
  const err = await engine
    .dkgStep(session, [{ ...message, protocol: 'dkg', keyId: 'sealed', to: 1, from: 2 }])
    .catch((e: unknown) => e)
  expect([(err as MpcError).code, (err as MpcError).culprit]).toEqual(['Malformed', 2])
  expect((err as MpcError).message).toBe('round-3 message from 2 is not sealed')
  await expect(
    engine.dkgStart({
      curve: 'ed25519',
      keyId: 'sealed',
      t: 2,
      n: 2,
      index: 1,
      online: [1, 2],
      channel: { key: key.handle, peers: {} },
    }),
  ).rejects.toThrow(
    'invalid channel: "channel.peers[2]" expected Uint8Array of length 32, got type=undefined',
  )
})
