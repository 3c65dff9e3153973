/**
 * Same-process comparison of two versions of the DKLs23 signature (docs/STYLE.md#12-benchmarks):
 * on a shared machine the ratio to noble's sign moves by more between runs than a 10% change, so
 * this alternates the other version's full signature, this one's and noble's sign in one loop
 * (same keys and pair states, CPU medians). Run: `BASE=<other checkout>/packages/mpc pnpm exec tsx
 * bench/compare.ts` (the other checkout needs its dependencies installed). Test harness only.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import * as current from '../src/dkls23/testing/harness.ts'

type Harness = typeof current

const base = process.env.BASE
if (base === undefined) throw new Error('set BASE to the packages/mpc folder of the other version')
const other = (await import(`${base}/src/dkls23/testing/harness.ts`)) as Harness

const cpuNow = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

function signer(h: Harness) {
  const { shares } = h.dealKey(2, 3)
  const pairs = h.dealPairs(3)
  return () =>
    h.sign({ shares, signers: [1, 2], pairs, messageHash: randomBytes(32), combiners: [1] })
}

const a = signer(other)
const b = signer(current)
const key = secp256k1.utils.randomSecretKey()
const digest = new Uint8Array(32).fill(7)
const noble = () => {
  for (let k = 0; k < 10; k++) secp256k1.sign(digest, key, { prehash: false })
}
for (let i = 0; i < 5; i++) {
  await a()
  await b()
  noble()
}
const runs = Number(process.env.RUNS ?? 120)
const times: [number[], number[], number[]] = [[], [], []]
for (let i = 0; i < runs; i++) {
  let c = cpuNow()
  await a()
  times[0].push(cpuNow() - c)
  c = cpuNow()
  await b()
  times[1].push(cpuNow() - c)
  c = cpuNow()
  noble()
  times[2].push((cpuNow() - c) / 10)
}
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1] as number
const [ma, mb, mn] = times.map(median) as [number, number, number]
console.log(
  `other ${ma.toFixed(2)} ms (${(ma / mn).toFixed(1)}× noble), this ${mb.toFixed(2)} ms (${(mb / mn).toFixed(1)}×), noble sign ${mn.toFixed(3)} ms; this / other ${(mb / ma).toFixed(3)}`,
)
