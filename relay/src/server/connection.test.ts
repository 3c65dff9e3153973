/**
 * Connection: the hand-built irn_subscription frame is exactly the JSON it stands for, whatever
 * the message holds; acks resolve pushes once; the sender and duplicates are never pushed.
 */

import { describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { Connection, subscriptionId } from './connection.ts'

function fakeSocket(): { ws: WebSocket; sent: string[] } {
  const sent: string[] = []
  const ws = { bufferedAmount: 0, send: (t: string) => sent.push(t) } as unknown as WebSocket
  return { ws, sent }
}

const T = 'e4'.repeat(32)
const message = (text: string, sender = 'did:key:zA', tag?: number) => ({
  id: `id-${text}`,
  topic: T,
  message: text,
  publishedAt: 1_763_769_600_123,
  expiresAt: 1_763_769_900_123,
  sender,
  seq: 1,
  ...(tag === undefined ? {} : { tag }),
})

describe('connection pushes', () => {
  it('writes irn_subscription frames that parse to the documented shape', () => {
    const { ws, sent } = fakeSocket()
    const conn = new Connection(ws, 'did:key:zB', '127.0.0.1', 1 << 20, () => {}, Date.now())
    conn.subscriptions.set(T, subscriptionId(T, 'did:key:zB'))
    const tricky = 'quote " backslash \\ newline \n unicode ✓ \u2028 end'
    expect(conn.push(message(tricky, 'did:key:zA', 1108))).toBe(true)
    expect(conn.push(message('plain'))).toBe(true)
    const [first, second] = sent.map((s) => JSON.parse(s) as Record<string, unknown>)
    expect(first).toEqual({
      id: expect.any(Number),
      jsonrpc: '2.0',
      method: 'irn_subscription',
      params: {
        id: subscriptionId(T, 'did:key:zB'),
        data: {
          topic: T,
          message: tricky,
          publishedAt: 1_763_769_600_123,
          attestation: '',
          tag: 1108,
        },
      },
    })
    expect(second).toMatchObject({ params: { data: { message: 'plain' } } })
    expect(JSON.stringify(second)).not.toContain('"tag"')
    expect(Number.isSafeInteger(first?.id)).toBe(true)
  })

  it('never pushes to the sender or twice while unacked, and resolves an ack once', () => {
    const { ws, sent } = fakeSocket()
    const conn = new Connection(ws, 'did:key:zB', '127.0.0.1', 1 << 20, () => {}, Date.now())
    conn.subscriptions.set(T, 'sub')
    expect(conn.push(message('mine', 'did:key:zB'))).toBe(false)
    expect(conn.push(message('x'))).toBe(true)
    expect(conn.push(message('x'))).toBe(false)
    const pushId = (JSON.parse(sent[0] as string) as { id: number }).id
    expect(conn.takeAck(String(pushId))).toEqual({ topic: T, id: 'id-x' })
    expect(conn.takeAck(pushId)).toBeUndefined()
    expect(conn.push(message('x'))).toBe(true)
  })
})
