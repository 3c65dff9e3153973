/**
 * Answers an HTTP request the parser refused, before any route or upgrade sees it: 431 for a
 * request head larger than `--max-header-bytes` (plain HTTP and WebSocket upgrades alike), 400 for
 * anything else that does not parse. A socket that is already gone is just destroyed. Never
 * echoes the request.
 */
import type { Duplex } from 'node:stream'

const ANSWERS = {
  431: ['Request Header Fields Too Large', 'header_too_large'],
  400: ['Bad Request', 'bad_request'],
} as const

/** Which status a parser error gets; Node's code for an oversized head is HPE_HEADER_OVERFLOW. */
export function clientErrorStatus(error: NodeJS.ErrnoException): 431 | 400 {
  return error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
}

export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): 431 | 400 | 0 {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return 0
  }
  const status = clientErrorStatus(error)
  const [text, reason] = ANSWERS[status]
  const body = JSON.stringify({ error: reason })
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\n` +
      'Content-Type: application/json\r\n' +
      'Connection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
  return status
}
