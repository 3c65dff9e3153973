/**
 * Benchmarks (docs/STYLE.md#12-benchmarks), run on demand with `pnpm bench`: DKG (secp256k1,
 * Ed25519), FROST sign, refresh and recovery (the re-share message state machine, every party in
 * one process), each as median and spread, beside noble's single-key sign measured in the same run
 * (divide by it on noisy machines), the serialised share size, and the DKLs23 figures from
 * bench/dkls23.ts. Ends with one JSON line for tooling.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { type KeyShare, publicKeyState } from '../src/dkg/keyShare.ts'
import { serializeKeyShare } from '../src/dkg/keyShareCodec.ts'
import { frostAggregate, frostCommit, frostSignShare } from '../src/frost/frostSign.ts'
import { memoryNonceStore } from '../src/frost/nonceStore.ts'
import { recoveryHelperStart, recoveryTargetStart } from '../src/recovery/recoveryStart.ts'
import { refreshStart } from '../src/refresh/reshareStart.ts'
import { runDkg } from '../src/test/dkgHarness.ts'
import { runReshare } from '../src/test/reshareHarness.ts'
import { benchDkls23 } from './dkls23.ts'

/** Wall-clock median and spread, and the median of this process's CPU time over the same runs. */
type Stats = { median: number; min: number; max: number; runs: number; cpuMedian: number }

const cpuNow = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

async function measure(runs: number, fn: () => unknown): Promise<Stats> {
  await fn() // warm-up
  const times: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const c0 = cpuNow()
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
    cpu.push(cpuNow() - c0)
  }
  times.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  return {
    median: times[Math.floor(times.length / 2)] as number,
    min: times[0] as number,
    max: times.at(-1) as number,
    runs,
    cpuMedian: cpu[Math.floor(cpu.length / 2)] as number,
  }
}

const fmt = (s: Stats) =>
  `${s.median.toFixed(2)} ms (min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)}, n=${s.runs}; CPU ${s.cpuMedian.toFixed(2)})`

// With the pairwise base-OT setup in its rounds, as deployed: every party in this one process.
// The protocol is symmetric and the parties run side by side on their own machines, so one
// party's compute is about half of this.
const dkgSecp = await measure(5, () =>
  runDkg({ curve: 'secp256k1', t: 2, n: 3, online: [1, 2], pairSetup: true }),
)
// Every party online (no offline backup): three pairs, so three pairwise OT setups.
const dkgSecp3 = await measure(3, () =>
  runDkg({ curve: 'secp256k1', t: 2, n: 3, online: [1, 2, 3], pairSetup: true }),
)
const dkgSecpNoOt = await measure(10, () =>
  runDkg({ curve: 'secp256k1', t: 2, n: 3, online: [1, 2] }),
)
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

const secp = runDkg({ curve: 'secp256k1', t: 2, n: 3, online: [1, 2] })
const secpShare = (i: number) => structuredClone(secp.shares.get(i) as KeyShare)
const offline = [
  { index: 3, encryptionKey: (secp.offlineKeys.get(3) as { publicKey: Uint8Array }).publicKey },
]
const refresh = await measure(10, () =>
  runReshare(
    new Map(
      [1, 2].map((i) => [i, refreshStart(secpShare(i), { online: [1, 2], offline })] as const),
    ),
  ),
)
const recovery = await measure(10, () =>
  runReshare(
    new Map([
      [1, recoveryTargetStart({ record: publicKeyState(secpShare(2)), index: 1, helpers: [2, 3] })],
      [2, recoveryHelperStart(secpShare(2), { helpers: [2, 3], target: 1 })],
      [3, recoveryHelperStart(secpShare(3), { helpers: [2, 3], target: 1 })],
    ] as const),
  ),
)

const sk = secp256k1.utils.randomSecretKey()
const digest = new Uint8Array(32).fill(7)
const noble = await measure(200, () => secp256k1.sign(digest, sk, { prehash: false }))
const edKey = ed25519.utils.randomSecretKey()
const nobleEd = await measure(200, () => ed25519.sign(message, edKey))

const shareBytes = serializeKeyShare(secpShare(1)).length
const dkls = await benchDkls23()

console.log('benchmark                              median (spread)')
// Every secp256k1 row also as a ratio of CPU medians to noble's sign measured in this run.
const vsNoble = (s: Stats) => `= ${(s.cpuMedian / noble.cpuMedian).toFixed(0)}× noble sign (CPU)`
console.log(
  `DKG secp256k1 2-of-3 + OT setup, both  ${fmt(dkgSecp)} ${vsNoble(dkgSecp)}  (one party ≈ half)`,
)
console.log(
  `DKG secp256k1 2-of-3, 3 online + OT    ${fmt(dkgSecp3)} ${vsNoble(dkgSecp3)}  (three pairs)`,
)
console.log(`DKG secp256k1 2-of-3, without OT setup ${fmt(dkgSecpNoOt)} ${vsNoble(dkgSecpNoOt)}`)
console.log(`DKG Ed25519 2-of-3 (2 online)           ${fmt(dkgEd)}`)
console.log(
  `FROST Ed25519 sign, 2 signers          ${fmt(frost)}  = ${(frost.median / nobleEd.median).toFixed(1)}× noble Ed25519 sign`,
)
console.log(`refresh secp256k1 (2 online + backup)  ${fmt(refresh)} ${vsNoble(refresh)}`)
console.log(`recovery secp256k1 (2 helpers → 1)     ${fmt(recovery)} ${vsNoble(recovery)}`)
console.log(`noble secp256k1 single-key sign        ${fmt(noble)}`)
console.log(`noble Ed25519 single-key sign          ${fmt(nobleEd)}`)
console.log(
  `DKLs23 2-of-3 sign (full / presigned)  CPU ${dkls.dkls23SignCpuMedianMs.toFixed(2)} ms / ${dkls.presignedOnlineSignCpuMedianMs.toFixed(2)} ms (wall ${dkls.dkls23SignMedianMs.toFixed(2)} / ${dkls.presignedOnlineSignMedianMs.toFixed(2)}); noble sign CPU ${dkls.nobleSign.cpu.median.toFixed(2)} ms in the same loop`,
)
console.log(
  `DKLs23 full sign / noble sign (CPU)     ${(dkls.dkls23SignCpuMedianMs / dkls.nobleSign.cpu.median).toFixed(1)}×; presigned ${(dkls.presignedOnlineSignCpuMedianMs / dkls.nobleSign.cpu.median).toFixed(1)}×`,
)
console.log(
  `DKLs23 v1 pair states (k = 1, λ_s = 128) CPU ${dkls.v1.full.cpu.median.toFixed(2)} ms = ${(dkls.v1.full.cpu.median / dkls.nobleSign.cpu.median).toFixed(1)}× noble; v2 / v1 = ${(dkls.dkls23SignCpuMedianMs / dkls.v1.full.cpu.median).toFixed(2)}; ${dkls.v1.bytesPerSign} bytes`,
)
console.log(
  `DKG 2 online + backup + OT, CPU        ${dkgSecp.cpuMedian.toFixed(0)} ms = ${(dkgSecp.cpuMedian / dkls.nobleSign.cpu.median).toFixed(0)}× noble sign`,
)
console.log(`serialised secp256k1 share             ${shareBytes} bytes`)
// Where a signature's bytes go (both parties, payload bytes only, no envelope): by component and
// by field, so a reduction can be attributed.
const component = (path: string) =>
  path.includes('.ote.') ? 'OT extension' : path.includes('.vole.') ? 'vOLE' : 'DKLs23 values'
const byComponent: Record<string, number> = {}
for (const [path, n] of Object.entries(dkls.bytesByField))
  byComponent[component(path)] = (byComponent[component(path)] ?? 0) + n
console.log(
  `DKLs23 bytes per signature, both        ${dkls.bytesPerSign} (round 1 ${dkls.bytesPerRound.round1}, round 2 ${dkls.bytesPerRound.round2}, round 3 ${dkls.bytesPerRound.round3})`,
)
for (const [name, n] of Object.entries(byComponent)) console.log(`  ${name.padEnd(37)} ${n}`)
for (const [path, n] of Object.entries(dkls.bytesByField))
  console.log(`    ${path.padEnd(35)} ${n}`)
console.log(
  JSON.stringify({
    dkgSecp256k1Ms: dkgSecp.median,
    dkgSecp256k1PerPartyMs: dkgSecp.median / 2,
    dkgSecp256k1WithoutOtSetupMs: dkgSecpNoOt.median,
    dkgEd25519Ms: dkgEd.median,
    frostSignMedianMs: frost.median,
    refreshMs: refresh.median,
    recoveryMs: recovery.median,
    nobleSignMedianMs: noble.median,
    nobleEd25519SignMedianMs: nobleEd.median,
    // The budgets are compute: CPU medians (wall medians beside them count waiting for a core).
    dkls23SignMedianMs: dkls.dkls23SignCpuMedianMs,
    presignedOnlineSignMedianMs: dkls.presignedOnlineSignCpuMedianMs,
    dkls23SignWallMedianMs: dkls.dkls23SignMedianMs,
    presignedOnlineSignWallMedianMs: dkls.presignedOnlineSignMedianMs,
    nobleSignCpuMedianMs: dkls.nobleSign.cpu.median,
    shareBytes,
    dkls23BytesPerSign: dkls.bytesPerSign,
    // The same full signature with stored v1 pair states (k = 1, λ_s = 128), same loop: CPU median.
    dkls23SignV1MedianMs: dkls.v1.full.cpu.median,
    dkls23BytesPerSignV1: dkls.v1.bytesPerSign,
    // 2 online parties + the offline backup, with the pairwise OT setup, both online parties'
    // compute in this one process: CPU median (the wall median of the same runs is
    // dkgSecp256k1Ms and dkgTwoOnlineWallMs; on a shared machine it also counts waiting).
    dkgTwoOnlineMs: dkgSecp.cpuMedian,
    dkgTwoOnlineWallMs: dkgSecp.median,
    // The same with all three parties online (three pairwise OT setups), CPU and wall medians.
    dkgThreeOnlineMs: dkgSecp3.cpuMedian,
    dkgThreeOnlineWallMs: dkgSecp3.median,
  }),
)
