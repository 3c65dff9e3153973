/**
 * Micro-benchmark of src/curve (Float64-limb secp256k1) beside @noble/curves measured in the same
 * run: field mul, point add/double, mulBase, constant-time mul, 2-point msm, decode, verify.
 * Prints median and p10–p90 per operation and the noble/ours ratio. Run: pnpm exec tsx bench/curve.ts
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { fe, feFromBig, mul as fmul } from '../src/curve/field.ts'
import {
  add,
  basePrecomputed,
  decodePoint,
  double,
  ecdsaVerifyPrehashed,
  msmUnsafe,
  mul,
  mulBase,
  type Pt,
} from '../src/curve/index.ts'

const NP = secp256k1.Point
const n = NP.Fn.ORDER
type Stats = { median: number; p10: number; p90: number }

/** Per-call time in µs of one batch of `batch` calls. */
function timeBatch(batch: number, fn: (i: number) => unknown): number {
  const start = performance.now()
  for (let i = 0; i < batch; i++) fn(i)
  return ((performance.now() - start) * 1000) / batch
}

function stats(t: number[]): Stats {
  t.sort((a, b) => a - b)
  const at = (q: number) => t[Math.min(t.length - 1, Math.floor(q * t.length))] as number
  return { median: at(0.5), p10: at(0.1), p90: at(0.9) }
}

/**
 * `samples` batches of each side after a warm-up batch, alternating ours and noble batch by
 * batch, so load from other processes on this shared machine hits both sides alike.
 */
function measurePair(
  batch: number,
  samples: number,
  a: (i: number) => unknown,
  b: (i: number) => unknown,
): [Stats, Stats] {
  timeBatch(batch, a)
  timeBatch(batch, b)
  const ta: number[] = []
  const tb: number[] = []
  for (let s = 0; s < samples; s++) {
    ta.push(timeBatch(batch, a))
    tb.push(timeBatch(batch, b))
  }
  return [stats(ta), stats(tb)]
}

function rand(): bigint {
  const b = crypto.getRandomValues(new Uint8Array(40))
  let v = 0n
  for (const x of b) v = (v << 8n) | BigInt(x)
  return (v % (n - 1n)) + 1n
}

const K = 32
const scalars = Array.from({ length: K }, rand)
const noblePts = scalars.map((k) => NP.BASE.multiply(k))
const bytes = noblePts.map((P) => P.toBytes(true))
const ours: Pt[] = bytes.map((b) => decodePoint(b))
const affs = noblePts.map((P) => P.toAffine())
const msgs = scalars.map((k) => secp256k1.Point.Fn.toBytes((k * 7n) % n))
const sigs = msgs.map((m, i) =>
  secp256k1.Signature.fromBytes(
    secp256k1.sign(m, NP.Fn.toBytes(scalars[i] as bigint), { prehash: false }),
    'compact',
  ),
)

const fx = scalars.map((k) => k % NP.Fp.ORDER)
const fa = fx.map((x) => feFromBig(x))
const out = fe()
let sink: unknown
const rows: [string, Stats, Stats][] = []
function row(
  name: string,
  batch: number,
  samples: number,
  o: (i: number) => unknown,
  nb: (i: number) => unknown,
) {
  rows.push([name, ...measurePair(batch, samples, o, nb)])
}

row(
  'field mul',
  20000,
  41,
  (i) => fmul(out, fa[i % K] as Float64Array, fa[(i + 1) % K] as Float64Array),
  (i) => {
    sink = NP.Fp.mul(fx[i % K] as bigint, fx[(i + 1) % K] as bigint)
  },
)
row(
  'point add',
  2000,
  41,
  (i) => add(ours[i % K] as Pt, ours[(i + 1) % K] as Pt),
  (i) => (noblePts[i % K] as typeof NP.BASE).add(noblePts[(i + 1) % K] as typeof NP.BASE),
)
row(
  'point double',
  2000,
  41,
  (i) => double(ours[i % K] as Pt),
  (i) => (noblePts[i % K] as typeof NP.BASE).double(),
)
row(
  'mulBase (CT)',
  20,
  31,
  (i) => mulBase(scalars[i % K] as bigint),
  (i) => NP.BASE.multiply(scalars[i % K] as bigint),
)
row(
  'mul (CT), fresh point',
  5,
  31,
  (i) => mul(ours[i % K] as Pt, scalars[(i + 3) % K] as bigint),
  (i) =>
    NP.fromAffine(affs[i % K] as { x: bigint; y: bigint }).multiply(scalars[(i + 3) % K] as bigint),
)
row(
  'msmUnsafe a·G + b·P',
  10,
  31,
  (i) =>
    msmUnsafe(
      [basePrecomputed(), ours[i % K] as Pt],
      [scalars[i % K] as bigint, scalars[(i + 5) % K] as bigint],
    ),
  (i) =>
    NP.BASE.multiplyUnsafe(scalars[i % K] as bigint).add(
      NP.fromAffine(affs[i % K] as { x: bigint; y: bigint }).multiplyUnsafe(
        scalars[(i + 5) % K] as bigint,
      ),
    ),
)
const rhos = scalars.map((k) => k >> 128n) // 128-bit public ρ, as in the DKLs23 consistency checks
row(
  'msmUnsafe P + ρ·Q (128b)',
  10,
  31,
  (i) => msmUnsafe([ours[i % K] as Pt, ours[(i + 1) % K] as Pt], [1n, rhos[i % K] as bigint]),
  (i) =>
    NP.fromAffine(affs[i % K] as { x: bigint; y: bigint }).add(
      NP.fromAffine(affs[(i + 1) % K] as { x: bigint; y: bigint }).multiplyUnsafe(
        rhos[i % K] as bigint,
      ),
    ),
)
row(
  'decode (compressed)',
  200,
  31,
  (i) => decodePoint(bytes[i % K] as Uint8Array),
  (i) => NP.fromBytes(bytes[i % K] as Uint8Array),
)
row(
  'verify (prehashed)',
  10,
  31,
  (i) => {
    const s = sigs[i % K] as { r: bigint; s: bigint }
    if (!ecdsaVerifyPrehashed(s.r, s.s, msgs[i % K] as Uint8Array, ours[i % K] as Pt))
      throw new Error('bad')
  },
  (i) => {
    const s = sigs[i % K] as { toBytes: (f: 'compact') => Uint8Array }
    const ok = secp256k1.verify(
      s.toBytes('compact'),
      msgs[i % K] as Uint8Array,
      bytes[i % K] as Uint8Array,
      {
        prehash: false,
        lowS: false,
      },
    )
    if (!ok) throw new Error('bad')
  },
)

const f = (s: Stats) =>
  `${s.median.toFixed(2).padStart(9)} (${s.p10.toFixed(2)}–${s.p90.toFixed(2)})`
console.log(
  `${'operation'.padEnd(24)}${'ours µs median (p10–p90)'.padEnd(34)}${'noble µs median (p10–p90)'.padEnd(34)}noble/ours`,
)
for (const [name, o, nb] of rows) {
  console.log(
    `${name.padEnd(24)}${f(o).padEnd(34)}${f(nb).padEnd(34)}${(nb.median / o.median).toFixed(1)}×`,
  )
}
void sink
