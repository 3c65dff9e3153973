/**
 * Runs one accepted WebSocket: parses each text frame, dispatches requests to `methods.ts`,
 * answers with the request's id verbatim, turns client responses into mailbox acks, and refuses
 * binary frames. A failing handler produces an internal error for that request only, never a
 * crash. Never logs frame contents.
 */
import {
  encodeRelayResponse,
  parseClientFrame,
  RELAY_RULES,
  type RelayResponseBody,
  type RelayRpcId,
  relayErrorBody,
} from '@tessera/protocol'
import type { WebSocket } from 'ws'
import { Connection } from './connection.ts'
import type { RelayContext } from './context.ts'
import { handleMethod } from './methods.ts'

const { errors } = RELAY_RULES

export function runSession(
  ctx: RelayContext,
  ws: WebSocket,
  clientId: string,
  ip: string,
  onClose: (conn: Connection) => void,
): Connection {
  const conn = new Connection(
    ws,
    clientId,
    ip,
    ctx.config.sendBufferBytes,
    () => {
      ctx.metrics.reject('slow_consumer')
      ctx.log.info('slow_consumer_closed', { clientId, ip, reason: 'send_buffer' })
    },
    ctx.now(),
  )
  const reply = (id: RelayRpcId | null, body: RelayResponseBody): void => {
    conn.send(encodeRelayResponse(id, body))
  }

  ws.on('pong', () => {
    conn.alive = true
  })
  ws.on('message', (data, isBinary) => {
    conn.alive = true
    const receivedAt = performance.now()
    if (isBinary) {
      ctx.metrics.reject('binary_frame')
      reply(null, { error: relayErrorBody('binaryFrame') })
      return
    }
    const frame = parseClientFrame(data.toString())
    if (frame.kind === 'invalid') {
      ctx.metrics.reject(frame.error.code === errors.parse.code ? 'parse_error' : 'invalid_request')
      reply(frame.id, { error: frame.error })
      return
    }
    if (frame.kind === 'response') {
      const acked = conn.takeAck(frame.id)
      if (acked !== undefined && frame.ok) {
        ctx.metrics.acks++
        ctx.store.ack(acked.topic, acked.id, clientId).catch((error: unknown) => {
          ctx.log.error('ack_failed', { clientId, error: String(error) })
        })
      }
      return
    }
    handleMethod(ctx, conn, frame.method, frame.params, receivedAt).then(
      (outcome) => {
        if ('error' in outcome) {
          const { code } = outcome.error
          if (code === errors.methodNotFound.code) ctx.metrics.reject('unknown_method')
          else if (code === errors.invalidParams.code) ctx.metrics.reject('invalid_params')
          reply(frame.id, { error: outcome.error })
          return
        }
        reply(frame.id, { result: outcome.result })
        outcome.after?.().catch((error: unknown) => {
          ctx.log.error('backlog_failed', { clientId, error: String(error) })
        })
      },
      (error: unknown) => {
        ctx.log.error('method_failed', { method: frame.method, clientId, error: String(error) })
        reply(frame.id, { error: relayErrorBody('internal') })
      },
    )
  })
  ws.on('close', () => {
    conn.closed = true
    onClose(conn)
  })
  ws.on('error', () => {
    // 'close' follows; ws reports protocol errors (bad UTF-8, oversized frames) here.
  })
  return conn
}
