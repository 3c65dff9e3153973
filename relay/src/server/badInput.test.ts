/**
 * Bad input and limits: every malformed frame, bad JWT and exceeded limit gets its exact rejection,
 * and the relay keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RelayTestClient } from '../../test/client.ts'
import { testRelay, topicOf } from '../../test/harness.ts'
import { newIdentity, signJwt } from '../../test/jwt.ts'
import { rawSocket, upgradeRefusal } from '../../test/rawSocket.ts'
import { until } from '../../test/until.ts'

let relay: Awaited<ReturnType<typeof testRelay>>
beforeAll(async () => {
  relay = await testRelay({ maxFrameBytes: 64 * 1024, maxMessageBytes: 1024 })
})
afterAll(async () => {
  await relay.stop()
})

const T = 'ab'.repeat(32)

describe('bad frames', () => {
  it('answers each kind of bad frame with its JSON-RPC error and keeps the socket', async () => {
    const s = await rawSocket(relay.url)
    const cases: [string, unknown, number, string][] = [
      ['{not json', null, -32700, 'Parse error: frame is not valid JSON'],
      ['[1,2]', null, -32600, 'Invalid request: expected an object'],
      [
        '{"jsonrpc":"2.0","method":"irn_publish"}',
        null,
        -32600,
        'Invalid request: missing or bad id',
      ],
      ['{"id":"7","method":"irn_nope","params":{}}', '7', -32601, 'Method not found'],
      [
        '{"id":"1700000000000000001","method":"irn_publish","params":{"topic":"' +
          T +
          '","message":"x","ttl":"300"}}',
        '1700000000000000001',
        -32602,
        'Invalid params: ttl must be a positive integer (seconds)',
      ],
      [
        `{"id":9,"method":"irn_subscribe","params":{"topic":"${T.toUpperCase()}"}}`,
        9,
        -32602,
        'Invalid params: topic must be 64 lowercase hex characters',
      ],
      [
        '{"id":10,"method":"irn_subscribe","params":[]}',
        10,
        -32602,
        'Invalid params: params must be an object',
      ],
      [
        `{"id":11,"method":"irn_publish","params":{"topic":"${T}","message":"${'x'.repeat(2000)}","ttl":30}}`,
        11,
        -32002,
        'Message too large: limit is 1024 bytes',
      ],
    ]
    for (const [frame, id, code, message] of cases) {
      s.ws.send(frame)
      expect(await s.next(), frame.slice(0, 40)).toEqual({
        id,
        jsonrpc: '2.0',
        error: { code, message },
      })
    }
    s.ws.send(Buffer.from([1, 2, 3]))
    expect(await s.next()).toEqual({
      id: null,
      jsonrpc: '2.0',
      error: { code: -32600, message: 'Invalid request: binary frames are not accepted' },
    })
    // Still serving this socket.
    s.ws.send(`{"id":12,"method":"irn_subscribe","params":{"topic":"${T}"}}`)
    expect(await s.next()).toMatchObject({ id: 12, result: expect.any(String) })
    s.ws.close()
  })

  it('closes with 1009 on a frame beyond the frame limit', async () => {
    const s = await rawSocket(relay.url)
    s.ws.send('x'.repeat(65 * 1024))
    expect(await s.closed).toBe(1009)
  })
})

describe('bad JWTs at the upgrade', () => {
  it('answers 401 with the specific reason for each kind of bad token', async () => {
    const id = newIdentity()
    const other = newIdentity()
    const aud = relay.url
    const now = Math.floor(Date.now() / 1000)
    const cases: [string, string][] = [
      ['/?projectId=x', 'missing'],
      ['/?auth=abc.def', 'malformed'],
      [`/?auth=${signJwt(id, { aud, signWith: other.secretKey })}`, 'bad_signature'],
      [`/?auth=${signJwt(id, { aud, header: { alg: 'ES256K', typ: 'JWT' } })}`, 'bad_alg'],
      [`/?auth=${signJwt(id, { aud, iss: 'did:key:z6MkNotAKey' })}`, 'bad_iss'],
      [`/?auth=${signJwt(id, { aud, iat: now - 90_000, exp: now - 1 })}`, 'expired'],
      [`/?auth=${signJwt(id, { aud: 'wss://relay.example.com' })}`, 'bad_aud'],
      [`/?auth=${signJwt(id, { aud, iat: null })}`, 'bad_iat'],
      [`/?auth=${signJwt(id, { aud, exp: now * 1000 })}`, 'lifetime_too_long'],
    ]
    for (const [query, reason] of cases) {
      expect(await upgradeRefusal(relay.url, query), reason).toEqual({
        status: 401,
        reason,
        body: JSON.stringify({ error: reason }),
      })
    }
    expect((await upgradeRefusal(relay.url, '/elsewhere?auth=x')).status).toBe(404)
    const metrics = await (await fetch(`${relay.url.replace('ws:', 'http:')}/metrics`)).text()
    expect(metrics).toContain('relay_rejections_total{reason="auth_bad_signature"} 1')
  })
})

describe('limits', () => {
  it('refuses connections beyond the per-IP limit with 429', async () => {
    const r = await testRelay({ maxConnectionsPerIp: 2 })
    const clients = [new RelayTestClient({ url: r.url }), new RelayTestClient({ url: r.url })]
    try {
      for (const c of clients) await c.connect()
      const query = `/?auth=${signJwt(newIdentity(), { aud: r.url })}`
      expect(await upgradeRefusal(r.url, query)).toMatchObject({
        status: 429,
        reason: 'too_many_connections',
      })
    } finally {
      for (const c of clients) await c.close()
      await r.stop()
    }
  })

  it('rate-limits publishes per client and per IP, caps topics and mailbox depth', async () => {
    // The relay's clock stands still, so no bucket refills however slowly a loaded machine runs
    // the publishes: the outcome is decided by counts alone.
    const frozen = Date.now()
    const r = await testRelay(
      { publishPerSecClient: 5, publishPerSecIp: 12, maxTopicsPerClient: 2, mailboxDepth: 3 },
      { now: () => frozen },
    )
    const clients = [0, 1, 2].map(() => new RelayTestClient({ url: r.url }))
    try {
      for (const c of clients) await c.connect()
      const [a, b, c] = clients as [RelayTestClient, RelayTestClient, RelayTestClient]
      const t = topicOf()
      const outcomes = async (cl: RelayTestClient, n: number) => {
        const out: (string | boolean)[] = []
        for (let i = 0; i < n; i++) {
          out.push(
            await cl.publish(topicOf(), `m${i}`).then(
              (v) => v as boolean,
              (e: Error & { code?: number }) => `${e.code} ${e.message}`,
            ),
          )
        }
        return out
      }
      // Burst of 2 s: 10 per client pass, the 11th is refused.
      const first = await outcomes(a, 11)
      expect(first.slice(0, 10).every((v) => v === true)).toBe(true)
      expect(first[10]).toBe('-32001 Rate limited: too many publishes: per client')
      // The IP has 24 in its burst: a spent 10, b spends 10, c runs into the IP cap.
      expect((await outcomes(b, 10)).every((v) => v === true)).toBe(true)
      // 20 of the IP's 24 are spent: c's first 4 pass, then every one is refused.
      const third = await outcomes(c, 10)
      expect(third.slice(0, 4).every((v) => v === true)).toBe(true)
      expect(new Set(third.slice(4))).toEqual(
        new Set(['-32001 Rate limited: too many publishes: per IP']),
      )

      const r2 = await testRelay({ maxTopicsPerClient: 2, mailboxDepth: 3 })
      const d = new RelayTestClient({ url: r2.url })
      try {
        await d.connect()
        await d.request('irn_batchSubscribe', { topics: [topicOf(), topicOf()] })
        await expect(d.request('irn_subscribe', { topic: topicOf() })).rejects.toMatchObject({
          code: -32003,
          message: 'Too many topics for this client: limit is 2',
        })
        // A second connection of the same client shares the limit.
        const d2 = new RelayTestClient({ url: r2.url, identity: d.identity })
        await d2.connect()
        await expect(d2.request('irn_subscribe', { topic: topicOf() })).rejects.toMatchObject({
          code: -32003,
        })
        await d2.close()
        for (let i = 0; i < 3; i++) expect(await d.publish(t, `d${i}`)).toBe(true)
        await expect(d.publish(t, 'd3')).rejects.toMatchObject({
          code: -32004,
          message: 'Mailbox full for this topic: limit is 3',
        })
      } finally {
        await d.close()
        await r2.stop()
      }
    } finally {
      for (const cl of clients) await cl.close()
      await r.stop()
    }
  })

  it('disconnects a client that does not read (slow consumer), logs it at info, keeps serving others', async () => {
    const logged: Record<string, unknown>[] = []
    const r = await testRelay(
      {
        sendBufferBytes: 256 * 1024,
        maxMessageBytes: 101 * 1024,
        // 25 MB in one topic is over the default per-topic byte cap (8 MiB).
        maxTopicBytes: 32 * 1024 * 1024,
        publishPerSecClient: 10_000,
        publishPerSecIp: 10_000,
        mailboxDepth: 10_000,
        logLevel: 'info',
      },
      { logSink: (line) => logged.push(JSON.parse(line) as Record<string, unknown>) },
    )
    const reader = new RelayTestClient({ url: r.url })
    const sleeper = new RelayTestClient({ url: r.url, noAck: true })
    const publisher = new RelayTestClient({ url: r.url })
    try {
      for (const c of [reader, sleeper, publisher]) await c.connect()
      const t = topicOf()
      await sleeper.request('irn_subscribe', { topic: t })
      await reader.request('irn_subscribe', { topic: t })
      sleeper.ws?.pause()
      const big = 'x'.repeat(100 * 1024)
      let sent = 0
      // Bounded: 400 × 100 KiB is far beyond loopback socket buffers plus the 256 KiB allowance.
      while (sent < 400 && r.metrics.rejections.get('slow_consumer') === undefined) {
        await publisher.publish(t, `${sent}${big}`)
        sent++
      }
      expect(r.metrics.rejections.get('slow_consumer')).toBe(1)
      await reader.waitForMessages(sent, 10_000)
      await until(() => r.metrics.connections === 2, 'the slow consumer to be dropped', 3000)
      // The operator sees it at info (docs/DEPLOYMENT.md#options-start-up-and-errors): who, never what.
      const slow = logged.filter((l) => l.event === 'slow_consumer_closed')
      expect(slow.map(({ level, ip, reason }) => ({ level, ip, reason }))).toEqual([
        { level: 'info', ip: '127.0.0.1', reason: 'send_buffer' },
      ])
      expect(typeof slow[0]?.clientId).toBe('string')
      expect(JSON.stringify(logged)).not.toContain(big.slice(0, 64))
    } finally {
      sleeper.ws?.resume()
      for (const c of [reader, sleeper, publisher]) await c.close()
      await r.stop()
    }
  })
})

describe('connection accounting', () => {
  it('frees the per-IP slot of an upgrade that fails the WebSocket handshake', async () => {
    const r = await testRelay({ maxConnectionsPerIp: 1 })
    try {
      const { request } = await import('node:http')
      const port = new URL(r.url).port
      const auth = signJwt(newIdentity(), { aud: r.url })
      // An upgrade with a valid JWT but no Sec-WebSocket-Key: ws refuses it with 400.
      const status = await new Promise<number>((resolve) => {
        const req = request({
          host: '127.0.0.1',
          port,
          path: `/?auth=${auth}`,
          headers: { Connection: 'Upgrade', Upgrade: 'websocket' },
        })
        req.on('response', (res) => resolve(res.statusCode ?? 0))
        req.on('error', () => resolve(-1))
        req.end()
      })
      expect(status).toBe(400)
      const c = new RelayTestClient({ url: r.url })
      await until(
        () =>
          c.connect(1000).then(
            () => true,
            () => false,
          ),
        'the slot to be freed',
        3000,
      )
      await c.close()
    } finally {
      await r.stop()
    }
  })
})

describe('deep backlogs', () => {
  it('pushes a backlog far larger than the send buffer at the reader’s pace, without closing it', async () => {
    const r = await testRelay({
      sendBufferBytes: 256 * 1024,
      maxMessageBytes: 101 * 1024,
      // 25 MB in one topic is over the default per-topic byte cap (8 MiB).
      maxTopicBytes: 32 * 1024 * 1024,
      publishPerSecClient: 10_000,
      publishPerSecIp: 10_000,
    })
    const publisher = new RelayTestClient({ url: r.url })
    // The reader does not ack, so the messages stay for the fetcher below (a late subscriber's
    // acks free the topic).
    const reader = new RelayTestClient({ url: r.url, noAck: true })
    try {
      await publisher.connect()
      const t = topicOf()
      const big = 'y'.repeat(100 * 1024)
      // 250 × 100 KiB ≈ 25 MB waiting in the mailbox: 100 × the send buffer, 2.5 pages.
      for (let i = 0; i < 250; i++)
        await publisher.publish(t, `${String(i).padStart(3, '0')}${big}`)
      await reader.connect()
      await reader.request('irn_subscribe', { topic: t })
      await reader.waitForMessages(250, 20_000)
      expect(reader.received.map((m) => m.message.slice(0, 3))).toEqual(
        Array.from({ length: 250 }, (_, i) => String(i).padStart(3, '0')),
      )
      expect(r.metrics.rejections.get('slow_consumer')).toBeUndefined()
      expect(reader.closes).toEqual([])
      // irn_batchFetchMessages pages by bytes too: each answer fits the send allowance.
      const fetcher = new RelayTestClient({ url: r.url })
      await fetcher.connect()
      let fetched = 0
      for (let call = 0; call < 300; call++) {
        const page = (await fetcher.request('irn_batchFetchMessages', { topics: [t] })) as {
          messages: unknown[]
          hasMore: boolean
        }
        fetched += page.messages.length
        expect(page.messages.length).toBeLessThanOrEqual(2)
        if (!page.hasMore) break
      }
      expect(fetched).toBe(250)
      await fetcher.close()
    } finally {
      await publisher.close()
      await reader.close()
      await r.stop()
    }
  })
})
