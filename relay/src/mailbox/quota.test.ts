/**
 * The file engine's caps: stored message bytes per topic, per sender and in total, and stored
 * subscriptions in total; each refusal names its scope, acks and expiry give the room back, and
 * a replay rebuilds the same usage.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openFileStore } from './fileStore.ts'
import { messageId } from './messageId.ts'
import type { NewMessage } from './types.ts'

const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'relay-quota-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const now = Date.now()
const topic = (n: number): string => n.toString(16).padStart(64, '0')
const message = (t: string, text: string, sender: string, ttlMs = 60_000): NewMessage => ({
  id: messageId(t, text),
  topic: t,
  message: text,
  publishedAt: now,
  expiresAt: now + ttlMs,
  sender,
})
const kib = (tag: string): string => tag.padEnd(1024, '.')
const quota = { maxTopicBytes: 3 * 1024, maxClientBytes: 5 * 1024, maxTotalBytes: 8 * 1024 }

describe('file engine caps', () => {
  it('refuses a message over the topic, sender or total byte cap, naming the scope', async () => {
    const s = openFileStore({ dir: tempDir(), quota })
    for (let i = 0; i < 3; i++) {
      expect((await s.append(message(topic(1), kib(`a${i}`), 'did:key:zA'), 100, now)).status).toBe(
        'stored',
      )
    }
    expect(await s.append(message(topic(1), kib('a3'), 'did:key:zA'), 100, now)).toEqual({
      status: 'over_quota',
      scope: 'topic',
    })
    // Sender zA holds 3 KiB; two more fit elsewhere, the third passes its 5 KiB.
    await s.append(message(topic(2), kib('a4'), 'did:key:zA'), 100, now)
    await s.append(message(topic(2), kib('a5'), 'did:key:zA'), 100, now)
    expect(await s.append(message(topic(3), kib('a6'), 'did:key:zA'), 100, now)).toEqual({
      status: 'over_quota',
      scope: 'client',
    })
    // Fresh identities pass the sender cap but not the total (8 KiB).
    for (let i = 0; i < 3; i++) {
      await s.append(message(topic(10 + i), kib(`f${i}`), `did:key:zFresh${i}`), 100, now)
    }
    expect(await s.append(message(topic(20), kib('f9'), 'did:key:zFresh9'), 100, now)).toEqual({
      status: 'over_quota',
      scope: 'total',
    })
    expect(s.usage?.()).toEqual({ messages: 8, bytes: 8 * 1024, subscriptions: 0 })
    await s.close()
  })

  it('refuses a single message larger than the topic cap on a fresh topic', async () => {
    const s = openFileStore({ dir: tempDir(), quota: { ...quota, maxTopicBytes: 100 } })
    expect(await s.append(message(topic(1), 'm'.repeat(101), 'did:key:zA'), 100, now)).toEqual({
      status: 'over_quota',
      scope: 'topic',
    })
    expect(s.usage?.()).toEqual({ messages: 0, bytes: 0, subscriptions: 0 })
    await s.close()
  })

  it('gives the room back on ack and on expiry, and rebuilds usage on replay', async () => {
    const dir = tempDir()
    const s = openFileStore({ dir, quota })
    await s.subscribe(topic(1), 'did:key:zB', now + 60_000)
    const r = await s.append(message(topic(1), kib('x'), 'did:key:zA'), 100, now)
    await s.append(message(topic(2), kib('short'), 'did:key:zA', 1000), 100, now)
    expect(s.usage?.()).toEqual({ messages: 2, bytes: 2048, subscriptions: 1 })
    if (r.status !== 'stored') throw new Error(r.status)
    await s.ack(topic(1), r.message.id, 'did:key:zB')
    expect(s.usage?.()).toEqual({ messages: 1, bytes: 1024, subscriptions: 1 })
    await s.close()
    const again = openFileStore({ dir, quota })
    expect(again.usage?.()).toEqual({ messages: 1, bytes: 1024, subscriptions: 1 })
    // The short message expired: at the cap a sweep makes room before refusing.
    const later = now + 2000
    for (let i = 0; i < 5; i++) {
      expect(
        (await again.append(message(topic(3 + i), kib(`y${i}`), 'did:key:zA'), 100, later)).status,
      ).toBe('stored')
    }
    await again.close()
  })

  it('caps stored subscriptions in total; renewals always fit, expired ones make room', async () => {
    const s = openFileStore({ dir: tempDir(), maxSubscriptions: 2 })
    expect(await s.subscribe(topic(1), 'did:key:zA', now + 60_000)).toBe('subscribed')
    const shortUntil = Date.now() + 50
    expect(await s.subscribe(topic(2), 'did:key:zA', shortUntil)).toBe('subscribed')
    expect(await s.subscribe(topic(1), 'did:key:zA', now + 90_000)).toBe('subscribed')
    expect(s.usage?.().subscriptions).toBe(2)
    // Once topic(2)'s subscription has expired, the cap sweeps it away instead of refusing.
    await new Promise((r) => setTimeout(r, shortUntil - Date.now() + 5))
    expect(await s.subscribe(topic(3), 'did:key:zB', now + 60_000)).toBe('subscribed')
    expect(await s.subscribe(topic(4), 'did:key:zC', now + 60_000)).toBe('full')
    expect(s.usage?.().subscriptions).toBe(2)
    await s.unsubscribe(topic(1), 'did:key:zA')
    expect(await s.subscribe(topic(4), 'did:key:zC', now + 60_000)).toBe('subscribed')
    await s.close()
  })
})
