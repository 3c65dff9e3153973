/**
 * Bounded abuse on loopback against a real relay process (file engine, caps lowered so the test
 * stays small): oversize publishes, a flood of 128 KiB publishes from fresh identities up to the
 * stored-bytes cap, a subscription flood from fresh identities, an idle connection flood; then a
 * SIGKILL with the log at its cap and a restart. Asserts the caps hold, the relay's RSS stays
 * within a stated budget, and the restarted relay still delivers. Prints the figures.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { RelayTestClient } from './client.ts'
import { topicOf } from './harness.ts'
import { newIdentity, signJwt } from './jwt.ts'
import { type RelayProcess, rssMB, spawnRelay } from './relayProcess.ts'

const MESSAGE_BYTES = 128 * 1024
/** 256 messages of 128 KiB. */
const STORED_CAP = 32 * 1024 * 1024
const SUBSCRIPTION_CAP = 20_000
const CONNECTION_CAP = 200
/** The relay's RSS budget through every phase, for these caps (Node + tsx baseline included). */
const RSS_BUDGET_MB = 300

const dir = mkdtempSync(join(tmpdir(), 'relay-abuse-'))
const procs: RelayProcess[] = []
const open: { close(): unknown }[] = []
afterAll(async () => {
  for (const c of open) await c.close()
  for (const p of procs) await p.kill()
  rmSync(dir, { recursive: true, force: true })
})

const flags = [
  '--port',
  '0',
  '--data-dir',
  dir,
  '--max-stored-bytes',
  String(STORED_CAP),
  '--max-subscriptions',
  String(SUBSCRIPTION_CAP),
  '--max-connections-per-ip',
  String(CONNECTION_CAP),
]

const connectClient = async (url: string): Promise<RelayTestClient> => {
  const c = new RelayTestClient({ url })
  open.push(c)
  await c.connect(10_000)
  return c
}
const codeOf = (p: Promise<unknown>): Promise<number | 'ok'> =>
  p.then(
    () => 'ok' as const,
    (e: { code?: number }) => e.code ?? -1,
  )
const metric = async (url: string, name: string): Promise<number> => {
  const text = await (await fetch(`${url.replace('ws:', 'http:')}/metrics`)).text()
  const match = new RegExp(`\\n${name} (\\d+)\\n`).exec(text)
  if (match === null) throw new Error(`metric ${name} missing`)
  return Number(match[1])
}

describe('abuse within bounds', () => {
  it('keeps caps and RSS under oversize publishes, subscription and idle floods, and restarts at the cap', async () => {
    const figures: Record<string, number> = {}
    const relay = await spawnRelay(flags)
    procs.push(relay)
    figures.rssStartMB = await rssMB(relay.pid)
    let phase = Date.now()
    const lap = (name: string): void => {
      figures[name] = Date.now() - phase
      phase = Date.now()
    }

    // 1. Oversize publishes: 100 × 200 KiB, each refused with -32002, nothing stored.
    const big = await connectClient(relay.url)
    const oversize = 'o'.repeat(200 * 1024)
    const oversizeCodes: (number | string)[] = []
    for (let round = 0; round < 5; round++) {
      const batch = Array.from({ length: 20 }, (_, i) =>
        big.publish(topicOf(), `${round * 20 + i}${oversize}`).then(
          () => 'ok',
          (e: { code?: number; message: string }) => e.code ?? e.message,
        ),
      )
      oversizeCodes.push(...(await Promise.all(batch)))
    }
    expect(new Set(oversizeCodes)).toEqual(new Set([-32002]))
    await big.close()
    lap('oversizeMs')

    // 2. 320 × 128 KiB from 40 fresh identities (40 MiB): exactly the 32 MiB cap is stored.
    const body = 'p'.repeat(MESSAGE_BYTES - 8)
    const stored: string[] = []
    let refused = 0
    const publishers = await Promise.all(Array.from({ length: 40 }, () => connectClient(relay.url)))
    await Promise.all(
      publishers.map(async (c, n) => {
        for (let i = 0; i < 8; i++) {
          const t = topicOf()
          const code = await codeOf(c.publish(t, `${String(n * 8 + i).padStart(8, '0')}${body}`))
          if (code === 'ok') stored.push(t)
          else if (code === -32005) refused++
          else throw new Error(`unexpected answer ${code}`)
        }
      }),
    )
    for (const c of publishers) await c.close()
    expect(stored.length).toBe(STORED_CAP / MESSAGE_BYTES)
    expect(refused).toBe(320 - stored.length)
    expect(await metric(relay.url, 'relay_mailbox_bytes')).toBe(STORED_CAP)
    figures.rssAfterPublishFloodMB = await rssMB(relay.pid)
    lap('publishFloodMs')

    // 3. 30 fresh identities × 1,000 topics (60 batches of 500): the total cap holds.
    let batchesRefused = 0
    const subscribers = await Promise.all(
      Array.from({ length: 30 }, () => connectClient(relay.url)),
    )
    await Promise.all(
      subscribers.map(async (c) => {
        for (let b = 0; b < 2; b++) {
          const topics = Array.from({ length: 500 }, () => topicOf())
          const code = await codeOf(c.request('irn_batchSubscribe', { topics }, 20_000))
          if (code === -32005) batchesRefused++
          else if (code !== 'ok') throw new Error(`unexpected answer ${code}`)
        }
      }),
    )
    for (const c of subscribers) await c.close()
    const subscriptions = await metric(relay.url, 'relay_subscriptions')
    expect(subscriptions).toBeLessThanOrEqual(SUBSCRIPTION_CAP)
    expect(subscriptions).toBeGreaterThanOrEqual(SUBSCRIPTION_CAP - 500)
    expect(batchesRefused).toBeGreaterThanOrEqual(20)
    figures.storedSubscriptions = subscriptions
    figures.rssAfterSubscriptionFloodMB = await rssMB(relay.pid)
    lap('subscriptionFloodMs')

    // 4. Idle connection flood: the per-IP limit fills, the next upgrade gets 429.
    const idle: WebSocket[] = []
    for (let i = 0; i < CONNECTION_CAP; i++) {
      const ws = new WebSocket(`${relay.url}/?auth=${signJwt(newIdentity(), { aud: relay.url })}`)
      open.push(ws)
      idle.push(ws)
    }
    await Promise.all(idle.map((ws) => new Promise((resolve) => ws.once('open', resolve))))
    const extra = new WebSocket(`${relay.url}/?auth=${signJwt(newIdentity(), { aud: relay.url })}`)
    extra.on('error', () => {})
    const status = await new Promise<number | undefined>((resolve) =>
      extra.once('unexpected-response', (_q, res) => resolve(res.statusCode)),
    )
    expect(status).toBe(429)
    figures.rssWithIdleConnectionsMB = await rssMB(relay.pid)
    for (const ws of idle) ws.terminate()
    lap('idleFloodMs')

    // 5. SIGKILL with the log at its cap; the restart replays it and still delivers.
    figures.logMB = statSync(join(dir, 'mailbox.log')).size / 2 ** 20
    expect(await relay.kill('SIGKILL')).toBe(null)
    const startedAt = Date.now()
    const again = await spawnRelay(flags, 30_000)
    procs.push(again)
    figures.restartMs = Date.now() - startedAt
    figures.rssAfterRestartMB = await rssMB(again.pid)
    expect(await metric(again.url, 'relay_mailbox_bytes')).toBe(STORED_CAP)
    // Subscriptions are at their cap (the flood's outlive their connections until they expire),
    // so a new client reads with a fetch, which needs none.
    const reader = await connectClient(again.url)
    expect(await codeOf(reader.request('irn_subscribe', { topic: topicOf() }))).toBe(-32005)
    const fetched = (await reader.request('irn_batchFetchMessages', { topics: [stored[0]] })) as {
      messages: { message: string }[]
    }
    expect(fetched.messages.map((m) => m.message.length)).toEqual([MESSAGE_BYTES])

    for (const [k, v] of Object.entries(figures)) figures[k] = Math.round(v * 10) / 10
    console.log(`abuse figures ${JSON.stringify(figures)}`)
    for (const key of Object.keys(figures).filter((k) => k.startsWith('rss'))) {
      expect(figures[key], key).toBeLessThan(RSS_BUDGET_MB)
    }
  }, 120_000)
})
