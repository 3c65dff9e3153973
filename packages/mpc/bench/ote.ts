/**
 * OT extension micro-benchmark (run with `pnpm exec tsx bench/ote.ts` from packages/mpc):
 * oteReceive and oteSend (4 calls per DKLs23 signature) as median and p10–p90, beside noble's
 * secp256k1 sign measured in the same run (divide by it: this machine is noisy).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { oteReceive, oteSend } from '../src/ot/extension.ts'
import { OT_PARAMS } from '../src/ot/params.ts'
import { dealOtSetup } from '../src/ot/testing/dealOtSetup.ts'

type Stats = { median: number; p10: number; p90: number; runs: number }

function measure(runs: number, fn: () => unknown): Stats {
  for (let i = 0; i < Math.min(50, runs); i++) fn() // warm-up (JIT)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(runs - 1, Math.floor(q * runs))] as number
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), runs }
}

const runs = Number(process.argv[2] ?? 300)
const { sender, receiver } = dealOtSetup()
const sid = randomBytes(32)
const bob = oteReceive(receiver, sid)
const pair = { self: 1, peer: 2 }

const secretKey = secp256k1.utils.randomSecretKey()
const msg = randomBytes(32)
const sign = measure(runs, () => secp256k1.sign(msg, secretKey, { prehash: false }))
const receive = measure(runs, () => oteReceive(receiver, sid))
const send = measure(runs, () => oteSend(sender, sid, bob.message, pair))
// The v2 set (SoftSpokenOT k = 2, ξ = 416, ℓ′ = 544), what new pair setups produce.
const v2 = dealOtSetup(undefined, 2)
const bob2 = oteReceive(v2.receiver, sid, undefined, OT_PARAMS[2])
const receive2 = measure(runs, () => oteReceive(v2.receiver, sid, undefined, OT_PARAMS[2]))
const send2 = measure(runs, () => oteSend(v2.sender, sid, bob2.message, pair, OT_PARAMS[2]))

const fmt = (name: string, s: Stats) =>
  `${name.padEnd(14)} median ${s.median.toFixed(3)} ms (p10 ${s.p10.toFixed(3)}, p90 ${s.p90.toFixed(3)}, n=${s.runs})` +
  ` = ${(s.median / sign.median).toFixed(2)}× noble sign`
console.log(fmt('noble sign', sign))
console.log(fmt('oteReceive', receive))
console.log(fmt('oteSend', send))
console.log(fmt('oteReceive v2', receive2))
console.log(fmt('oteSend v2', send2))
console.log(
  JSON.stringify({
    signMs: sign.median,
    oteReceiveMs: receive.median,
    oteSendMs: send.median,
    receiveRatio: receive.median / sign.median,
    sendRatio: send.median / sign.median,
    oteReceiveV2Ms: receive2.median,
    oteSendV2Ms: send2.median,
  }),
)
