/**
 * The WebSocket endpoint `/v1/mpc`: binary messages only, each at most one Noise message plus
 * its 8-byte nonce (larger frames close the socket with 1009), handed to an MpcChannel.
 * At most `mpcConnectionsPerIp` sockets per client address (more get HTTP 429 at the upgrade)
 * and `mpcConnectionsPerIdentity` channels per identity (4429); each socket is pinged every
 * `pingIntervalMs` and terminated when it has not answered the previous ping (a client that stopped
 * reading: `slow_consumer_closed` at info, with the address, never contents); the channel gets
 * its handshake deadline and the process-wide budget of unfinished chunked messages. The client
 * address comes from the server kit (the TCP peer, or behind `--trust-proxy` the forwarded client).
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { COSIGNER_CHANNEL_RULES as RULES } from '@tessera/protocol/cosigner'
import { type WebSocket, WebSocketServer } from 'ws'
import { createMpcChannel } from '../mpc/channel/createMpcChannel.ts'
import type { CosignerContext } from './context.ts'

const tooMany = (message: string) => {
  const body = JSON.stringify({ error: { code: 'RateLimited', message, retryable: true } })
  return `HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
}

export function createMpcEndpoint(ctx: CosignerContext) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: RULES.maxNoiseMessage + RULES.nonceBytes,
    perMessageDeflate: false,
  })
  const { config } = ctx
  const { perIp, perIdentity } = ctx.mpcSlots
  const partialBytes = { used: 0, max: config.partialBytesTotal }
  const unanswered = new WeakSet<WebSocket>()
  const addresses = new WeakMap<WebSocket, string>()
  const pinger = setInterval(() => {
    for (const client of wss.clients) {
      if (unanswered.has(client)) {
        // It has not read the last ping: a client that stopped reading (a slow consumer) or is
        // gone. Each frame the co-signer sends answers one the client sent, so this bounds what
        // a non-reading client makes it buffer to two ping intervals of its own sending.
        ctx.metrics.count('cosigner_mpc_rejections_total', 'ping_timeout')
        ctx.log.info('slow_consumer_closed', {
          ip: addresses.get(client),
          reason: 'no_pong',
          connections: wss.clients.size - 1,
        })
        client.terminate()
        continue
      }
      unanswered.add(client)
      client.ping()
    }
  }, config.pingIntervalMs)
  pinger.unref()
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, ip: string): void => {
    if (new URL(req.url ?? '/', 'http://cosigner').pathname !== '/v1/mpc') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return
    }
    let gone = false
    socket.once('close', () => {
      gone = true
    })
    perIp.claim(ip).then(
      (releaseIp) => {
        if (releaseIp === undefined) {
          ctx.metrics.count('cosigner_mpc_rejections_total', 'too_many_per_ip')
          socket.end(
            tooMany(
              `at most ${config.mpcConnectionsPerIp} MPC connections per client address; close one first`,
            ),
          )
          return
        }
        if (gone) return releaseIp()
        socket.once('close', releaseIp)
        accept(req, socket, head, releaseIp, ip)
      },
      (error: unknown) => {
        ctx.log.warn('limit_unavailable', { error: String(error) })
        ctx.metrics.count('cosigner_mpc_rejections_total', 'limit_unavailable')
        socket.end(
          'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
        )
      },
    )
  }
  const accept = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    releaseIp: () => void,
    ip: string,
  ): void => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      ctx.metrics.gauge('cosigner_mpc_connections', 1)
      ctx.log.info('mpc_connection_opened', { connections: wss.clients.size })
      addresses.set(ws, ip)
      ws.on('pong', () => unanswered.delete(ws))
      const channel = createMpcChannel(
        {
          send: (bytes) => ws.send(bytes),
          close: (code, reason) => ws.close(code, reason),
        },
        {
          staticKey: ctx.noiseKey,
          verifyToken: (token) => ctx.verifySession(token),
          party: ctx.party,
          now: ctx.now,
          roundTimeoutMs: ctx.config.roundTimeoutMs,
          maxStreams: ctx.config.maxStreamsPerConnection,
          log: ctx.log,
          metrics: ctx.metrics,
          limits: {
            handshakeTimeoutMs: config.handshakeTimeoutMs,
            partialTimeoutMs: config.partialMessageTimeoutMs,
            partialBytesPerConnection: config.partialBytesPerConnection,
            partialBytes,
            claimIdentity: (identity) => perIdentity.claim(identity),
          },
        },
      )
      ws.on('message', (data, isBinary) => {
        if (!isBinary) {
          ws.close(RULES.close.malformed, 'binary frames only')
          return
        }
        const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
        void channel.receive(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength))
      })
      ws.on('close', () => {
        releaseIp()
        ctx.metrics.gauge('cosigner_mpc_connections', -1)
        ctx.log.info('mpc_connection_closed', { connections: wss.clients.size })
        channel.closed()
      })
      ws.on('error', () => {})
    })
  }
  return {
    upgrade,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pinger)
        for (const client of wss.clients) client.terminate()
        perIp.close()
        perIdentity.close()
        wss.close(() => resolve())
      }),
  }
}
