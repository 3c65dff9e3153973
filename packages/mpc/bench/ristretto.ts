/**
 * Micro-benchmark of src/ristretto (Float64-limb ristretto255) beside @noble/curves in the same
 * run: field mul, mulBase, constant-time mul of a fresh point, decode, encode, batch
 * double-and-encode, hash-to-group; then the pairwise base-OT setup (both directions) as CPU time.
 * Prints per-call medians (µs) and the noble/ours ratio. Run: pnpm exec tsx packages/mpc/bench/ristretto.ts
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { finishPairSetup, respondPairSetup, startPairSetup } from '../src/dkls23/pairSetup.ts'
import { fe, feFromBig, mul as fmul } from '../src/ristretto/field.ts'
import {
  decode,
  encode,
  encodeDoubled,
  hashToGroup,
  mul,
  mulBase,
  type Pt,
} from '../src/ristretto/index.ts'

const NP = ristretto255.Point
const n = NP.Fn.ORDER

/** Per-call time in µs (median of `samples` batches of `batch` calls, after a warm-up batch). */
function measure(batch: number, samples: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < batch; i++) fn(i)
  const t: number[] = []
  for (let s = 0; s < samples; s++) {
    const start = performance.now()
    for (let i = 0; i < batch; i++) fn(i)
    t.push(((performance.now() - start) * 1000) / batch)
  }
  t.sort((a, b) => a - b)
  return t[t.length >> 1] as number
}

function rand(): bigint {
  let v = 0n
  for (const x of randomBytes(40)) v = (v << 8n) | BigInt(x)
  return (v % (n - 1n)) + 1n
}

const K = 32
const ks = Array.from({ length: K }, rand)
const noblePts = ks.map((k) => NP.BASE.multiply(k))
const enc = noblePts.map((p) => p.toBytes())
const ours: Pt[] = enc.map((b) => decode(b))
const msgs = ks.map(() => randomBytes(32))
const fx = ks.map((k) => k % NP.Fp.ORDER)
const fa = fx.map((x) => feFromBig(x))
const out = fe()
const at = (i: number) => i & (K - 1)

const rows: [string, number, number][] = []
function row(
  name: string,
  batch: number,
  noble: (i: number) => unknown,
  mine: (i: number) => unknown,
  per = 1,
) {
  const a = measure(batch, 9, noble)
  const b = measure(batch, 9, mine)
  rows.push([name, a / per, b / per])
}

row(
  'field mul',
  20000,
  (i) => NP.Fp.mul(fx[at(i)] as bigint, fx[at(i + 3)] as bigint),
  (i) => fmul(out, fa[at(i)] as Float64Array, fa[at(i + 3)] as Float64Array),
)
row(
  'mulBase (k·G)',
  20,
  (i) => NP.BASE.multiply(ks[at(i)] as bigint),
  (i) => mulBase(ks[at(i)] as bigint),
)
row(
  'mul (k·P, fresh P)',
  10,
  (i) => NP.fromBytes(enc[at(i)] as Uint8Array).multiply(ks[at(i + 1)] as bigint),
  (i) => mul(decode(enc[at(i)] as Uint8Array), ks[at(i + 1)] as bigint),
)
row(
  'decode',
  50,
  (i) => NP.fromBytes(enc[at(i)] as Uint8Array),
  (i) => decode(enc[at(i)] as Uint8Array),
)
row(
  'encode',
  50,
  (i) => (noblePts[at(i)] as (typeof noblePts)[0]).toBytes(),
  (i) => encode(ours[at(i)] as Pt),
)
row(
  'encode 2P, per point (batch of 32)',
  2,
  () => noblePts.map((p) => p.double().toBytes()),
  () => encodeDoubled(ours),
  K,
)
row(
  'hash-to-group',
  50,
  (i) => ristretto255_hasher.hashToCurve(msgs[at(i)] as Uint8Array),
  (i) => hashToGroup(msgs[at(i)] as Uint8Array),
)

const cpuNow = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const setups: number[] = []
for (let r = 0; r < 3; r++) {
  const sid = randomBytes(32)
  const c0 = cpuNow()
  const a = startPairSetup({ self: 1, peer: 2, keyId: 'bench', epoch: 0, sid })
  const b = startPairSetup({ self: 2, peer: 1, keyId: 'bench', epoch: 0, sid })
  const ra = respondPairSetup(a.state, b.message)
  const rb = respondPairSetup(b.state, a.message)
  finishPairSetup(a.state, rb)
  finishPairSetup(b.state, ra)
  setups.push(cpuNow() - c0)
}
setups.sort((x, y) => x - y)

console.table(
  Object.fromEntries(
    rows.map(([name, a, b]) => [
      name,
      { 'noble µs': a.toFixed(2), 'ours µs': b.toFixed(2), ratio: (a / b).toFixed(1) },
    ]),
  ),
)
console.log(`pair OT setup, both directions: cpu median ${setups[1]?.toFixed(0)} ms (of 3)`)
