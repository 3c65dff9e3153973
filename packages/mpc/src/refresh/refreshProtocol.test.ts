/**
 * Refresh as a message state machine (docs/THRESHOLD.md#refresh-backup-recovery): commit–reveal of
 * zero-constant dealings with echo checks; the offline backup applies its encrypted deltas from
 * the transcript with its X25519 key. Negative tests assert the exact code and culprit.
 */
import { expect, test } from 'vitest'
import type { Envelope } from '../dkg/envelope.ts'
import type { KeyShare } from '../dkg/keyShare.ts'
import { MpcError } from '../errors.ts'
import { recoveryHelperStart } from '../recovery/recoveryStart.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { type ReshareTamper, runReshare } from '../test/reshareHarness.ts'
import { seededRng } from '../test/rng.ts'
import { opensPublicKey } from '../test/secrets.ts'
import { applyOfflineRefresh } from './applyOfflineRefresh.ts'
import { reshareReveal } from './reshareReveal.ts'
import { refreshStart } from './reshareStart.ts'
import type { ReshareRound2Payload, ReshareRound3Payload } from './reshareTypes.ts'

const dkg = runDkg({ curve: 'secp256k1', t: 2, n: 3, online: [1, 2], rng: seededRng('rp') })
const share = (i: number) => structuredClone(dkg.shares.get(i) as KeyShare)
const backupKey = dkg.offlineKeys.get(3) as { secretKey: Uint8Array; publicKey: Uint8Array }
const offline = [{ index: 3, encryptionKey: backupKey.publicKey }]

function run(tamper?: ReshareTamper) {
  const started = new Map(
    [1, 2].map((i) => [i, refreshStart(share(i), { online: [1, 2], offline })] as const),
  )
  return runReshare(started, tamper === undefined ? {} : { tamper })
}

function caught(f: () => unknown): MpcError {
  try {
    f()
  } catch (e) {
    if (e instanceof MpcError) return e
    throw e
  }
  throw new Error('expected an MpcError')
}

test('device + co-signer refresh; the offline backup applies its encrypted deltas; same PK, epoch + 1', () => {
  const { shares, transcript } = run()
  const s1 = shares.get(1) as KeyShare
  const s2 = shares.get(2) as KeyShare
  const s3 = applyOfflineRefresh(share(3), transcript, backupKey.secretKey)
  for (const s of [s1, s2, s3]) {
    expect(s.epoch).toBe(1)
    expect(s.publicKey).toEqual(dkg.transcript.publicKey)
    expect(s.publicShares).toEqual(s1.publicShares)
  }
  expect(opensPublicKey([s1, s2]) && opensPublicKey([s1, s3]) && opensPublicKey([s2, s3])).toBe(
    true,
  )
  expect(s1.secretShare).not.toEqual(share(1).secretShare)
  // Attack 9: old shares do not combine with new ones.
  expect(opensPublicKey([share(1), s2])).toBe(false)
  expect(opensPublicKey([s1, share(3)])).toBe(false)
  // Zero seeds survive a refresh (they are not epoch-bound).
  expect(s1.zeroSeeds[2]).toEqual(s2.zeroSeeds[1])
})

test('equivocation in the commit round (different commitments to different parties) → Abort at the echo', () => {
  // Party 2 compares party 3's echo with its own view and names the equivocating dealer.
  // Three online parties so one can be shown a different commitment than the other.
  const three = runDkg({ curve: 'ed25519', t: 2, n: 3, rng: seededRng('rp3') })
  const started = new Map(
    [1, 2, 3].map(
      (i) =>
        [
          i,
          refreshStart(structuredClone(three.shares.get(i) as KeyShare), { online: [1, 2, 3] }),
        ] as const,
    ),
  )
  const err = caught(() =>
    runReshare(started, {
      order: [2, 3, 1],
      tamper: (m) => {
        if (m.round !== 2 || m.from !== 1 || m.to !== 3) return m
        const msg = m as Envelope<ReshareRound2Payload>
        return { ...msg, payload: { commit: new Uint8Array(32).fill(9) } }
      },
    }),
  )
  expect([err.code, err.culprit]).toEqual(['Abort', 1])
  expect(err.message).toBe('echo mismatch for round 2 reported by 3: party 1 equivocated')
})

test('a delta that does not match its dealer’s commitments → Abort naming the dealer', () => {
  const err = caught(() =>
    run((m) => {
      if (m.round !== 3 || m.from !== 2) return m
      const msg = m as Envelope<ReshareRound3Payload>
      const value = msg.payload.value.slice()
      value[31] = (value[31] as number) ^ 1
      return { ...msg, payload: { ...msg.payload, value } }
    }),
  )
  expect([err.code, err.culprit, err.message]).toEqual([
    'Abort',
    2,
    'refresh delta from party 2 does not match its commitments',
  ])
})

test('a dealing that does not open its commitment → Abort naming the dealer', () => {
  const err = caught(() =>
    run((m) => {
      if (m.round !== 3 || m.from !== 1) return m
      const msg = m as Envelope<ReshareRound3Payload>
      const backups = msg.payload.dealing.backups.map((b) => ({
        ...b,
        ciphertext: b.ciphertext.slice(1),
      }))
      return { ...msg, payload: { ...msg.payload, dealing: { ...msg.payload.dealing, backups } } }
    }),
  )
  expect([err.code, err.culprit, err.message]).toEqual([
    'Abort',
    1,
    'dealing from party 1 does not open its round-2 commitment',
  ])
})

test('a party at another epoch is refused in round 1; out-of-order use is refused', () => {
  const { shares } = run()
  const newer = shares.get(1) as KeyShare
  const a = refreshStart(newer, { online: [1, 2], offline })
  const b = refreshStart(share(2), { online: [1, 2], offline })
  const err = caught(() =>
    runReshare(
      new Map([
        [1, a],
        [2, b],
      ]),
    ),
  )
  expect([err.code, err.culprit]).toEqual(['Malformed', 2])
  expect(err.message).toBe('message from 2 is for another protocol, key or epoch')
  const c = refreshStart(share(1), { online: [1, 2], offline })
  expect(() => reshareReveal(c.state, [])).toThrow(
    'reshareReveal: re-share state is at step 2, expected 3',
  )
})

test('the backup refuses a transcript whose ciphertext was swapped (names the dealer)', () => {
  const { transcript } = run()
  const dealings = transcript.dealings.map((d) =>
    d.from === 2 ? { ...d, backups: transcript.dealings[0]?.backups ?? [] } : d,
  )
  const err = caught(() =>
    applyOfflineRefresh(share(3), { ...transcript, dealings }, backupKey.secretKey),
  )
  expect([err.code, err.culprit, err.message]).toEqual([
    'Abort',
    2,
    'delta from party 2 does not decrypt',
  ])
})

test('attack 5: index 0, out of range, duplicates, own index offline, too few dealers → Malformed', () => {
  const cases: [() => unknown, string][] = [
    [
      () => refreshStart(share(1), { online: [0, 1], offline }),
      '"dealers[0]" expected integer in [1, 3], got 0',
    ],
    [
      () => refreshStart(share(1), { online: [1, 4], offline }),
      '"dealers[1]" expected integer in [1, 3], got 4',
    ],
    [() => refreshStart(share(1), { online: [1, 1], offline }), 'duplicate party index 1'],
    [
      () =>
        refreshStart(share(1), {
          online: [1, 2],
          offline: [...offline, { ...offline[0], index: 1 }] as never,
        }),
      'duplicate party index 1',
    ],
    [() => refreshStart(share(1), { online: [1], offline }), 'need at least t = 2 dealers'],
    [
      () => recoveryHelperStart(share(1), { helpers: [2, 3], target: 1 }),
      'a share holder must deal',
    ],
    [
      () => refreshStart(share(1), { online: [1, 2] }),
      'dealers, target and offline must cover 1..3',
    ],
  ]
  for (const [run, reason] of cases) {
    const err = caught(run)
    expect(err.code).toBe('Malformed')
    expect(err.message).toContain(reason)
  }
})
