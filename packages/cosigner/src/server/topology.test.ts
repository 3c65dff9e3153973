/**
 * The deployment's topology without Docker (docs/DEPLOYMENT.md#containers), as LOOPBACK_TOPOLOGY
 * states it and scripts/deploy.test.ts checks compose.yaml against it: two relay processes on
 * Redis and two co-signer processes on one PostgreSQL schema, behind a round-robin proxy site
 * each, all on loopback. Both answer /health in one shape. Relay clients publish and subscribe
 * through the proxy while one relay is killed (SIGKILL): every acknowledged publish reaches the
 * subscriber, and both clients reconnect through the proxy. A device logs in and signs through
 * the proxy; the co-signer its channel reaches is killed while a signature runs: that signature
 * fails as retryable, the channel reopens on the survivor, the signatures verify, and the audit
 * chain verifies. Cheap on purpose: one DKG, one OT setup, a few signatures.
 */
import { randomBytes } from 'node:crypto'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import type { CosignerConnection } from '@tessera/cosigner-client'
import {
  dkg as deviceDkg,
  otSetup as deviceOtSetup,
  dklsSign as deviceSign,
} from '@tessera/cosigner-client'
import { ethereumSignature, generateEncryptionKey } from '@tessera/mpc'
import { type RelayProcess, RelayTestClient, spawnRelay } from '@tessera/relay/testing'
import { Redis } from 'ioredis'
import { bytesToHex, type Hex, hashMessage, hexToBytes, verifyMessage } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { runCli } from '../cli.ts'
import { createTestSchema, dropTestSchema, POSTGRES_URL } from '../test/engines.ts'
import { LOOPBACK_TOPOLOGY as TOPOLOGY } from '../test/loopbackTopology.ts'
import { type RoundRobinProxy, startRoundRobinProxy } from '../test/roundRobinProxy.ts'
import { loginWeChat, openSignerChannel } from '../test/signerChannel.ts'
import { type SpawnedCosigner, spawnCosigner } from '../test/spawnCosigner.ts'
import { startWeChatDouble, type WeChatDouble } from '../test/wechatDouble.ts'

const REDIS = process.env.RELAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const prefix = `topology-${randomBytes(6).toString('hex')}`
let schema: string
let wechat: WeChatDouble
let relayProxy: RoundRobinProxy
let cosignerProxy: RoundRobinProxy
let relays: RelayProcess[] = []
let cosigners: SpawnedCosigner[] = []

beforeAll(async () => {
  ;[schema, wechat, relayProxy, cosignerProxy] = await Promise.all([
    createTestSchema(),
    startWeChatDouble(),
    startRoundRobinProxy(),
    startRoundRobinProxy(),
  ])
  const relayUrl = relayProxy.url.replace(/^http/, 'ws')
  const relayFlags = [
    ...['--storage', TOPOLOGY.relays.storage, '--redis-url', REDIS, '--redis-prefix', prefix],
    ...['--port', '0'],
    ...['--public-urls', relayUrl],
  ]
  const env = {
    COSIGNER_STORAGE: TOPOLOGY.cosigners.storage,
    COSIGNER_DATABASE_URL: POSTGRES_URL,
    COSIGNER_DATABASE_SCHEMA: schema,
    COSIGNER_MASTER_KEY: randomBytes(32).toString('hex'),
    COSIGNER_PUBLIC_URL: cosignerProxy.url,
    // TOPOLOGY.cosigners.sharedLimits: per-address and per-identity limits across both.
    COSIGNER_REDIS_URL: REDIS,
    COSIGNER_REDIS_PREFIX: prefix,
    COSIGNER_WECHAT_APPID: wechat.appId,
    COSIGNER_WECHAT_SECRET: wechat.secret,
    COSIGNER_WECHAT_BASE_URL: wechat.url,
  }
  const started = await Promise.all([
    ...Array.from({ length: TOPOLOGY.relays.count }, () => spawnRelay(relayFlags, 120_000)),
    ...Array.from({ length: TOPOLOGY.cosigners.count }, () => spawnCosigner(env, 120_000)),
  ])
  relays = started.slice(0, TOPOLOGY.relays.count) as RelayProcess[]
  cosigners = started.slice(TOPOLOGY.relays.count) as SpawnedCosigner[]
  relayProxy.upstreams.push(...relays.map((r) => r.port))
  cosignerProxy.upstreams.push(...cosigners.map((c) => Number(new URL(c.url).port)))
}, 240_000)

afterAll(async () => {
  await Promise.all([
    ...relays.map((r) => r.kill()),
    ...cosigners.map((c) => c.stop()),
    relayProxy?.close(),
    cosignerProxy?.close(),
    wechat?.close(),
  ])
  if (schema !== undefined) await dropTestSchema(schema)
  const redis = new Redis(REDIS)
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(...keys)
  await redis.quit()
})

/** The shape of a JSON value: its keys (sorted) down to the type of each leaf. */
const shape = (value: unknown): unknown =>
  value !== null && typeof value === 'object'
    ? Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, shape(v)]),
      )
    : typeof value

test('relays and co-signers answer /health in one shape, naming their storage', async () => {
  const relayHealth = await (await fetch(`http://127.0.0.1:${relays[0]?.port}/health`)).json()
  const cosignerHealth = await (await fetch(`${cosigners[0]?.url}/health`)).json()
  expect(shape(relayHealth)).toEqual(shape(cosignerHealth))
  expect(relayHealth).toMatchObject({
    status: 'ok',
    service: 'relay',
    storage: { engine: TOPOLOGY.relays.storage, reachable: true },
  })
  expect(cosignerHealth).toMatchObject({
    status: 'ok',
    service: 'cosigner',
    storage: { engine: TOPOLOGY.cosigners.storage, reachable: true },
  })
})

test('relays: a relay killed mid-traffic loses no acknowledged publish; clients reconnect', async () => {
  const url = relayProxy.url.replace(/^http/, 'ws')
  const subscriber = new RelayTestClient({ url, reconnect: true })
  const publisher = new RelayTestClient({ url, reconnect: true })
  try {
    await subscriber.connect(30_000)
    await publisher.connect(30_000)
    const topic = randomBytes(32).toString('hex')
    await subscriber.request('irn_subscribe', { topic })
    const acknowledged: string[] = []
    let killed = false
    for (let i = 0; acknowledged.length < 30; i++) {
      if (i > 200) throw new Error('the publisher never got its acknowledgements back')
      if (acknowledged.length === 10 && !killed) {
        killed = true
        // Whichever relay it is, one of the two clients (maybe both) loses its socket.
        expect(await relays[0]?.kill('SIGKILL')).toBe(null)
      }
      const text = `message ${i}`
      const ok = await publisher.publish(topic, text).then(
        () => true,
        () => false,
      )
      if (ok) acknowledged.push(text)
      else await publisher.waitFor(() => publisher.ws?.readyState === 1, 'reconnect', 30_000)
    }
    // Every acknowledged message arrives (live, or from the mailbox on resubscribe).
    const arrived = () => new Set(subscriber.received.map((m) => m.message))
    await subscriber.waitFor(
      () => acknowledged.every((t) => arrived().has(t)),
      'every acknowledged message',
      60_000,
    )
    expect(publisher.connects + subscriber.connects).toBeGreaterThanOrEqual(3)
  } finally {
    await subscriber.close()
    await publisher.close()
  }
}, 240_000)

test('co-signers: a co-signer killed mid-traffic; the device reopens through the proxy, signs, and the audit verifies', async () => {
  const through = (noiseStaticKey: string) => ({
    mpcUrl: `${cosignerProxy.url.replace(/^http/, 'ws')}/v1/mpc`,
    noiseStaticKey,
  })
  const noiseKey = cosigners[0]?.noiseStaticKey as string
  expect(cosigners[1]?.noiseStaticKey).toBe(noiseKey)
  const session = await loginWeChat(
    cosignerProxy.url,
    wechat.issueCode({ openid: 'o-topology' }),
    'demo',
  )
  let channel: CosignerConnection = await openSignerChannel(through(noiseKey), session.token)
  const device = (
    await deviceDkg(channel, {
      keyId: 'wallet',
      curve: 'secp256k1',
      backupKey: generateEncryptionKey().publicKey,
    })
  ).share
  const pair = await deviceOtSetup(channel, device)
  const address: Hex = publicKeyToAddress(
    bytesToHex(secp256k1.Point.fromBytes(device.publicKey).toBytes(false)),
  )
  const signed: string[] = []
  let failures = 0
  let killed = false
  for (let i = 0; signed.length < 3; i++) {
    if (i > 8) throw new Error(`only ${signed.length} signatures after ${i} attempts`)
    const text = `topology ${signed.length}`
    const message = utf8ToBytes(text)
    const request = { method: 'personal_sign' as const, payload: bytesToHex(message) }
    const digest = hexToBytes(hashMessage({ raw: message }))
    const signing = deviceSign(channel, { share: device, pair, request, digest }).catch(
      (error: { retryable?: boolean }) => {
        // Lost with its process: retryable; log in again and reopen through the proxy.
        expect(error.retryable).toBe(true)
        return undefined
      },
    )
    if (signed.length === 1 && !killed) {
      killed = true
      // The co-signer this channel reaches through the proxy, killed while the signature runs.
      const ports = cosignerProxy.upgradedTo()
      expect(ports).toHaveLength(1)
      const victim = cosigners.find((c) => Number(new URL(c.url).port) === ports[0])
      if (victim === undefined) throw new Error('the channel reaches no co-signer of this test')
      cosigners = cosigners.filter((c) => c !== victim)
      expect(await victim.crash()).toBe('SIGKILL')
    }
    const signature = await signing
    if (signature === undefined) {
      failures++
      channel.close()
      const again = await loginWeChat(
        cosignerProxy.url,
        wechat.issueCode({ openid: 'o-topology' }),
        'demo',
      )
      channel = await openSignerChannel(through(noiseKey), again.token)
      continue
    }
    expect(
      await verifyMessage({
        address,
        message: { raw: message },
        signature: bytesToHex(ethereumSignature(signature)),
      }),
    ).toBe(true)
    signed.push(text)
  }
  channel.close()
  // Exactly the one signature (or, had it finished first, the next one) lost with its process.
  expect(failures).toBe(1)
  const out: string[] = []
  const audit = await runCli(
    ['verify-audit'],
    {
      COSIGNER_STORAGE: 'postgres',
      COSIGNER_DATABASE_URL: POSTGRES_URL,
      COSIGNER_DATABASE_SCHEMA: schema,
    },
    { out: (l) => out.push(l), err: (l) => out.push(l) },
  )
  expect(audit.code, out.join('\n')).toBe(0)
}, 300_000)
