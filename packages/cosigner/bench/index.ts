/**
 * Co-signer benchmark (`pnpm bench`), against a REAL co-signer (`startCosigner` alone in a child
 * process, bench/cosignerHost.ts, so its `process.cpuUsage()` is the co-signer's CPU only) and a
 * Node device client (@tessera/cosigner-client, the device side on @tessera/mpc):
 *   - login latency through `POST /v1/login/wechat` beside the bare round trip to the WeChat double;
 *   - full-protocol DKLs23 signatures (3 rounds over `/v1/mpc`, policy, audit) after one DKG and
 *     OT setup, sequential from one client: co-signer CPU ms per signature → signatures/s/core;
 *   - online signatures from ready presignatures (made beforehand with `dkls23-presign`), end to
 *     end over `/v1/mpc` (one round trip each): latency from one client, then throughput from
 *     BENCH_CONCURRENCY clients with a channel each, with the co-signer's CPU per signature, its
 *     PostgreSQL round trips per signature and event-loop busy share, the load generator's
 *     (this process) CPU share and, when the database runs on this machine, its CPU per
 *     signature; the same burst from twice the clients on the one process (the wide window); on
 *     PostgreSQL the same burst through a second co-signer process alone (after the same
 *     warm-up as the first), then over both processes on the one database (BENCH_CONCURRENCY
 *     clients on each, the wide window's load: `cosignerOnlineSignsPerSec2Procs`); and
 *     the co-signer's compute alone (bench/onlineCompute.ts: durable consume + final step, no
 *     channel, policy or audit). Every answer is combined and verified after its timed window;
 *   - the same-run reference: noble's single-key secp256k1 sign.
 * Prints a table (median, p10–p90) and ends with one JSON line. Engine: PGlite in a temporary
 * directory, or PostgreSQL when TESSERA_BENCH_POSTGRES_URL is set. A few minutes (presigning).
 */
import { type ChildProcess, fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import type { CosignerConnection } from '@tessera/cosigner-client'
import {
  dkg as deviceDkg,
  presign as devicePresign,
  dklsSign as deviceSign,
  requestPresignedShare,
} from '@tessera/cosigner-client'
import {
  generateEncryptionKey,
  type KeyShare,
  type PairOtState,
  type Presignature,
} from '@tessera/mpc'
import { commandCpuMs } from '@tessera/server-kit'
import { bytesToHex, hashMessage, hexToBytes } from 'viem'
import { createWeChatClient } from '../src/login/wechat.ts'
import type { StartOptions } from '../src/startCosigner.ts'
import { createTestSchema, dropTestSchema } from '../src/test/engines.ts'
import { loginWeChat, openSignerChannel } from '../src/test/signerChannel.ts'
import { startWeChatDouble } from '../src/test/wechatDouble.ts'
import type { HostMessage, HostRequest } from './cosignerHost.ts'
import { benchOnlineCompute } from './onlineCompute.ts'

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const ITERATIONS = env('BENCH_ITERATIONS', 300)
const WARMUP = 30
const FULL_SIGNS = env('BENCH_FULL_SIGNS', 40)
const LATENCY_SIGNS = env('BENCH_LATENCY_SIGNS', 100)
const ONLINE_SIGNS = env('BENCH_ONLINE_SIGNS', 600)
const CONCURRENCY = env('BENCH_CONCURRENCY', 16)
const COMPUTE_SIGNS = env('BENCH_COMPUTE_SIGNS', 100)
const COMPUTE_CONCURRENT_SIGNS = env('BENCH_COMPUTE_CONCURRENT_SIGNS', 400)
const ONLINE_TARGET = 1000
const ADMIN = `admin-${randomBytes(16).toString('hex')}`

type Spread = { median: number; p10: number; p90: number; p99: number; mean: number }
function stats(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
  return {
    median: at(0.5),
    p10: at(0.1),
    p90: at(0.9),
    p99: at(0.99),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  }
}

async function measure(fn: () => Promise<unknown>, iterations = ITERATIONS, warmup = WARMUP) {
  for (let i = 0; i < warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now()
    await fn()
    samples.push(performance.now() - t0)
  }
  return samples
}

/** The co-signer in its own process; `cpuMs()` is its CPU time (user + system) so far. */
async function startHost(options: StartOptions) {
  const child: ChildProcess = fork(new URL('./cosignerHost.ts', import.meta.url), [], {
    // BENCH_CPU_PROF_DIR=<dir>: a V8 CPU profile of each co-signer process over each online
    // burst (bench/cosignerHost.ts), for finding hot spots.
    env: { ...process.env, BENCH_COSIGNER_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  // Answers come in the order asked; a host that exits (crashed) fails whatever still waits.
  const waiting: { answer: (m: HostMessage) => void; fail: (error: Error) => void }[] = []
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ready = new Promise<HostMessage>((resolve, reject) => {
    child.on('message', (m: HostMessage) => {
      if (m.type === 'ready') resolve(m)
      else waiting.shift()?.answer(m)
    })
    void exited.then(() => {
      const error = new Error('the co-signer host exited (see its error above)')
      reject(error)
      for (const w of waiting.splice(0)) w.fail(error)
    })
  })
  const started = (await ready) as Extract<HostMessage, { type: 'ready' }>
  const ask = (request: HostRequest) =>
    new Promise<HostMessage>((answer, fail) => {
      waiting.push({ answer, fail })
      child.send(request)
    })
  /** CPU ms, PostgreSQL statements and event-loop busy/idle ms of the co-signer so far. */
  const usage = async () => {
    const m = await ask({ type: 'cpu' })
    if (m.type !== 'cpu') throw new Error(`the co-signer host answered ${m.type} to cpu`)
    return {
      cpuMs: (m.userUs + m.systemUs) / 1000,
      statements: m.statements,
      eluActiveMs: m.eluActiveMs,
      eluIdleMs: m.eluIdleMs,
    }
  }
  return {
    ...started,
    cpuMs: async () => (await usage()).cpuMs,
    usage,
    profile: async (on: boolean, name: string) => {
      await ask({ type: 'profile', on, name })
    },
    async close() {
      // No answer: the host closes the co-signer and exits.
      child.send({ type: 'close' } satisfies HostRequest)
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
type Host = Awaited<ReturnType<typeof startHost>>

/** This process's (the load generator's) CPU time so far, ms. */
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/**
 * CPU ms so far of every process named `postgres` on this machine (backends and the server's own
 * writers): the database's share of each window when it runs here. Undefined without /proc (not
 * Linux) or without such processes (a remote server).
 */
const postgresCpuMs = () => commandCpuMs('postgres')

const postgresUrl = process.env.TESSERA_BENCH_POSTGRES_URL
const engine = postgresUrl === undefined ? 'pglite' : 'postgres'
const wechat = await startWeChatDouble()
const dataDir = await mkdtemp(join(tmpdir(), 'cosigner-bench-'))
const schema = postgresUrl === undefined ? undefined : await createTestSchema()
const computeSchema = postgresUrl === undefined ? undefined : await createTestSchema()
const hostOptions: StartOptions = {
  port: 0,
  // One public URL (the JWTs' iss and aud) for both processes, as behind one address.
  publicUrl: 'http://cosigner.bench',
  wechatAppId: wechat.appId,
  wechatSecret: wechat.secret,
  wechatBaseUrl: wechat.url,
  adminToken: ADMIN,
  loginPerMinuteIp: 1_000_000,
  // One identity drives every bench channel: twice CONCURRENCY on the first process (the wide
  // window), so the per-identity limit is raised (the default allows 8).
  mpcConnectionsPerIdentity: Math.max(8, 2 * CONCURRENCY),
  ...(postgresUrl === undefined
    ? { dataDir }
    : {
        storage: 'postgres' as const,
        databaseUrl: postgresUrl,
        databaseSchema: schema as string,
        masterKey: randomBytes(32).toString('hex'),
      }),
}
const cosigner = await startHost(hostOptions)
// The second process (same database, master key and admin token) for the two-process burst;
// PostgreSQL only (PGlite serves one process).
const second: Host | undefined =
  postgresUrl === undefined ? undefined : await startHost(hostOptions)
const channels: CosignerConnection[] = []

try {
  // --- login -----------------------------------------------------------------------------------
  const client = createWeChatClient({
    baseUrl: wechat.url,
    appId: wechat.appId,
    secret: wechat.secret,
  })
  const reference = await measure(() =>
    client.exchange(wechat.issueCode({ openid: `ref-${randomBytes(4).toString('hex')}` })),
  )
  const login = await measure(async () => {
    const res = await fetch(`${cosigner.url}/v1/login/wechat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: wechat.issueCode({ openid: `bench-${randomBytes(4).toString('hex')}` }),
        dappId: 'bench',
      }),
    })
    if (res.status !== 200) throw new Error(`login failed with HTTP ${res.status}`)
    await res.arrayBuffer()
  })

  // --- MPC: one key, one OT setup, a policy that does not rate-limit the bench ------------------
  const { token, identity } = await loginWeChat(
    cosigner.url,
    wechat.issueCode({ openid: 'bench-mpc' }),
    'bench',
  )
  const put = await fetch(
    `${cosigner.url}/v1/admin/policies/${encodeURIComponent(identity)}/bench`,
    {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        methods: ['personal_sign'],
        rateLimit: { max: 1_000_000, windowSec: 60 },
      }),
    },
  )
  if (put.status !== 200) throw new Error(`policy PUT failed with HTTP ${put.status}`)
  const open = async () => {
    const channel = await openSignerChannel(cosigner, token)
    channels.push(channel)
    return channel
  }
  const channel = await open()
  const dkg = await deviceDkg(channel, {
    keyId: 'bench',
    curve: 'secp256k1',
    backupKey: generateEncryptionKey().publicKey,
  })
  const share: KeyShare = dkg.share
  const pair = dkg.pair as PairOtState
  let counter = 0
  const nextRequest = () => {
    const raw = new TextEncoder().encode(`tessera bench ${counter++}`)
    return {
      request: { method: 'personal_sign' as const, payload: bytesToHex(raw) },
      digest: hexToBytes(hashMessage({ raw })),
    }
  }

  // --- full protocol: co-signer CPU per signature ------------------------------------------------
  for (let i = 0; i < 3; i++) await deviceSign(channel, { share, pair, ...nextRequest() })
  const fullWall: number[] = []
  const fullCpu: number[] = []
  for (let i = 0; i < FULL_SIGNS; i++) {
    const c0 = await cosigner.cpuMs()
    const t0 = performance.now()
    await deviceSign(channel, { share, pair, ...nextRequest() })
    fullWall.push(performance.now() - t0)
    fullCpu.push((await cosigner.cpuMs()) - c0)
  }

  // --- online: presignatures first (every channel in parallel), then ---------------------------
  //   (a) latency: one client, one signature at a time (one round trip each);
  //   (b) throughput: CONCURRENCY clients, each with its own channel, one request in flight each.
  // The co-signer releases its (u, w) after a durable consume; the device combines. Combining
  // (which verifies under PK′) runs after the timed window, on every answer: a wrong share fails
  // the bench instead of making it fast.
  const workers = [channel]
  while (workers.length < CONCURRENCY) workers.push(await open())
  // As many again on the same process, for the wide window: one process under the load that
  // the two-process window puts on two.
  const wide = [...workers]
  while (wide.length < 2 * CONCURRENCY) wide.push(await open())
  // The second process's clients (PostgreSQL only), open from the start: both processes make
  // presignatures and both run an unmeasured burst (`warm`) before their measured windows, so
  // the two enter them with the same history. (Measured cold, after a few dozen signatures and
  // no presigning, the second ran at 1.6–1.8× the CPU per signature of the first: JIT-compiled
  // code and its type feedback come from what a process has already run.)
  const onSecond: CosignerConnection[] = []
  if (second !== undefined)
    for (let k = 0; k < CONCURRENCY; k++) {
      const ch = await openSignerChannel(second, token)
      channels.push(ch)
      onSecond.push(ch)
    }
  const ready: { presignature: Presignature; id: string }[] = []
  const presignStart = performance.now()
  const perProcess = 10 + ONLINE_SIGNS + ONLINE_SIGNS
  const presignCount =
    perProcess +
    ONLINE_SIGNS +
    LATENCY_SIGNS +
    (second === undefined ? 0 : perProcess + ONLINE_SIGNS)
  const presigners = [...workers, ...onSecond]
  await Promise.all(
    presigners.map(async (ch, k) => {
      for (let i = k; i < presignCount; i += presigners.length)
        ready.push(await devicePresign(ch, share, pair))
    }),
  )
  const presignMs = (performance.now() - presignStart) / ready.length
  const answered: { p: (typeof ready)[number]; digest: Uint8Array; reply: readonly unknown[] }[] =
    []
  const requestOne = async (ch: CosignerConnection, p: (typeof ready)[number]) => {
    const { request, digest } = nextRequest()
    const t0 = performance.now()
    const reply = await requestPresignedShare(ch, { share, id: p.id, request, digest })
    answered.push({ p, digest, reply })
    return performance.now() - t0
  }
  /** Unmeasured: 10 signatures one at a time, then ONLINE_SIGNS from every channel in `on`. */
  const warm = async (on: CosignerConnection[]) => {
    for (const p of ready.splice(0, 10)) await requestOne(on[0] as CosignerConnection, p)
    const queue = ready.splice(0, ONLINE_SIGNS)
    await Promise.all(
      on.map(async (ch) => {
        for (let p = queue.shift(); p !== undefined; p = queue.shift()) await requestOne(ch, p)
      }),
    )
  }
  await warm(workers)
  const onlineWall: number[] = []
  for (const p of ready.splice(0, LATENCY_SIGNS)) onlineWall.push(await requestOne(channel, p))

  /**
   * One throughput window: every channel keeps one request in flight until `count`
   * presignatures are used; the co-signers' and this process's CPU over the window.
   */
  const burstOn = async (hosts: Host[], on: CosignerConnection[], count: number, name: string) => {
    const queue = ready.splice(0, count)
    const samples: number[] = []
    await Promise.all(hosts.map((h) => h.profile(true, name)))
    const cpu0 = await Promise.all(hosts.map((h) => h.usage()))
    const postgres0 = engine === 'postgres' ? postgresCpuMs() : undefined
    const own0 = ownCpuMs()
    const start = performance.now()
    await Promise.all(
      on.map(async (ch) => {
        for (let p = queue.shift(); p !== undefined; p = queue.shift())
          samples.push(await requestOne(ch, p))
      }),
    )
    const elapsedMs = performance.now() - start
    const ownMs = ownCpuMs() - own0
    const cpu = await Promise.all(hosts.map((h) => h.usage()))
    await Promise.all(hosts.map((h) => h.profile(false, name)))
    const delta = (f: (u: (typeof cpu)[number]) => number) =>
      cpu.reduce((sum, c, k) => sum + f(c) - f(cpu0[k] as (typeof cpu)[number]), 0)
    const cosignerMs = delta((u) => u.cpuMs)
    const busy = delta((u) => u.eluActiveMs)
    const postgresMs = postgres0 === undefined ? undefined : (postgresCpuMs() ?? 0) - postgres0
    return {
      /** PostgreSQL's CPU per signature (all its local processes), when readable from /proc. */
      postgresCpuMsPerSign: postgresMs === undefined ? undefined : postgresMs / samples.length,
      /** Each co-signer process's CPU over the window, ms. */
      cosignerCpuMsByProcess: cpu.map((c, k) => c.cpuMs - (cpu0[k] as (typeof cpu)[number]).cpuMs),
      /** PostgreSQL round trips per signature (all co-signer processes). */
      statementsPerSign: delta((u) => u.statements) / samples.length,
      /** Event-loop utilisation of the co-signer processes over the window (mean). */
      cosignerElu: busy / (busy + delta((u) => u.eluIdleMs)),
      samples,
      perSec: samples.length / (elapsedMs / 1000),
      cosignerCpuMsPerSign: cosignerMs / samples.length,
      generatorCpuMsPerSign: ownMs / samples.length,
      /** The load generator's share of the CPU used in the window (co-signers + generator). */
      generatorCpuShare: ownMs / (ownMs + cosignerMs),
      /** The load generator's CPU time over the window's wall time × the machine's cores. */
      generatorMachineShare: ownMs / (elapsedMs * availableParallelism()),
    }
  }
  const one = await burstOn([cosigner], workers, ONLINE_SIGNS, 'online-1proc')
  const burst = one.samples
  const onlineEndToEnd = one.perSec
  const onlineCpuPerSign = one.cosignerCpuMsPerSign
  // Little's law: with one request in flight per client, CONCURRENCY clients get at most
  // CONCURRENCY / latency; twice the clients on the same process shows what it does when the
  // clients are not the limit.
  const oneWide = await burstOn([cosigner], wide, ONLINE_SIGNS, 'online-1proc-wide')
  // Two processes on one PostgreSQL, CONCURRENCY clients on each (the wide window's load, split;
  // a presignature made through either is consumed through either).
  let two: Awaited<ReturnType<typeof burstOn>> | undefined
  let secondOne: Awaited<ReturnType<typeof burstOn>> | undefined
  if (second !== undefined) {
    await warm(onSecond)
    secondOne = await burstOn([second], onSecond, ONLINE_SIGNS, 'online-1proc-second')
    two = await burstOn(
      [cosigner, second],
      [...workers, ...onSecond],
      ONLINE_SIGNS,
      'online-2procs',
    )
  }
  for (const { p, digest, reply } of answered) {
    await p.presignature.sign(digest, { markConsumed: async () => {} })
    p.presignature.combine(reply as never)
  }
  for (const ch of channels.splice(0)) ch.close()

  // --- online: the co-signer's compute alone ----------------------------------------------------
  const compute = await benchOnlineCompute(
    COMPUTE_SIGNS,
    50,
    postgresUrl === undefined ? undefined : { url: postgresUrl, schema: computeSchema as string },
    { count: COMPUTE_CONCURRENT_SIGNS, concurrency: CONCURRENCY },
  )

  // --- reference: noble's single-key sign, same run ---------------------------------------------
  const key = secp256k1.utils.randomSecretKey()
  const h = new Uint8Array(randomBytes(32))
  const noble = await measure(
    async () => {
      for (let k = 0; k < 10; k++) secp256k1.sign(h, key, { prehash: false })
    },
    200,
    20,
  )
  const nobleMs = noble.map((ms) => ms / 10)

  // --- report -----------------------------------------------------------------------------------
  const perSec = (ms: number) => 1000 / ms
  const rows: [string, Spread, string][] = [
    ['POST /v1/login/wechat (full login), wall', stats(login), ''],
    ['reference: bare jscode2session to the double', stats(reference), ''],
    ['full DKLs23 sign, co-signer CPU', stats(fullCpu), 'per core'],
    ['full DKLs23 sign, wall (3 round trips)', stats(fullWall), 'one client'],
    ['online sign over /v1/mpc, wall (1 round trip)', stats(onlineWall), 'one client'],
    [`online sign, wall, ${CONCURRENCY} concurrent clients`, stats(burst), 'under load'],
    ['online sign, co-signer compute alone, one at a time', stats(compute.total), ''],
    ['  of which durable consume (one committed statement)', stats(compute.consume), ''],
    ['  of which final step (decode, w_i)', stats(compute.finalStep), ''],
    ['reference: noble secp256k1.sign (single key)', stats(nobleMs), ''],
  ]
  const w = 48
  console.log(
    `co-signer benchmark, engine ${engine}: ${ITERATIONS} logins, ${FULL_SIGNS} full and ${onlineWall.length} + ${burst.length} online signatures over /v1/mpc, ${COMPUTE_SIGNS} online compute-only`,
  )
  console.log(`| ${'what'.padEnd(w)} | median ms |  p10 ms |  p90 ms |  p99 ms | median /s  |`)
  console.log(`|${'-'.repeat(w + 2)}|-----------|---------|---------|---------|------------|`)
  for (const [name, s, note] of rows)
    console.log(
      `| ${name.padEnd(w)} | ${s.median.toFixed(3).padStart(9)} | ${s.p10.toFixed(3).padStart(7)} | ${s.p90.toFixed(3).padStart(7)} | ${s.p99.toFixed(3).padStart(7)} | ${perSec(s.median).toFixed(0).padStart(10)} | ${note}`,
    )
  const fullSignsPerSecPerCore = perSec(stats(fullCpu).median)
  const onlineCosignerCpuBound = perSec(onlineCpuPerSign)
  const onlineCompute = compute.concurrent.perSec
  const nobleRate = perSec(stats(nobleMs).median)
  const meets = (rate: number) => (rate >= ONLINE_TARGET ? 'meets' : 'misses')
  console.log(
    `full DKLs23: ${fullSignsPerSecPerCore.toFixed(1)} signatures/s per co-signer core (${(nobleRate / fullSignsPerSecPerCore).toFixed(0)}× noble's single-key sign cost)`,
  )
  console.log(
    `presigning over /v1/mpc (${presigners.length} channels in parallel): ${presignMs.toFixed(1)} ms wall per presignature made`,
  )
  console.log(
    `online, end to end over /v1/mpc: ${onlineEndToEnd.toFixed(0)}/s from ${CONCURRENCY} concurrent clients on this ${availableParallelism()}-core machine shared with the clients and the database (${meets(onlineEndToEnd)} the ${ONLINE_TARGET}/s target); co-signer CPU ${onlineCpuPerSign.toFixed(3)} ms per signature → ${onlineCosignerCpuBound.toFixed(0)}/s per co-signer core incl. channel, policy, audit; ${one.statementsPerSign.toFixed(2)} PostgreSQL round trips per signature, event loop ${(one.cosignerElu * 100).toFixed(0)}% busy`,
  )
  console.log(
    `online, load generator (this process): ${one.generatorCpuMsPerSign.toFixed(3)} ms CPU per signature, ${(one.generatorCpuShare * 100).toFixed(0)}% of the CPU used in the window (${(one.generatorMachineShare * 100).toFixed(0)}% of the machine's ${availableParallelism()} cores); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  const pgMs = (b: { postgresCpuMsPerSign?: number | undefined } | undefined) =>
    b?.postgresCpuMsPerSign === undefined ? 'n/a' : `${b.postgresCpuMsPerSign.toFixed(3)} ms`
  console.log(
    `online, one process, ${wide.length} concurrent clients: ${oneWide.perSec.toFixed(0)}/s (${meets(oneWide.perSec)} the ${ONLINE_TARGET}/s target), co-signer CPU ${oneWide.cosignerCpuMsPerSign.toFixed(3)} ms per signature, ${oneWide.statementsPerSign.toFixed(2)} round trips per signature, event loop ${(oneWide.cosignerElu * 100).toFixed(0)}% busy; load generator ${oneWide.generatorCpuMsPerSign.toFixed(3)} ms per signature = ${(oneWide.generatorCpuShare * 100).toFixed(0)}% of the CPU used; median wall ${stats(oneWide.samples).median.toFixed(1)} ms`,
  )
  if (secondOne !== undefined)
    console.log(
      `online, the second process alone (same clients, count and warm-up as the first): ${secondOne.perSec.toFixed(0)}/s, co-signer CPU ${secondOne.cosignerCpuMsPerSign.toFixed(3)} ms per signature: a second one-process sample of this run`,
    )
  if (engine === 'postgres')
    console.log(
      `PostgreSQL CPU per signature (its processes on this machine): ${pgMs(one)} with one co-signer process${two === undefined ? '' : `, ${pgMs(two)} with two`}`,
    )
  if (two !== undefined)
    console.log(
      `online, 2 co-signer processes on one PostgreSQL: ${two.perSec.toFixed(0)}/s (${(two.perSec / oneWide.perSec).toFixed(2)}× one process under the same ${wide.length} clients, ${(two.perSec / onlineEndToEnd).toFixed(2)}× one under ${CONCURRENCY}) from ${CONCURRENCY} clients on each, co-signer CPU ${two.cosignerCpuMsPerSign.toFixed(3)} ms per signature (both processes; ${two.cosignerCpuMsByProcess.map((ms) => ms.toFixed(0)).join(' + ')} ms in the window), load generator ${two.generatorCpuMsPerSign.toFixed(3)} ms per signature = ${(two.generatorCpuShare * 100).toFixed(0)}% of the CPU used (${(two.generatorMachineShare * 100).toFixed(0)}% of the machine); median wall ${stats(two.samples).median.toFixed(1)} ms; ${two.statementsPerSign.toFixed(2)} round trips per signature, event loops ${(two.cosignerElu * 100).toFixed(0)}% busy`,
    )
  console.log(
    `online, co-signer compute alone (durable consume + final step): ${onlineCompute.toFixed(0)}/s with ${CONCURRENCY} in flight, CPU ${compute.concurrent.cpuMsPerSign.toFixed(3)} ms per signature (${meets(onlineCompute)} the ${ONLINE_TARGET}/s target); one at a time: ${perSec(compute.wallMsPerSign).toFixed(0)}/s (each waits for its own commit)`,
  )
  console.log(
    JSON.stringify({
      bench: 'cosigner',
      engine,
      iterations: ITERATIONS,
      loginMs: Number(stats(login).median.toFixed(3)),
      loginP99Ms: Number(stats(login).p99.toFixed(3)),
      referenceMs: Number(stats(reference).median.toFixed(3)),
      loginOverReference: Number((stats(login).median / stats(reference).median).toFixed(2)),
      fullSignsPerSecPerCore: Number(fullSignsPerSecPerCore.toFixed(2)),
      fullSignCosignerCpuMs: Number(stats(fullCpu).median.toFixed(3)),
      fullSignWallMs: Number(stats(fullWall).median.toFixed(3)),
      onlineSignsPerSec: Number(onlineEndToEnd.toFixed(1)),
      onlineSignWallMs: Number(stats(onlineWall).median.toFixed(3)),
      onlineConcurrency: CONCURRENCY,
      onlineSignWallUnderLoadMs: Number(stats(burst).median.toFixed(3)),
      onlineSignWallUnderLoadP99Ms: Number(stats(burst).p99.toFixed(3)),
      onlineCosignerCpuMsPerSign: Number(onlineCpuPerSign.toFixed(3)),
      onlineSignsPerSecCosignerCpu: Number(onlineCosignerCpuBound.toFixed(1)),
      onlineGeneratorCpuMsPerSign: Number(one.generatorCpuMsPerSign.toFixed(3)),
      onlineGeneratorCpuShare: Number(one.generatorCpuShare.toFixed(3)),
      onlineGeneratorMachineShare: Number(one.generatorMachineShare.toFixed(3)),
      onlineStatementsPerSign: Number(one.statementsPerSign.toFixed(2)),
      onlineCosignerEventLoopBusy: Number(one.cosignerElu.toFixed(3)),
      cosignerOnlineSignsPerSec2Procs: two === undefined ? null : Number(two.perSec.toFixed(1)),
      onlineTwoProcsOverOne:
        two === undefined ? null : Number((two.perSec / onlineEndToEnd).toFixed(2)),
      onlineTwoProcsOverOneSameClients:
        two === undefined ? null : Number((two.perSec / oneWide.perSec).toFixed(2)),
      onlineWideConcurrency: wide.length,
      onlineWideSignsPerSec: Number(oneWide.perSec.toFixed(1)),
      onlineWideCosignerCpuMsPerSign: Number(oneWide.cosignerCpuMsPerSign.toFixed(3)),
      onlineWideStatementsPerSign: Number(oneWide.statementsPerSign.toFixed(2)),
      onlineWideCosignerEventLoopBusy: Number(oneWide.cosignerElu.toFixed(3)),
      onlineWideGeneratorCpuShare: Number(oneWide.generatorCpuShare.toFixed(3)),
      onlineTwoProcsCosignerCpuMsPerSign:
        two === undefined ? null : Number(two.cosignerCpuMsPerSign.toFixed(3)),
      onlineTwoProcsGeneratorCpuShare:
        two === undefined ? null : Number(two.generatorCpuShare.toFixed(3)),
      onlineTwoProcsStatementsPerSign:
        two === undefined ? null : Number(two.statementsPerSign.toFixed(2)),
      onlineTwoProcsCosignerEventLoopBusy:
        two === undefined ? null : Number(two.cosignerElu.toFixed(3)),
      onlineSecondProcessSignsPerSec:
        secondOne === undefined ? null : Number(secondOne.perSec.toFixed(1)),
      onlineSecondProcessCosignerCpuMsPerSign:
        secondOne === undefined ? null : Number(secondOne.cosignerCpuMsPerSign.toFixed(3)),
      onlinePostgresCpuMsPerSign:
        one.postgresCpuMsPerSign === undefined ? null : Number(one.postgresCpuMsPerSign.toFixed(3)),
      onlineTwoProcsPostgresCpuMsPerSign:
        two?.postgresCpuMsPerSign === undefined
          ? null
          : Number(two.postgresCpuMsPerSign.toFixed(3)),
      loadAverage1m: Number((loadavg()[0] as number).toFixed(2)),
      onlineComputeSignsPerSec: Number(onlineCompute.toFixed(1)),
      onlineComputeCpuMsPerSign: Number(compute.concurrent.cpuMsPerSign.toFixed(3)),
      onlineComputeSequentialSignsPerSec: Number(perSec(compute.wallMsPerSign).toFixed(1)),
      onlineComputeConsumeMs: Number(stats(compute.consume).median.toFixed(4)),
      onlineComputeFinalStepMs: Number(stats(compute.finalStep).median.toFixed(4)),
      onlineTarget: ONLINE_TARGET,
      onlineTargetMetEndToEnd: onlineEndToEnd >= ONLINE_TARGET,
      onlineTargetMetCompute: onlineCompute >= ONLINE_TARGET,
      presignWallMs: Number(presignMs.toFixed(3)),
      nobleSignsPerSec: Number(nobleRate.toFixed(0)),
    }),
  )
} finally {
  for (const ch of channels) ch.close()
  await cosigner.close()
  await second?.close()
  await wechat.close()
  await rm(dataDir, { recursive: true, force: true })
  if (schema !== undefined) await dropTestSchema(schema)
  if (computeSchema !== undefined) await dropTestSchema(computeSchema)
}
