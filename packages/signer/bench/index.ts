/**
 * Signer benchmark (`pnpm bench`), the device's view of issue 13's figures, against the REAL
 * co-signer in-process (`startCosigner` on PGlite, the OIDC issuer double; src/cosigner/test/
 * realCosigner.ts) over its direct WebSocket channel (no relay), with the device engine
 * in-process (`createMpcEngine`, as the tests use it):
 *   - onboarding: both keys' DKG with the co-signer, OT setup included (`createWallet`), one fresh
 *     identity and engine per run (login outside the timed window);
 *   - approval → signature: `walletSigner.signMessage(0, …)` (personal_sign at m/0/0) from the
 *     call to the verified signature, full DKLs23 (three round trips: open, finish, complete)
 *     vs a ready presignature (one round trip; made beforehand, outside the timed window), each
 *     phase as its own identity (the default policy allows 60 requests a minute);
 *   - the same-run reference: noble's single-key `secp256k1.sign` and viem's `signMessage` with a
 *     local private-key account.
 * Every signature is recovered by viem (after its timed window) before anything is printed. Prints a table (median,
 * p10–p90) and ends with one JSON line. BENCH_ONBOARD_RUNS (5) and BENCH_SIGNS (30) size it.
 */
import { availableParallelism } from 'node:os'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { generateEncryptionKey } from '@tessera/mpc'
import { createMpcEngine } from '@tessera/mpc/worker'
import { hashMessage, hexToBytes, recoverMessageAddress } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { CosignerSession } from '../src/cosigner/cosignerLink.ts'
import { startRealCosigner } from '../src/cosigner/test/realCosigner.ts'
import { createWallet } from '../src/engine/createWallet.ts'
import { presignatureShelf } from '../src/engine/presignatures.ts'
import type { SignerContext } from '../src/engine/types.ts'
import { walletSigner } from '../src/engine/walletSigner.ts'

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} expected an integer ≥ 1`)
  return value
}
const ONBOARD_RUNS = env('BENCH_ONBOARD_RUNS', 5)
const SIGNS = env('BENCH_SIGNS', 30)
const WARMUP = 3
// The co-signer's default policy allows 60 requests a minute per identity and dapp
// (packages/cosigner/src/policy/policy.ts); each phase below signs as its own identity.
if (WARMUP + SIGNS > 60) throw new RangeError(`BENCH_SIGNS expected at most ${60 - WARMUP}`)

type Spread = { median: number; p10: number; p90: number }
function stats(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
  const mid = sorted.length >> 1
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  return { median, p10: at(0.1), p90: at(0.9) }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

const real = await startRealCosigner()
let run = 0
async function freshContext(): Promise<SignerContext> {
  const sub = `bench-${process.pid}-${run++}`
  const session: CosignerSession = await real.link.login({
    kind: 'oidc',
    idToken: await real.idToken(sub),
  })
  return {
    engine: createMpcEngine(),
    link: real.link,
    session: () => session,
    presignatures: presignatureShelf(),
  }
}
const newKeys = (ctx: SignerContext) =>
  createWallet(ctx, { keyId: 'bench', backupKey: generateEncryptionKey().publicKey })

try {
  // --- onboarding: both keys' DKG (incl. OT setup for secp256k1), a fresh identity each run -----
  const onboard: number[] = []
  for (let i = 0; i < ONBOARD_RUNS; i++) {
    const ctx = await freshContext()
    onboard.push(await timed(() => newKeys(ctx)))
  }

  // --- approval → signature, personal_sign at m/0/0, each phase its own identity and keys ------
  const checkedSigns: Promise<void>[] = []
  let counter = 0
  const phase = async () => {
    const ctx = await freshContext()
    const keys = await newKeys(ctx)
    const signer = walletSigner(ctx, keys)
    const { path, secp256k1: evm } = signer.account(0)
    const signOnce = async () => {
      const message = `tessera signer bench ${counter++}`
      let signature: `0x${string}` | undefined
      const ms = await timed(async () => {
        signature = await signer.signMessage(0, message)
      })
      checkedSigns.push(
        recoverMessageAddress({ message, signature: signature as `0x${string}` }).then((by) => {
          if (by !== evm?.address) throw new Error(`bench: "${message}" recovered to ${by}`)
        }),
      )
      return ms
    }
    const shelf = ctx.presignatures as NonNullable<SignerContext['presignatures']>
    const fill = () => shelf.fill(ctx, keys.secp256k1, path)
    const used = () => shelf.size(keys.secp256k1, path) === 0
    return { signOnce, fill, used }
  }

  const fullPhase = await phase()
  for (let i = 0; i < WARMUP; i++) await fullPhase.signOnce()
  const full: number[] = []
  for (let i = 0; i < SIGNS; i++) full.push(await fullPhase.signOnce())

  const presignedPhase = await phase()
  const presign: number[] = []
  const presigned: number[] = []
  for (let i = 0; i < WARMUP + SIGNS; i++) {
    presign.push(await timed(presignedPhase.fill))
    const ms = await presignedPhase.signOnce()
    if (!presignedPhase.used()) throw new Error('bench: the ready presignature was not used')
    if (i >= WARMUP) presigned.push(ms)
  }
  await Promise.all(checkedSigns)

  // --- reference: single-key signatures, same run ----------------------------------------------
  const secret = secp256k1.utils.randomSecretKey()
  const digest = hexToBytes(hashMessage('tessera signer bench reference'))
  const noble: number[] = []
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now()
    for (let k = 0; k < 10; k++) secp256k1.sign(digest, secret, { prehash: false })
    noble.push((performance.now() - t0) / 10)
  }
  const local = privateKeyToAccount(generatePrivateKey())
  const viemSign: number[] = []
  for (let i = 0; i < 200; i++)
    viemSign.push(await timed(() => local.signMessage({ message: `reference ${i}` })))

  // --- report -----------------------------------------------------------------------------------
  const s = {
    onboard: stats(onboard),
    full: stats(full),
    presigned: stats(presigned),
    presign: stats(presign),
    noble: stats(noble.slice(20)),
    viem: stats(viemSign.slice(20)),
  }
  const rows: [string, Spread, number][] = [
    ['onboarding: secp256k1 + Ed25519 DKG, incl. OT setup', s.onboard, onboard.length],
    ['personal_sign m/0/0, full DKLs23 (3 round trips)', s.full, full.length],
    ['personal_sign m/0/0, ready presignature (1 trip)', s.presigned, presigned.length],
    ['  making one presignature (ahead, not timed above)', s.presign, presign.length],
    ['reference: noble secp256k1.sign (single key)', s.noble, 180],
    ['reference: viem account.signMessage (single key)', s.viem, 180],
  ]
  const w = 52
  console.log(
    `signer benchmark: real co-signer in-process (PGlite), direct channel (no relay), device engine in-process, ${availableParallelism()} cores`,
  )
  console.log(`| ${'what'.padEnd(w)} | median ms |    p10 ms |    p90 ms |   n |`)
  console.log(`|${'-'.repeat(w + 2)}|-----------|-----------|-----------|-----|`)
  for (const [name, x, n] of rows)
    console.log(
      `| ${name.padEnd(w)} | ${x.median.toFixed(3).padStart(9)} | ${x.p10.toFixed(3).padStart(9)} | ${x.p90.toFixed(3).padStart(9)} | ${String(n).padStart(3)} |`,
    )
  const ratio = (a: number, b: number) => Number((a / b).toFixed(1))
  console.log(
    `presigned / full: ${(s.presigned.median / s.full.median).toFixed(2)}; full / viem signMessage: ${ratio(s.full.median, s.viem.median)}×; presigned / viem signMessage: ${ratio(s.presigned.median, s.viem.median)}×`,
  )
  console.log(
    JSON.stringify({
      bench: 'signer',
      onboardRuns: onboard.length,
      signs: SIGNS,
      onboardMs: Number(s.onboard.median.toFixed(1)),
      fullSignMs: Number(s.full.median.toFixed(3)),
      presignedSignMs: Number(s.presigned.median.toFixed(3)),
      presignMs: Number(s.presign.median.toFixed(3)),
      nobleSignMs: Number(s.noble.median.toFixed(4)),
      viemSignMessageMs: Number(s.viem.median.toFixed(4)),
      presignedOverFull: Number((s.presigned.median / s.full.median).toFixed(3)),
      fullOverViem: ratio(s.full.median, s.viem.median),
      presignedOverViem: ratio(s.presigned.median, s.viem.median),
    }),
  )
} finally {
  await real.close()
}
