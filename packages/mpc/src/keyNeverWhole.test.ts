/**
 * docs/THRESHOLD.md#threshold-keys: The full private key never exists: not at generation, not while
 * signing, not in recovery. The test side (only) recombines the group secret from two shares, runs
 * DKG, FROST signing, refresh and recovery, and scans every message and every party's state after
 * every round (and every serialised share, transcript and nonce) for the secret, big- and
 * little-endian, as bytes, hex or bigint. Only exportFullPrivateKey returns it.
 */
import { expect, test } from 'vitest'
import { type KeyShare, publicKeyState } from './dkg/keyShare.ts'
import { serializeKeyShare } from './dkg/keyShareCodec.ts'
import type { CurveName } from './encoding/curve.ts'
import { frostAggregate, frostCommit, frostSignShare } from './frost/frostSign.ts'
import { memoryNonceStore, type NonceStore } from './frost/nonceStore.ts'
import { EXPORT_CONFIRMATION, exportFullPrivateKey } from './import/exportFullPrivateKey.ts'
import { recoveryHelperStart, recoveryTargetStart } from './recovery/recoveryStart.ts'
import { applyOfflineRefresh } from './refresh/applyOfflineRefresh.ts'
import { refreshStart } from './refresh/reshareStart.ts'
import { runDkg } from './test/dkgHarness.ts'
import { runReshare } from './test/reshareHarness.ts'
import { seededRng } from './test/rng.ts'
import { groupSecretBytes } from './test/secrets.ts'
import { containsAnyBytes } from './worker/debugScan.ts'

/** A deep copy of what a party holds right now (later rounds wipe buffers in place). */
function snapshot(value: unknown): unknown {
  if (value instanceof Uint8Array) return value.slice()
  if (typeof value === 'function') return undefined
  if (value instanceof Map) return [...value].map(([k, v]) => [snapshot(k), snapshot(v)])
  if (Array.isArray(value)) return value.map(snapshot)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, snapshot(v)]))
  }
  return value
}

function recordingStore(seen: unknown[]): NonceStore {
  const inner = memoryNonceStore()
  return {
    put: (id, nonces) => {
      seen.push(snapshot(nonces))
      return inner.put(id, nonces)
    },
    take: (id) => inner.take(id),
  }
}

async function sign(signers: KeyShare[], seen: unknown[]) {
  const store = recordingStore(seen)
  const message = new TextEncoder().encode('never whole')
  const commitments = []
  for (const s of signers)
    commitments.push(await frostCommit(s, { sessionId: `${s.index}`, store }))
  const shares = []
  for (const s of signers) {
    shares.push(await frostSignShare(s, { sessionId: `${s.index}`, store, commitments, message }))
  }
  seen.push(snapshot({ commitments, shares }))
  seen.push(frostAggregate(signers[0] as KeyShare, { commitments, message }, shares))
}

for (const curve of ['ed25519', 'secp256k1'] as CurveName[]) {
  test(`${curve}: the group secret appears in no message and no state of DKG, signing, refresh, recovery`, async () => {
    const seen: unknown[] = []
    const dkg = runDkg({
      curve,
      t: 2,
      n: 3,
      online: [1, 2],
      rng: seededRng(`never-${curve}`),
      corrupt: (index, _step, states, out) => {
        seen.push(snapshot(states.get(index)), snapshot(out))
      },
    })
    const share = (i: number) => structuredClone(dkg.shares.get(i) as KeyShare)
    const secret = groupSecretBytes([share(1), share(2)])
    seen.push(snapshot(dkg.transcript), ...[1, 2, 3].map((i) => serializeKeyShare(share(i))))

    if (curve === 'ed25519') {
      await sign([share(1), share(2)], seen)
      await sign([share(2), share(3)], seen)
    }

    const backupKey = dkg.offlineKeys.get(3) as { secretKey: Uint8Array; publicKey: Uint8Array }
    const offline = [{ index: 3, encryptionKey: backupKey.publicKey }]
    const observe = (_i: number, state: unknown, out: unknown) => {
      seen.push(snapshot(state), snapshot(out))
    }
    const refreshed = runReshare(
      new Map([1, 2].map((i) => [i, refreshStart(share(i), { online: [1, 2], offline })] as const)),
      { observe },
    )
    const r3 = applyOfflineRefresh(share(3), refreshed.transcript, backupKey.secretKey)
    seen.push(snapshot(refreshed.transcript), serializeKeyShare(r3))
    const r2 = refreshed.shares.get(2) as KeyShare
    const recovered = runReshare(
      new Map([
        [1, recoveryTargetStart({ record: publicKeyState(r2), index: 1, helpers: [2, 3] })],
        [2, recoveryHelperStart(structuredClone(r2), { helpers: [2, 3], target: 1 })],
        [3, recoveryHelperStart(structuredClone(r3), { helpers: [2, 3], target: 1 })],
      ] as const),
      { observe },
    )
    for (const s of recovered.shares.values()) seen.push(serializeKeyShare(s))
    seen.push(snapshot(recovered.transcript))
    if (curve === 'ed25519') {
      await sign([recovered.shares.get(1) as KeyShare, recovered.shares.get(3) as KeyShare], seen)
    }

    expect(seen.length).toBeGreaterThan(40)
    expect(containsAnyBytes(seen, [secret])).toBe(false)
    // Only the explicit export returns it (and the scanner does find it there).
    const exported = exportFullPrivateKey(
      [recovered.shares.get(1) as KeyShare, recovered.shares.get(2) as KeyShare],
      { confirm: EXPORT_CONFIRMATION },
    )
    expect(exported).toEqual(secret)
    expect(containsAnyBytes([{ exported }], [secret])).toBe(true)
  })
}
