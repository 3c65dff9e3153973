/**
 * DKLs23 benchmark (docs/ARCHITECTURE.md#performance-budgets): both parties of a 2-of-3 signature
 * in one process, compute only, with one combiner (the device verifies and outputs; the co-signer
 * only releases its share, as in production). Measures, with noble's single-key sign as the same-run reference:
 * the full signature (rounds 1–3 + sign + combine, incl. the output check), the online signature
 * from ready presignatures, the pairwise base-OT setup (both directions), payload bytes per round
 * and the serialised pair-state size. Every figure is reported as wall time and as this process's
 * CPU time (`process.cpuUsage`): on a loaded machine the wall clock also counts time spent waiting
 * for a core, CPU time is the compute. Signing uses the test-only OT dealer; the setup is timed
 * separately. Run: pnpm exec tsx packages/mpc/bench/dkls23.ts
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { payloadBytes, type SignMessage } from '../src/dkls23/messages.ts'
import { finishPairSetup, respondPairSetup, startPairSetup } from '../src/dkls23/pairSetup.ts'
import { encodePairOtState } from '../src/dkls23/pairState.ts'
import { dealKey, dealPairs, presign, sign } from '../src/dkls23/testing/harness.ts'

export type Spread = { median: number; p10: number; p90: number }
export type Timing = { wall: Spread; cpu: Spread }

export type Dkls23Bench = {
  /** Wall-clock medians (what bench/index.ts prints). */
  dkls23SignMedianMs: number
  presignedOnlineSignMedianMs: number
  /** CPU-time medians of the same runs. */
  dkls23SignCpuMedianMs: number
  presignedOnlineSignCpuMedianMs: number
  full: Timing
  online: Timing
  /** noble's single-key secp256k1 sign, interleaved with the runs above. */
  nobleSign: Timing
  /** Kept for older callers: noble sign + verify, wall median. */
  nobleSignVerifyMedianMs: number
  bytesPerRound: { round1: number; round2: number; round3: number }
  /** Payload bytes of one full signature, both parties (the sum of bytesPerRound). */
  bytesPerSign: number
  /** The same bytes by payload field, e.g. `round1.ote.u`, `round2.vole.aTilde` (both parties). */
  bytesByField: Record<string, number>
  pairSetupMs: number
  pairSetupCpuMs: number
  pairStateBytes: number
  /**
   * The same full signature with v1 pair states (k = 1, λ_s = 128: states stored before v2, which
   * keep signing), interleaved in the same loop, and its bytes: the before/after of one run.
   */
  v1: { full: Timing; bytesPerSign: number }
}

function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number
  return { median: at(0.5), p10: at(0.1), p90: at(0.9) }
}

function cpuNow(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** Runs `f` and returns [wall ms, CPU ms]. */
async function timed(f: () => unknown): Promise<[number, number]> {
  const c0 = cpuNow()
  const t0 = performance.now()
  await f()
  return [performance.now() - t0, cpuNow() - c0]
}

/** Byte length of every Uint8Array leaf of a payload, by dotted path. */
function fieldBytes(p: unknown, path: string): [string, number][] {
  if (p instanceof Uint8Array) return [[path, p.length]]
  if (p === null || typeof p !== 'object') return []
  return Object.entries(p).flatMap(([k, v]) => fieldBytes(v, `${path}.${k}`))
}

export async function benchDkls23(iterations = 30): Promise<Dkls23Bench> {
  const { shares } = dealKey(2, 3)
  const pairs = dealPairs(3) // v2, what new setups produce
  const pairsV1 = dealPairs(3, 0, 1)
  const signers = [1, 2]
  // One combiner, as deployed: the device combines and verifies, the co-signer releases (u, w).
  const options = () => ({
    shares,
    signers,
    pairs,
    messageHash: randomBytes(32),
    combiners: [1],
  })
  const optionsV1 = () => ({ ...options(), pairs: pairsV1 })
  for (let i = 0; i < 3; i++) {
    await sign(options()) // warm-up (JIT, noble precomputes)
    await sign(optionsV1())
  }
  const key = secp256k1.utils.randomSecretKey()
  const pub = secp256k1.getPublicKey(key)
  const h = randomBytes(32)

  const series = {
    fullW: [],
    fullC: [],
    onW: [],
    onC: [],
    refW: [],
    refC: [],
    refSV: [],
    v1W: [],
    v1C: [],
  } as Record<string, number[]>
  const push = (w: string, c: string, [wall, cpu]: [number, number]) => {
    series[w]?.push(wall)
    series[c]?.push(cpu)
  }
  for (let i = 0; i < iterations; i++) {
    // Interleaved, so load changes hit the protocol and the reference alike.
    push('fullW', 'fullC', await timed(() => sign(options())))
    push('v1W', 'v1C', await timed(() => sign(optionsV1())))
    const o = options()
    const presigs = presign(o)
    push('onW', 'onC', await timed(() => sign(o, presigs)))
    const [w, c] = await timed(() => {
      for (let k = 0; k < 10; k++) secp256k1.sign(h, key, { prehash: false })
    })
    push('refW', 'refC', [w / 10, c / 10])
    const sig = secp256k1.sign(h, key, { prehash: false })
    const [sv] = await timed(() => secp256k1.verify(sig, h, pub, { prehash: false }))
    series.refSV?.push(w / 10 + sv)
  }

  const transcript: SignMessage[] = []
  await sign({ ...options(), transcript })
  const perRound = (round: number) =>
    transcript.filter((m) => m.round === round).reduce((n, m) => n + payloadBytes(m.payload), 0)

  const bytesByField: Record<string, number> = {}
  for (const m of transcript) {
    for (const [path, n] of fieldBytes(m.payload, `round${m.round}`)) {
      bytesByField[path] = (bytesByField[path] ?? 0) + n
    }
  }
  const bytesPerRound = { round1: perRound(1), round2: perRound(2), round3: perRound(3) }
  const transcriptV1: SignMessage[] = []
  await sign({ ...optionsV1(), transcript: transcriptV1 })
  const bytesPerSignV1 = transcriptV1.reduce((n, m) => n + payloadBytes(m.payload), 0)

  const sid = randomBytes(32)
  let pairStateBytes = 0
  const [pairSetupMs, pairSetupCpuMs] = await timed(() => {
    const a = startPairSetup({ self: 1, peer: 2, keyId: 'bench', epoch: 0, sid })
    const b = startPairSetup({ self: 2, peer: 1, keyId: 'bench', epoch: 0, sid })
    const ra = respondPairSetup(a.state, b.message)
    const rb = respondPairSetup(b.state, a.message)
    pairStateBytes = encodePairOtState(finishPairSetup(a.state, rb)).length
    finishPairSetup(b.state, ra)
  })

  const s = (k: string) => spread(series[k] ?? [])
  const full = { wall: s('fullW'), cpu: s('fullC') }
  const online = { wall: s('onW'), cpu: s('onC') }
  return {
    dkls23SignMedianMs: full.wall.median,
    presignedOnlineSignMedianMs: online.wall.median,
    dkls23SignCpuMedianMs: full.cpu.median,
    presignedOnlineSignCpuMedianMs: online.cpu.median,
    full,
    online,
    nobleSign: { wall: s('refW'), cpu: s('refC') },
    nobleSignVerifyMedianMs: s('refSV').median,
    bytesPerRound,
    bytesPerSign: bytesPerRound.round1 + bytesPerRound.round2 + bytesPerRound.round3,
    bytesByField,
    pairSetupMs,
    pairSetupCpuMs,
    pairStateBytes,
    v1: { full: { wall: s('v1W'), cpu: s('v1C') }, bytesPerSign: bytesPerSignV1 },
  }
}

// Also runnable directly.
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchDkls23()
  const row = (t: Timing, budget: string) => ({
    'wall median': t.wall.median.toFixed(2),
    'wall p10–p90': `${t.wall.p10.toFixed(1)}–${t.wall.p90.toFixed(1)}`,
    'cpu median': t.cpu.median.toFixed(2),
    'cpu p10–p90': `${t.cpu.p10.toFixed(1)}–${t.cpu.p90.toFixed(1)}`,
    '× noble sign (cpu)': (t.cpu.median / r.nobleSign.cpu.median).toFixed(1),
    budget,
  })
  console.table({
    'full signature, both parties (ms)': row(r.full, '≤ 40 ms'),
    'online from presignatures, both parties (ms)': row(r.online, '≤ 2 ms'),
    'full signature, v1 pair states (ms)': row(r.v1.full, ''),
    'reference: noble secp256k1 sign (ms)': row(r.nobleSign, ''),
  })
  console.table({
    'pair OT setup, both directions (ms)': `wall ${r.pairSetupMs.toFixed(0)}, cpu ${r.pairSetupCpuMs.toFixed(0)} (DKG budget ≤ 3 s)`,
    'serialised pair OT state (bytes, one party)': r.pairStateBytes,
    'bytes round 1 (both parties)': r.bytesPerRound.round1,
    'bytes round 2': r.bytesPerRound.round2,
    'bytes round 3': r.bytesPerRound.round3,
    'bytes per signature (both parties)': r.bytesPerSign,
    'bytes per signature, v1 pair states': r.v1.bytesPerSign,
  })
  console.table(r.bytesByField)
}
