/**
 * DKLs23 benchmark (ARCHITECTURE.md "Performance budgets"): both parties of a 2-of-3 signature in
 * one process, compute only. Returns the median full signature (rounds 1–3 + sign + combine, incl.
 * the final verification) and the median online signature from ready presignatures, plus payload
 * bytes per round. Uses the test-only OT dealer: pairwise base-OT setup is a one-off per key and is
 * measured separately (`pairSetupMs`). Run: pnpm exec tsx packages/mpc/bench/dkls23.ts
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { payloadBytes, type SignMessage } from '../src/dkls23/messages.ts'
import { finishPairSetup, respondPairSetup, startPairSetup } from '../src/dkls23/pairSetup.ts'
import { dealKey, dealPairs, presign, sign } from '../src/dkls23/testing/harness.ts'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

export type Dkls23Bench = {
  dkls23SignMedianMs: number
  presignedOnlineSignMedianMs: number
  bytesPerRound: { round1: number; round2: number; round3: number }
  pairSetupMs: number
  /** noble's single-key secp256k1 sign + verify in the same run: divide by it on noisy machines. */
  nobleSignVerifyMedianMs: number
}

export async function benchDkls23(iterations = 20): Promise<Dkls23Bench> {
  const { shares } = dealKey(2, 3)
  const pairs = dealPairs(3)
  const signers = [1, 2]
  const options = () => ({ shares, signers, pairs, messageHash: randomBytes(32) })
  for (let i = 0; i < 3; i++) await sign(options()) // warm-up (JIT, noble precomputes)

  const full: number[] = []
  for (let i = 0; i < iterations; i++) {
    const o = options()
    const t0 = performance.now()
    await sign(o)
    full.push(performance.now() - t0)
  }

  const online: number[] = []
  for (let i = 0; i < iterations; i++) {
    const o = options()
    const presigs = presign(o)
    const t0 = performance.now()
    await sign(o, presigs)
    online.push(performance.now() - t0)
  }

  const transcript: SignMessage[] = []
  await sign({ ...options(), transcript })
  const perRound = (round: number) =>
    transcript.filter((m) => m.round === round).reduce((n, m) => n + payloadBytes(m.payload), 0)

  const sid = randomBytes(32)
  const t0 = performance.now()
  const a = startPairSetup({ self: 1, peer: 2, keyId: 'bench', epoch: 0, sid })
  const b = startPairSetup({ self: 2, peer: 1, keyId: 'bench', epoch: 0, sid })
  const ra = respondPairSetup(a.state, b.message)
  const rb = respondPairSetup(b.state, a.message)
  finishPairSetup(a.state, rb)
  finishPairSetup(b.state, ra)
  const pairSetupMs = performance.now() - t0

  const key = secp256k1.utils.randomSecretKey()
  const pub = secp256k1.getPublicKey(key)
  const reference: number[] = []
  for (let i = 0; i < iterations; i++) {
    const h = randomBytes(32)
    const t1 = performance.now()
    secp256k1.verify(secp256k1.sign(h, key, { prehash: false }), h, pub, { prehash: false })
    reference.push(performance.now() - t1)
  }

  return {
    nobleSignVerifyMedianMs: median(reference),
    dkls23SignMedianMs: median(full),
    presignedOnlineSignMedianMs: median(online),
    bytesPerRound: { round1: perRound(1), round2: perRound(2), round3: perRound(3) },
    pairSetupMs,
  }
}

// Also runnable directly.
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchDkls23()
  console.table({
    'full signature, both parties (ms, median)': r.dkls23SignMedianMs.toFixed(1),
    'online signature from presignatures (ms, median)': r.presignedOnlineSignMedianMs.toFixed(2),
    'pair OT setup, both directions (ms)': r.pairSetupMs.toFixed(0),
    'reference: noble sign + verify (ms, median)': r.nobleSignVerifyMedianMs.toFixed(2),
    'full signature / reference': (r.dkls23SignMedianMs / r.nobleSignVerifyMedianMs).toFixed(1),
    'bytes round 1 (both parties)': r.bytesPerRound.round1,
    'bytes round 2': r.bytesPerRound.round2,
    'bytes round 3': r.bytesPerRound.round3,
  })
}
