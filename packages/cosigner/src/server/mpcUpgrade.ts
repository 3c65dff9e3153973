/**
 * The WebSocket endpoint `/v1/mpc`: binary messages only, each at most one Noise message plus
 * its 8-byte nonce (larger frames close the socket with 1009), handed to an MpcChannel.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { COSIGNER_CHANNEL_RULES as RULES } from '@tessera/protocol/cosigner'
import { WebSocketServer } from 'ws'
import { createMpcChannel } from '../mpc/channel/createMpcChannel.ts'
import type { CosignerContext } from './context.ts'

export function attachMpcEndpoint(server: Server, ctx: CosignerContext) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: RULES.maxNoiseMessage + RULES.nonceBytes,
    perMessageDeflate: false,
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://cosigner').pathname !== '/v1/mpc') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ctx.metrics.gauge('cosigner_mpc_connections', 1)
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
        ctx.metrics.gauge('cosigner_mpc_connections', -1)
        channel.closed()
      })
      ws.on('error', () => {})
    })
  })
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        wss.close(() => resolve())
      }),
  }
}
