/**
 * The mailbox contract suite (docs/RELAY.md#semantics-the-relay-guarantees), run against every
 * storage engine: the file engine in `fileStore.test.ts`, Redis in `redisStore.test.ts`.
 * Each engine's test supplies a factory that opens a fresh, empty store (and reopens the same one,
 * to check durability).
 */
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { messageId } from '../src/mailbox/messageId.ts'
import type { MailboxStore, NewMessage } from '../src/mailbox/types.ts'

export interface ContractHarness {
  /** Opens the store under test; `reopen` opens the same data again after `close()`. */
  open(): Promise<MailboxStore>
  reopen(): Promise<MailboxStore>
}

const NOW = Date.now()
const topic = (): string => randomBytes(32).toString('hex')

function msg(t: string, text: string, sender = 'did:key:zSender', ttlMs = 60_000): NewMessage {
  return {
    id: messageId(t, text),
    topic: t,
    message: text,
    publishedAt: NOW,
    expiresAt: NOW + ttlMs,
    sender,
    tag: 1108,
  }
}

export function mailboxContract(name: string, harness: () => ContractHarness): void {
  describe(`mailbox contract: ${name}`, () => {
    let stores: MailboxStore[] = []
    const open = async (h: ContractHarness, again = false): Promise<MailboxStore> => {
      const s = again ? await h.reopen() : await h.open()
      stores.push(s)
      return s
    }
    afterEach(async () => {
      for (const s of stores) await s.close()
      stores = []
    })

    it('keeps a message published before anyone subscribed, in publish order', async () => {
      const s = await open(harness())
      const t = topic()
      for (const text of ['one', 'two', 'three']) {
        expect((await s.append(msg(t, text), 100, NOW)).status).toBe('stored')
      }
      const got = await s.pending(t, 'did:key:zBob', NOW, 10)
      expect(got.map((m) => m.message)).toEqual(['one', 'two', 'three'])
      expect(got.map((m) => m.seq)).toEqual([...got.map((m) => m.seq)].sort((a, b) => a - b))
      expect(got[0]).toMatchObject({ topic: t, tag: 1108, publishedAt: NOW })
    })

    it('never returns a message to its sender', async () => {
      const s = await open(harness())
      const t = topic()
      await s.append(msg(t, 'mine', 'did:key:zAlice'), 100, NOW)
      expect(await s.pending(t, 'did:key:zAlice', NOW, 10)).toEqual([])
      expect(await s.pending(t, 'did:key:zBob', NOW, 10)).toHaveLength(1)
    })

    it('deduplicates an identical republish', async () => {
      const s = await open(harness())
      const t = topic()
      expect((await s.append(msg(t, 'x'), 100, NOW)).status).toBe('stored')
      expect(await s.append(msg(t, 'x'), 100, NOW)).toEqual({ status: 'duplicate' })
      expect(await s.depth(t, NOW)).toBe(1)
    })

    it('removes a message once every subscriber present at arrival acked it', async () => {
      const s = await open(harness())
      const t = topic()
      await s.subscribe(t, 'did:key:zBob', NOW + 60_000)
      await s.subscribe(t, 'did:key:zCarol', NOW + 60_000)
      const r = await s.append(msg(t, 'hello'), 100, NOW)
      if (r.status !== 'stored') throw new Error(`expected stored, got ${r.status}`)
      await s.ack(t, r.message.id, 'did:key:zBob')
      expect(await s.pending(t, 'did:key:zBob', NOW, 10)).toEqual([])
      expect(await s.pending(t, 'did:key:zCarol', NOW, 10)).toHaveLength(1)
      expect(await s.depth(t, NOW)).toBe(1)
      await s.ack(t, r.message.id, 'did:key:zCarol')
      expect(await s.depth(t, NOW)).toBe(0)
    })

    it('keeps an unsubscribed-at-arrival message after an ack, for other late subscribers', async () => {
      const s = await open(harness())
      const t = topic()
      const r = await s.append(msg(t, 'late'), 100, NOW)
      if (r.status !== 'stored') throw new Error(`expected stored, got ${r.status}`)
      await s.ack(t, r.message.id, 'did:key:zBob')
      expect(await s.pending(t, 'did:key:zBob', NOW, 10)).toEqual([])
      expect(await s.pending(t, 'did:key:zCarol', NOW, 10)).toHaveLength(1)
    })

    it('frees a full topic once its late subscriber has received and acked every message', async () => {
      const s = await open(harness())
      const t = topic()
      const depth = 1000
      for (let i = 0; i < depth; i++) {
        expect((await s.append(msg(t, `early ${i}`), depth, NOW)).status).toBe('stored')
      }
      expect(await s.append(msg(t, 'one too many'), depth, NOW)).toEqual({ status: 'full' })
      // Nobody was subscribed at publish time; Bob subscribes late and acks everything.
      await s.subscribe(t, 'did:key:zBob', NOW + 60_000)
      let after = 0
      for (;;) {
        const page = await s.pending(t, 'did:key:zBob', NOW, 100, after)
        if (page.length === 0) break
        for (const m of page) await s.ack(t, m.id, 'did:key:zBob')
        after = page.at(-1)?.seq ?? after
      }
      expect(await s.depth(t, NOW)).toBe(0)
      expect((await s.append(msg(t, 'room again'), depth, NOW)).status).toBe('stored')
    })

    it('frees a late message only once every current subscriber (not its sender) acked it', async () => {
      const s = await open(harness())
      const t = topic()
      const r = await s.append(msg(t, 'for two', 'did:key:zAlice'), 100, NOW)
      if (r.status !== 'stored') throw new Error(`expected stored, got ${r.status}`)
      await s.subscribe(t, 'did:key:zAlice', NOW + 60_000)
      await s.subscribe(t, 'did:key:zBob', NOW + 60_000)
      await s.subscribe(t, 'did:key:zCarol', NOW + 60_000)
      await s.ack(t, r.message.id, 'did:key:zBob')
      expect(await s.depth(t, NOW)).toBe(1)
      expect(await s.pending(t, 'did:key:zCarol', NOW, 10)).toHaveLength(1)
      await s.ack(t, r.message.id, 'did:key:zCarol')
      expect(await s.depth(t, NOW)).toBe(0)
    })

    it('expires messages after their TTL', async () => {
      const s = await open(harness())
      const t = topic()
      await s.append(msg(t, 'short', 'did:key:zA', 1_000), 100, NOW)
      await s.append(msg(t, 'long', 'did:key:zA', 60_000), 100, NOW)
      const later = NOW + 2_000
      expect((await s.pending(t, 'did:key:zB', later, 10)).map((m) => m.message)).toEqual(['long'])
      expect(await s.depth(t, later)).toBe(1)
      await s.sweep(later)
      expect(await s.depth(t, later)).toBe(1)
    })

    it('refuses a message beyond the per-topic depth', async () => {
      const s = await open(harness())
      const t = topic()
      expect((await s.append(msg(t, 'a'), 2, NOW)).status).toBe('stored')
      expect((await s.append(msg(t, 'b'), 2, NOW)).status).toBe('stored')
      expect(await s.append(msg(t, 'c'), 2, NOW)).toEqual({ status: 'full' })
    })

    it('honours the pending limit and forgets an unsubscribed client', async () => {
      const s = await open(harness())
      const t = topic()
      await s.subscribe(t, 'did:key:zBob', NOW + 60_000)
      await s.unsubscribe(t, 'did:key:zBob')
      const r = await s.append(msg(t, 'm1'), 100, NOW)
      await s.append(msg(t, 'm2'), 100, NOW)
      expect((await s.pending(t, 'did:key:zBob', NOW, 1)).map((m) => m.message)).toEqual(['m1'])
      // Bob was not subscribed at arrival, so his ack does not remove the message.
      if (r.status === 'stored') await s.ack(t, r.message.id, 'did:key:zBob')
      expect(await s.depth(t, NOW)).toBe(2)
    })

    it('survives a close and reopen with messages, subscriptions and acks intact', async () => {
      const h = harness()
      const s = await open(h)
      const t = topic()
      await s.subscribe(t, 'did:key:zBob', NOW + 60_000)
      await s.subscribe(t, 'did:key:zCarol', NOW + 60_000)
      const r = await s.append(msg(t, 'durable'), 100, NOW)
      if (r.status !== 'stored') throw new Error(`expected stored, got ${r.status}`)
      await s.ack(t, r.message.id, 'did:key:zBob')
      await s.close()
      stores = []
      const again = await open(h, true)
      expect(await again.pending(t, 'did:key:zBob', NOW, 10)).toEqual([])
      expect((await again.pending(t, 'did:key:zCarol', NOW, 10))[0]?.message).toBe('durable')
      await again.ack(t, r.message.id, 'did:key:zCarol')
      expect(await again.depth(t, NOW)).toBe(0)
      // Seq keeps increasing for the topic after a restart.
      const r2 = await again.append(msg(t, 'next'), 100, NOW)
      expect(r2.status === 'stored' && r2.message.seq > r.message.seq).toBe(true)
    })

    it('reports an accepted message to onAccepted exactly once, not duplicates', async () => {
      const s = await open(harness())
      const t = topic()
      const accepted: string[] = []
      const r = await s.append(msg(t, 'seen'), 100, NOW, (m) =>
        accepted.push(`${m.message}#${m.seq}`),
      )
      await s.append(msg(t, 'seen'), 100, NOW, (m) => accepted.push(`dup ${m.message}`))
      expect(r.status === 'stored' && accepted).toEqual([
        `seen#${r.status === 'stored' ? r.message.seq : 0}`,
      ])
    })

    it('pages through a topic with afterSeq', async () => {
      const s = await open(harness())
      const t = topic()
      for (let i = 0; i < 5; i++) await s.append(msg(t, `p${i}`), 100, NOW)
      const first = await s.pending(t, 'did:key:zB', NOW, 2)
      const second = await s.pending(t, 'did:key:zB', NOW, 2, first.at(-1)?.seq)
      const third = await s.pending(t, 'did:key:zB', NOW, 2, second.at(-1)?.seq)
      expect([...first, ...second, ...third].map((m) => m.message)).toEqual([
        'p0',
        'p1',
        'p2',
        'p3',
        'p4',
      ])
    })

    it('answers ping while open', async () => {
      const s = await open(harness())
      await expect(s.ping()).resolves.toBeUndefined()
    })
  })
}
