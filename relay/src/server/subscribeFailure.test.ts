/**
 * A subscribe whose storage call fails leaves nothing behind: no subscription, no routing entry,
 * no half-open backlog that would queue live messages forever.
 */
import { createLogger } from '@tessera/server-kit'
import { describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { DEFAULTS } from '../config.ts'
import { createRateLimiter } from '../limits/tokenBucket.ts'
import type { MailboxStore } from '../mailbox/types.ts'
import { createMetrics } from '../metrics.ts'
import { Connection } from './connection.ts'
import type { RelayContext } from './context.ts'
import { Hub } from './hub.ts'
import { handleMethod } from './methods.ts'

const T = '5a'.repeat(32)

describe('subscribe when storage fails', () => {
  it('rejects and undoes the subscription', async () => {
    const metrics = createMetrics()
    const store = {
      engine: 'file',
      subscribe: () => Promise.reject(new Error('disk gone')),
    } as unknown as MailboxStore
    const ctx: RelayContext = {
      config: DEFAULTS,
      store,
      hub: new Hub(metrics),
      metrics,
      log: createLogger({ level: 'silent' }),
      now: Date.now,
      publishPerClient: createRateLimiter(10),
      publishPerIp: createRateLimiter(10),
    }
    const sent: string[] = []
    const ws = { bufferedAmount: 0, send: (t: string) => sent.push(t) } as unknown as WebSocket
    const conn = new Connection(ws, 'did:key:zB', '127.0.0.1', 1 << 20, () => {}, Date.now())
    await expect(handleMethod(ctx, conn, 'irn_subscribe', { topic: T }, 0)).rejects.toThrow(
      'disk gone',
    )
    expect(conn.subscriptions.size).toBe(0)
    expect(conn.syncing.size).toBe(0)
    expect(ctx.hub.topicsOf('did:key:zB')).toBe(0)
    expect(metrics.subscriptions).toBe(0)
    ctx.hub.deliverLocal(
      {
        id: 'x',
        topic: T,
        message: 'm',
        publishedAt: 0,
        expiresAt: 1,
        sender: 'did:key:zA',
        seq: 1,
      },
      undefined,
    )
    expect(sent).toEqual([])
  })
})
