/**
 * The co-signer's own work per online DKLs23 signature, without the channel: consume a sealed
 * presignature durably (`consumePresignature`: one committed statement that marks it consumed and
 * erases it, then the sealed record is opened) and its final step (decode, w_i = `sign(digest)`)
 * — exactly what `dkls23-sign` does with a presignature after authorisation, minus the policy
 * check and the audit appends. The device's combine (which verifies each signature under PK′)
 * runs after the timed loop, on every released share. The
 * presignature pairs are made here in memory with @tessera/mpc's public round functions (dealt key,
 * real pairwise OT setup), sealed into a database of the bench's own (PGlite in a temporary
 * directory, or a PostgreSQL schema) with the co-signer's storage code. Never touches the running
 * co-signer's database.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bytesToHex } from '@noble/hashes/utils.js'
import {
  createSignSession,
  decodePresignature,
  encodePresignature,
  finishPairSetup,
  type KeyShare,
  type Presignature,
  respondPairSetup,
  type SignMessage,
  startPairSetup,
} from '@tessera/mpc'
import { splitExistingKeyIntoShares } from '@tessera/mpc/dangerous'
import { createKeyring, masterKey } from '../src/crypto/masterKey.ts'
import type { Database } from '../src/storage/database.ts'
import { upsertIdentity } from '../src/storage/identities.ts'
import { putKey } from '../src/storage/keys.ts'
import { openDatabase } from '../src/storage/openDatabase.ts'
import { consumePresignature, putPresignature } from '../src/storage/presignatures.ts'

const DEVICE = 1
const COSIGNER = 2
const KEY_ID = 'bench-compute'
const IDENTITY = 'bench:compute'
const noop = { markConsumed: async () => {} }

export interface OnlineComputeSamples {
  /** Per signature, ms: consume (durable) + final step. */
  total: number[]
  consume: number[]
  finalStep: number[]
  /** This process's CPU ms per signature over the whole timed loop. */
  cpuMsPerSign: number
  wallMsPerSign: number
  /** The same work with `concurrency` requests in flight (the database commits them together). */
  concurrent: { count: number; concurrency: number; perSec: number; cpuMsPerSign: number }
}

function pairSetup(keyId: string, epoch: number) {
  const sid = new Uint8Array(randomBytes(32))
  const a = startPairSetup({ self: DEVICE, peer: COSIGNER, keyId, epoch, sid })
  const b = startPairSetup({ self: COSIGNER, peer: DEVICE, keyId, epoch, sid })
  const answerB = respondPairSetup(b.state, a.message)
  const answerA = respondPairSetup(a.state, b.message)
  return { device: finishPairSetup(a.state, answerB), cosigner: finishPairSetup(b.state, answerA) }
}

function presignPair(
  shares: readonly KeyShare[],
  pairs: ReturnType<typeof pairSetup>,
): [Presignature, Presignature] {
  const nonces = {
    [DEVICE]: new Uint8Array(randomBytes(32)),
    [COSIGNER]: new Uint8Array(randomBytes(32)),
  }
  const d = createSignSession({
    share: shares[0] as KeyShare,
    signers: [DEVICE, COSIGNER],
    pairs: { [COSIGNER]: pairs.device },
    nonces,
  })
  const c = createSignSession({
    share: shares[1] as KeyShare,
    signers: [DEVICE, COSIGNER],
    pairs: { [DEVICE]: pairs.cosigner },
    nonces,
  })
  const d1 = d.round1()
  const c1 = c.round1()
  const d2 = d.round2(c1)
  const c2 = c.round2(d1)
  return [d.round3(c2), c.round3(d2)]
}

async function openBenchDatabase(postgres?: { url: string; schema: string }) {
  if (postgres !== undefined) {
    const db = await openDatabase({
      engine: 'postgres',
      url: postgres.url,
      schema: postgres.schema,
    })
    return { db, remove: async () => {} }
  }
  const dir = await mkdtemp(join(tmpdir(), 'cosigner-bench-compute-'))
  const db = await openDatabase({ engine: 'pglite', dataDir: dir })
  return { db, remove: () => rm(dir, { recursive: true, force: true }) }
}

/** `count` online signatures, each on its own fresh presignature, after `warmup` untimed ones. */
export async function benchOnlineCompute(
  count: number,
  warmup: number,
  postgres?: { url: string; schema: string },
  concurrent = { count: 0, concurrency: 16 },
): Promise<OnlineComputeSamples> {
  const shares = splitExistingKeyIntoShares({
    curve: 'secp256k1',
    keyId: KEY_ID,
    t: 2,
    n: 3,
    privateKey: new Uint8Array(randomBytes(32)),
  })
  const epoch = (shares[1] as KeyShare).epoch
  const pairs = pairSetup(KEY_ID, epoch)
  const keyring = createKeyring(masterKey(new Uint8Array(randomBytes(32))))
  const { db, remove } = await openBenchDatabase(postgres)
  try {
    await upsertIdentity(db, IDENTITY, 'bench', Date.now())
    await putKey(
      db,
      keyring,
      {
        identity: IDENTITY,
        keyId: KEY_ID,
        epoch,
        curve: 'secp256k1',
        status: 'active',
        publicKey: (shares[1] as KeyShare).publicKey,
        publicState: { t: 2, n: 3, publicShares: [], chainCode: '', offline: [] },
        share: new Uint8Array(32),
      },
      Date.now(),
    )
    // Ready work: the device's presignature in memory, the co-signer's sealed in the database.
    const ready: { recordId: string; digest: Uint8Array; device: Presignature }[] = []
    for (let i = 0; i < count + warmup + concurrent.count; i++) {
      const [device, cosigner] = presignPair(shares, pairs)
      const recordId = bytesToHex(cosigner.id)
      const encoded = encodePresignature(cosigner)
      await putPresignature(
        db,
        keyring,
        { identity: IDENTITY, keyId: KEY_ID, epoch, recordId, kind: 'presignature' },
        encoded,
        Date.now(),
      )
      ready.push({ recordId, digest: new Uint8Array(randomBytes(32)), device })
    }
    const released: { item: (typeof ready)[number]; theirs: SignMessage[] }[] = []
    const one = async (db: Database, item: (typeof ready)[number]) => {
      const t0 = performance.now()
      const stored = await consumePresignature(
        db,
        keyring,
        { identity: IDENTITY, keyId: KEY_ID, epoch, recordId: item.recordId, kind: 'presignature' },
        Date.now(),
      )
      const t1 = performance.now()
      const presignature = decodePresignature(stored, { keyId: KEY_ID, epoch, self: COSIGNER })
      stored.fill(0)
      released.push({ item, theirs: await presignature.sign(item.digest, noop) })
      const t2 = performance.now()
      return [t1 - t0, t2 - t1] as const
    }
    for (const item of ready.slice(0, warmup)) await one(db, item)
    const out: OnlineComputeSamples = {
      total: [],
      consume: [],
      finalStep: [],
      cpuMsPerSign: 0,
      wallMsPerSign: 0,
      concurrent: { ...concurrent, perSec: 0, cpuMsPerSign: 0 },
    }
    const cpu0 = process.cpuUsage()
    const wall0 = performance.now()
    for (const item of ready.slice(warmup, warmup + count)) {
      const [consume, finalStep] = await one(db, item)
      out.consume.push(consume)
      out.finalStep.push(finalStep)
      out.total.push(consume + finalStep)
    }
    const cpu = process.cpuUsage(cpu0)
    out.wallMsPerSign = (performance.now() - wall0) / count
    out.cpuMsPerSign = (cpu.user + cpu.system) / 1000 / count
    if (concurrent.count > 0) {
      const queue = ready.slice(warmup + count)
      const c0 = process.cpuUsage()
      const w0 = performance.now()
      await Promise.all(
        Array.from({ length: concurrent.concurrency }, async () => {
          for (let item = queue.shift(); item !== undefined; item = queue.shift())
            await one(db, item)
        }),
      )
      const c = process.cpuUsage(c0)
      out.concurrent.perSec = concurrent.count / ((performance.now() - w0) / 1000)
      out.concurrent.cpuMsPerSign = (c.user + c.system) / 1000 / concurrent.count
    }
    // Untimed: the device combines every released share; combine verifies under PK′ and throws
    // on a wrong share, so a broken final step cannot produce a fast figure.
    for (const { item, theirs } of released) {
      await item.device.sign(item.digest, noop)
      item.device.combine(theirs)
    }
    return out
  } finally {
    await db.close()
    await remove()
  }
}
