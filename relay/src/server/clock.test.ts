/**
 * Every time the relay reads comes from its injected clock (`startRelay(…, { now })`), never from
 * `Date.now()` directly: message TTLs, JWT lifetimes and uptime follow the injected clock, and no
 * source file outside tests calls `Date.now()` (it may only be the default clock).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { RelayTestClient } from '../../test/client.ts'
import { testRelay, topicOf } from '../../test/harness.ts'

const SRC = fileURLToPath(new URL('..', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : []
  })
}

const clients: RelayTestClient[] = []
let stop: (() => Promise<void>) | undefined
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close()
  await stop?.()
})

describe('the injected clock', () => {
  it('no relay source calls Date.now() itself', () => {
    const files = sources(SRC)
    expect(files.length).toBeGreaterThan(20)
    const calls = files
      .filter((file) => /Date\.now\(\)/.test(readFileSync(file, 'utf8')))
      .map((file) => file.slice(SRC.length))
    expect(calls).toEqual([])
  })

  it('decides message expiry, JWT lifetime and uptime', async () => {
    let offset = 0
    const relay = await testRelay({}, { now: () => Date.now() + offset })
    stop = relay.stop
    const client = async (): Promise<RelayTestClient> => {
      const c = new RelayTestClient({ url: relay.url })
      clients.push(c)
      await c.connect(20_000)
      return c
    }
    const alice = await client()
    const t = topicOf()
    await alice.publish(t, 'short', 300)
    await alice.publish(t, 'long', 3600)

    // Five minutes and a second later on the relay's clock only: the 300 s message has expired.
    offset = 301_000
    const bob = await client()
    await bob.request('irn_subscribe', { topic: t })
    await bob.waitForMessages(1, 20_000)
    // The backlog is pushed in publish order, so "short" would have come first.
    expect(bob.received[0]?.message).toBe('long')

    // Three days later on the relay's clock: a JWT signed now (valid one day) has expired.
    offset = 3 * 86_400_000
    await expect(client()).rejects.toThrow('401')
    const health = (await (await fetch(`${relay.url.replace('ws:', 'http:')}/health`)).json()) as {
      uptimeSec: number
    }
    expect(health.uptimeSec).toBeGreaterThanOrEqual(3 * 86_400)
  })
})
