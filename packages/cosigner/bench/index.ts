/**
 * Co-signer benchmark (`pnpm bench`): login latency through `POST /v1/login/wechat` against the
 * local WeChat double — code exchange, replay claim, identity upsert, audit append, JWT issue —
 * beside the bare round trip to the double measured in the same run (the reference). Prints a
 * table and one JSON line. The MPC figures (DKG, signing, presignatures) come with @tessera/mpc.
 * Engine: PGlite in a temporary directory, or PostgreSQL when TESSERA_BENCH_POSTGRES_URL is set.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../src/log.ts'
import { createWeChatClient } from '../src/login/wechat.ts'
import { startCosigner } from '../src/startCosigner.ts'
import { createTestSchema, dropTestSchema } from '../src/test/engines.ts'
import { startWeChatDouble } from '../src/test/wechatDouble.ts'

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300)
const WARMUP = 30

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
  return {
    median: at(0.5),
    p99: at(0.99),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  }
}

async function measure(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now()
    await fn()
    samples.push(performance.now() - t0)
  }
  return samples
}

const postgresUrl = process.env.TESSERA_BENCH_POSTGRES_URL
const wechat = await startWeChatDouble()
const dataDir = await mkdtemp(join(tmpdir(), 'cosigner-bench-'))
const schema = postgresUrl === undefined ? undefined : await createTestSchema()
const cosigner = await startCosigner({
  port: 0,
  logger: createLogger('silent'),
  wechatAppId: wechat.appId,
  wechatSecret: wechat.secret,
  wechatBaseUrl: wechat.url,
  ...(postgresUrl === undefined
    ? { dataDir }
    : {
        storage: 'postgres' as const,
        databaseUrl: postgresUrl,
        databaseSchema: schema as string,
        masterKey: randomBytes(32).toString('hex'),
      }),
})

try {
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
  const l = stats(login)
  const r = stats(reference)
  const row = (name: string, s: ReturnType<typeof stats>) =>
    `| ${name.padEnd(44)} | ${s.median.toFixed(2).padStart(8)} | ${s.p99.toFixed(2).padStart(8)} | ${s.mean.toFixed(2).padStart(8)} |`
  const engine = postgresUrl === undefined ? 'pglite' : 'postgres'
  console.log(
    `co-signer login latency, ${ITERATIONS} sequential logins after ${WARMUP} warm-up, engine ${engine}`,
  )
  console.log(`| ${'what'.padEnd(44)} | median ms |   p99 ms |  mean ms |`)
  console.log(`|${'-'.repeat(46)}|----------|----------|----------|`)
  console.log(row('POST /v1/login/wechat (full login)', l))
  console.log(row('reference: bare jscode2session to the double', r))
  console.log(
    `login costs ${(l.median / r.median).toFixed(1)}× the bare platform round trip (median)`,
  )
  console.log(
    JSON.stringify({
      bench: 'cosigner',
      engine,
      iterations: ITERATIONS,
      loginMs: Number(l.median.toFixed(3)),
      loginP99Ms: Number(l.p99.toFixed(3)),
      referenceMs: Number(r.median.toFixed(3)),
      loginOverReference: Number((l.median / r.median).toFixed(2)),
    }),
  )
} finally {
  await cosigner.close()
  await wechat.close()
  await rm(dataDir, { recursive: true, force: true })
  if (schema !== undefined) await dropTestSchema(schema)
}
