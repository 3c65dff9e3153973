/**
 * Benchmarks (STYLE.md §12), run on demand with `pnpm bench`: DKG (secp256k1, Ed25519), FROST
 * sign and refresh, each as median and spread, beside noble's single-key secp256k1 sign measured
 * in the same run, plus the serialised share size. Ends with one JSON line for tooling.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import type { KeyShare } from '../src/dkg/keyShare.ts'
import { serializeKeyShare } from '../src/dkg/keyShareCodec.ts'
import { frostAggregate, frostCommit, frostSignShare } from '../src/frost/frostSign.ts'
import { memoryNonceStore } from '../src/frost/nonceStore.ts'
import { runDkg } from '../src/test/dkgHarness.ts'
import { refreshShares } from '../src/test/refreshHarness.ts'

type Stats = { median: number; min: number; max: number; runs: number }

async function measure(runs: number, fn: () => unknown): Promise<Stats> {
  await fn() // warm-up
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return {
    median: times[Math.floor(times.length / 2)] as number,
    min: times[0] as number,
    max: times.at(-1) as number,
    runs,
  }
}

const fmt = (s: Stats) =>
  `${s.median.toFixed(2)} ms (min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)}, n=${s.runs})`

const dkgSecp = await measure(10, () => runDkg({ curve: 'secp256k1', t: 2, n: 3, online: [1, 2] }))
const dkgEd = await measure(10, () => runDkg({ curve: 'ed25519', t: 2, n: 3, online: [1, 2] }))

const ed = runDkg({ curve: 'ed25519', t: 2, n: 3, online: [1, 2] }).shares
const message = new TextEncoder().encode('benchmark message')
let session = 0
const frost = await measure(50, async () => {
  const store = memoryNonceStore()
  const signers = [1, 2].map((i) => ed.get(i) as KeyShare)
  const id = String(session++)
  const commitments = []
  for (const s of signers)
    commitments.push(await frostCommit(s, { sessionId: `${id}/${s.index}`, store }))
  const shares = []
  for (const s of signers)
    shares.push(
      await frostSignShare(s, { sessionId: `${id}/${s.index}`, store, commitments, message }),
    )
  return frostAggregate(signers[0] as KeyShare, { commitments, message }, shares)
})

const secpShares = runDkg({ curve: 'secp256k1', t: 2, n: 3, online: [1, 2] }).shares
const refresh = await measure(10, () =>
  refreshShares([secpShares.get(1) as KeyShare, secpShares.get(2) as KeyShare]),
)

const sk = secp256k1.utils.randomSecretKey()
const digest = new Uint8Array(32).fill(7)
const noble = await measure(200, () => secp256k1.sign(digest, sk, { prehash: false }))

const shareBytes = serializeKeyShare(secpShares.get(1) as KeyShare).length

console.log('benchmark                         median (spread)')
console.log(`DKG secp256k1 2-of-3 (2 online)   ${fmt(dkgSecp)}`)
console.log(`DKG Ed25519 2-of-3 (2 online)     ${fmt(dkgEd)}`)
console.log(
  `FROST Ed25519 sign, 2 signers     ${fmt(frost)}  = ${(frost.median / noble.median).toFixed(1)}× noble sign`,
)
console.log(`refresh secp256k1 2-of-3          ${fmt(refresh)}`)
console.log(`noble secp256k1 single-key sign   ${fmt(noble)}`)
console.log(`serialised secp256k1 share        ${shareBytes} bytes`)
console.log(
  JSON.stringify({
    dkgSecp256k1Ms: dkgSecp.median,
    dkgEd25519Ms: dkgEd.median,
    frostSignMedianMs: frost.median,
    refreshMs: refresh.median,
    nobleSignMedianMs: noble.median,
    shareBytes,
  }),
)
