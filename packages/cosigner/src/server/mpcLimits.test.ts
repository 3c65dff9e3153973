/**
 * `/v1/mpc` limits on a real server over loopback (issue "Operator-grade servers"): sockets per
 * client address (HTTP 429 at the upgrade), channels per identity (4429), pings (a socket that
 * does not answer is terminated, one that does stays) and the handshake deadline (4408). Each
 * wait is for an event of the socket, never for time to pass.
 */
import { afterAll, beforeAll, describe, expect, test as vitestTest } from 'vitest'
import WebSocket from 'ws'
import { NO_MPC_PARTY } from '../mpc/mpcParty.ts'
import { connectMpc } from '../test/mpcClient.ts'
import { loginWeChat } from '../test/signerChannel.ts'
import { startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'

/** Each test ends within 10 s: a missing event fails it instead of hanging the suite. */
const test = (name: string, fn: () => Promise<void>) => vitestTest(name, fn, 10_000)

/** Each test connects from its own loopback address, so their per-address counts are apart. */
const from =
  (localAddress: string) =>
  (url: string, options: WebSocket.ClientOptions = {}) =>
    new WebSocket(url, { ...options, localAddress })

/** The server's next channel end: it frees the socket's slots before it logs it. */
function channelEnd(c: TestCosigner) {
  const isEnd = (line: string) => line.includes('"mpc_channel_closed"')
  const before = c.logs.filter(isEnd).length
  return c.waitForLog(() => c.logs.filter(isEnd).length > before)
}

const opened = (ws: WebSocket) =>
  new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
const closed = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
const refused = (ws: WebSocket) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    ws.once('open', () => reject(new Error('upgrade accepted')))
    ws.once('error', () => {})
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
  })

describe('connections per address and per identity', () => {
  let c: TestCosigner
  beforeAll(async () => {
    c = await startTestCosigner({
      party: NO_MPC_PARTY,
      mpcConnectionsPerIp: 2,
      mpcConnectionsPerIdentity: 1,
    })
  }, 60_000)
  afterAll(() => c.cleanup())

  test('a third socket from one address gets HTTP 429; a freed slot is reused', async () => {
    const socket = from('127.0.0.2')
    const a = socket(c.mpcUrl)
    const b = socket(c.mpcUrl)
    await Promise.all([opened(a), opened(b)])
    expect(await refused(socket(c.mpcUrl))).toEqual({
      status: 429,
      body: JSON.stringify({
        error: {
          code: 'RateLimited',
          message: 'at most 2 MPC connections per client address; close one first',
          retryable: true,
        },
      }),
    })
    const end = channelEnd(c)
    a.close()
    await end
    const d = socket(c.mpcUrl)
    await opened(d)
    const rest = Promise.all([closed(b), closed(d)])
    b.close()
    d.close()
    await rest
  })

  test('a second channel of one identity closes with 4429', async () => {
    const { token } = await loginWeChat(c.url, c.wechat.issueCode({ openid: 'o-limit' }), 'demo')
    const here = { localAddress: '127.0.0.3' }
    const first = connectMpc(c.mpcUrl, c.noiseStaticKey, token, here)
    await first.ready
    const second = connectMpc(c.mpcUrl, c.noiseStaticKey, token, here)
    await expect(second.ready).rejects.toThrow(
      'closed 4429: too many MPC connections for this identity; close one first',
    )
    const end = channelEnd(c)
    first.close()
    await end
    const third = connectMpc(c.mpcUrl, c.noiseStaticKey, token, here)
    await third.ready
    third.close()
    await third.closed
  })
})

describe('pings', () => {
  let c: TestCosigner
  beforeAll(async () => {
    // A second between pings: a loaded test process still answers in time.
    c = await startTestCosigner({ party: NO_MPC_PARTY, pingIntervalMs: 1_000 })
  }, 60_000)
  afterAll(() => c.cleanup())

  test('a socket that does not answer pings is terminated; one that does stays', async () => {
    const socket = from('127.0.0.4')
    const silent = socket(c.mpcUrl, { autoPong: false })
    const polite = socket(c.mpcUrl)
    await Promise.all([opened(silent), opened(polite)])
    let pings = 0
    const pinged = new Promise<void>((resolve) =>
      polite.on('ping', () => {
        pings += 1
        if (pings === 3) resolve()
      }),
    )
    expect((await closed(silent)).code).toBe(1006)
    await pinged
    expect(polite.readyState).toBe(WebSocket.OPEN)
    const politeClosed = closed(polite)
    polite.close()
    await politeClosed
  })
})

describe('handshake deadline', () => {
  let c: TestCosigner
  beforeAll(async () => {
    c = await startTestCosigner({ party: NO_MPC_PARTY, handshakeTimeoutMs: 50 })
  }, 60_000)
  afterAll(() => c.cleanup())

  test('a silent socket is closed with 4408', async () => {
    const ws = new WebSocket(c.mpcUrl)
    const end = closed(ws)
    await opened(ws)
    expect(await end).toEqual({ code: 4408, reason: 'no Noise handshake within 50 ms' })
  })
})
