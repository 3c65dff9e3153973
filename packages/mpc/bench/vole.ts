/**
 * Random vector OLE micro-benchmark (run with `pnpm exec tsx bench/vole.ts [runs]` from
 * packages/mpc): voleSend and voleReceive (one each per party per DKLs23 signature) as median and
 * p10–p90, beside noble's secp256k1 sign measured in the same run, interleaved round by round so
 * that a noisy machine slows all of them alike (compare ratios, not milliseconds). If a file
 * `bench/voleBaseline.ts` exists (a copy of an older rvole.ts, for a before/after while working),
 * it is measured in the same rounds too. Ends with one JSON line for tooling.
 */
import { existsSync } from 'node:fs'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { oteReceive, oteSend } from '../src/ot/extension.ts'
import { dealOtSetup } from '../src/ot/testing/dealOtSetup.ts'
import { gadgetVector, voleReceive, voleSend } from '../src/vole/rvole.ts'
import { Q, readScalar } from '../src/vole/scalars.ts'

type Impl = { voleSend: typeof voleSend; voleReceive: typeof voleReceive }
type Stats = { median: number; p10: number; p90: number; runs: number }

function stats(times: number[]): Stats {
  const sorted = times.slice().sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), runs: sorted.length }
}

const runs = Number(process.argv[2] ?? 100)
const baselinePath = new URL('./voleBaseline.ts', import.meta.url)
const impls: [string, Impl][] = [['', { voleSend, voleReceive }]]
if (existsSync(baselinePath)) impls.push([' (before)', await import(baselinePath.href)])

const { sender, receiver } = dealOtSetup()
const sid = randomBytes(32)
const gadget = gadgetVector(randomBytes(32))
const bob = oteReceive(receiver, sid)
const pair = { self: 1, peer: 2 }
const { rows } = oteSend(sender, sid, bob.message, { self: 2, peer: 1 })
const scalar = () => readScalar(randomBytes(32), 0) % Q
const inputs: [bigint, bigint] = [scalar(), scalar()]
const message = voleSend({ gadget, sid, rows, delta: sender.delta, inputs }).message
const secretKey = secp256k1.utils.randomSecretKey()
const msg = randomBytes(32)

const jobs: [string, () => unknown][] = [
  ['noble sign', () => secp256k1.sign(msg, secretKey, { prehash: false })],
]
for (const [suffix, impl] of impls) {
  jobs.push([
    `voleSend${suffix}`,
    () => impl.voleSend({ gadget, sid, rows, delta: sender.delta, inputs }),
  ])
  jobs.push([
    `voleReceive${suffix}`,
    () => impl.voleReceive({ gadget, sid, rows: bob.rows, choices: bob.choices, message, pair }),
  ])
}
const times = jobs.map(() => [] as number[])
for (let round = -Math.min(20, runs); round < runs; round++) {
  jobs.forEach(([, fn], i) => {
    // noble sign takes ~1 ms: 5 calls per round, averaged, keep its timer resolution honest.
    const reps = i === 0 ? 5 : 1
    const start = performance.now()
    for (let r = 0; r < reps; r++) fn()
    if (round >= 0) times[i]?.push((performance.now() - start) / reps)
  })
}
const results = jobs.map(([name], i) => [name, stats(times[i] ?? [])] as const)
const sign = results[0]?.[1].median ?? 1
for (const [name, s] of results) {
  console.log(
    `${name.padEnd(22)} median ${s.median.toFixed(3)} ms (p10 ${s.p10.toFixed(3)}, p90 ${s.p90.toFixed(3)}, n=${s.runs})` +
      ` = ${(s.median / sign).toFixed(2)}× noble sign`,
  )
}
console.log(
  JSON.stringify(Object.fromEntries(results.map(([name, s]) => [name, +s.median.toFixed(4)]))),
)
