/**
 * Fault tests with real relay processes: a SIGKILL between a publish and the recipient's
 * subscribe loses nothing (file engine); two nodes on Redis fan out to each other, and a
 * subscriber keeps receiving after the other node is killed; clients reconnect and resubscribe
 * on their own.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { RelayTestClient } from './client.ts'
import { topicOf } from './harness.ts'
import { type RelayProcess, spawnRelay } from './relayProcess.ts'

const REDIS_URL = process.env.RELAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const prefix = `relay-faults-${randomBytes(6).toString('hex')}`
let procs: RelayProcess[] = []
let clients: RelayTestClient[] = []
const dirs: string[] = []

const client = async (url: string, reconnect = false, identity?: RelayTestClient['identity']) => {
  const c = new RelayTestClient({ url, reconnect, ...(identity ? { identity } : {}) })
  clients.push(c)
  await c.connect()
  return c
}
const start = async (flags: string[]) => {
  const p = await spawnRelay(flags)
  procs.push(p)
  return p
}

afterEach(async () => {
  for (const c of clients) await c.close()
  clients = []
  for (const p of procs) await p.kill()
  procs = []
})
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  const redis = new Redis(REDIS_URL)
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
    if (keys.length > 0) await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
  await redis.quit()
})

describe('relay process faults', () => {
  it('delivers a message published before a SIGKILL to a subscriber after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-fault-'))
    dirs.push(dir)
    const first = await start(['--port', '0', '--data-dir', dir])
    const t = topicOf()
    const t2 = topicOf()
    const publisher = await client(first.url, true)
    // A subscriber that lives through the crash and must resubscribe on its own.
    const survivor = await client(first.url, true)
    await survivor.request('irn_subscribe', { topic: t2 })
    expect(await publisher.publish(t, 'kept through a crash')).toBe(true)
    expect(await first.kill('SIGKILL')).toBe(null)
    await survivor.waitFor(() => survivor.closes.length === 1, 'the crash to be seen')

    const second = await start(['--port', String(first.port), '--data-dir', dir])
    const recipient = await client(second.url)
    await recipient.request('irn_subscribe', { topic: t })
    await recipient.waitForMessages(1)
    expect(recipient.received[0]).toMatchObject({ topic: t, message: 'kept through a crash' })

    await survivor.waitFor(() => survivor.connects === 2, 'the survivor to reconnect', 10_000)
    await publisher.waitFor(() => publisher.connects === 2, 'the publisher to reconnect', 10_000)
    await publisher.publish(t2, 'after the restart')
    await survivor.waitForMessages(1)
    expect(survivor.received[0]?.message).toBe('after the restart')
  })

  it('shuts down on SIGTERM: clients see 1001, the process exits 0, nothing acked is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-term-'))
    dirs.push(dir)
    const first = await start(['--port', '0', '--data-dir', dir, '--fsync-interval-ms', '60000'])
    const t = topicOf()
    const watcher = await client(first.url)
    const publisher = await client(first.url)
    expect(await publisher.publish(t, 'flushed at shutdown')).toBe(true)
    expect(await first.kill('SIGTERM')).toBe(0)
    await watcher.waitFor(() => watcher.closes.length > 0, 'the close')
    expect(watcher.closes).toEqual([1001])
    const second = await start(['--port', '0', '--data-dir', dir])
    const recipient = await client(second.url)
    await recipient.request('irn_subscribe', { topic: t })
    await recipient.waitForMessages(1)
    expect(recipient.received[0]?.message).toBe('flushed at shutdown')
  })

  it('fans out between two nodes on Redis and keeps delivering after one is killed', async () => {
    const flags = [
      '--port',
      '0',
      '--storage',
      'redis',
      '--redis-url',
      REDIS_URL,
      '--redis-prefix',
      prefix,
    ]
    const [a, b] = await Promise.all([
      start([...flags, '--node-id', 'a']),
      start([...flags, '--node-id', 'b']),
    ])
    const t = topicOf()
    const subscriber = await client(a.url)
    await subscriber.request('irn_subscribe', { topic: t })
    const publisher = await client(b.url)
    await publisher.publish(t, 'from b')
    await subscriber.waitForMessages(1)
    expect(subscriber.received[0]?.message).toBe('from b')

    // Published on b, then b dies before the second recipient subscribes: Redis still has it.
    const late = topicOf()
    await publisher.publish(late, 'stored on b')
    await b.kill('SIGKILL')
    const recipient = await client(a.url)
    await recipient.request('irn_subscribe', { topic: late })
    await recipient.waitForMessages(1)
    expect(recipient.received[0]?.message).toBe('stored on b')

    // The publisher moves to a (same identity), and the subscriber on a keeps receiving.
    const moved = await client(a.url, false, publisher.identity)
    await moved.publish(t, 'after b died')
    await subscriber.waitForMessages(2)
    expect(subscriber.received.map((m) => m.message)).toEqual(['from b', 'after b died'])
  })
})
