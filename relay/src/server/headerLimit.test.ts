/**
 * Oversized request headers: a 64 KB header gets 431 on plain HTTP and on a WebSocket upgrade
 * (not a silently dropped socket), and the relay keeps serving ordinary requests.
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testRelay } from '../../test/harness.ts'

let relay: Awaited<ReturnType<typeof testRelay>>
beforeAll(async () => {
  relay = await testRelay()
})
afterAll(async () => {
  await relay.stop()
})

/** Sends `head` on a raw TCP socket and resolves with everything the relay wrote back. */
function rawRequest(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.on('data', (c: Buffer) => {
      answer += c.toString('latin1')
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve(answer))
    socket.setTimeout(5000, () => {
      socket.destroy()
      reject(new Error('no answer before the deadline'))
    })
    socket.write(head)
  })
}

const big = 'x'.repeat(64 * 1024)

describe('request header limit', () => {
  it('answers 431 to a 64 KB header on plain HTTP', async () => {
    const answer = await rawRequest(
      relay.port,
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${big}\r\n\r\n`,
    )
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large')
    expect(answer).toContain('"code":"HeaderTooLarge"')
  })

  it('answers 431 to a 64 KB header on a WebSocket upgrade', async () => {
    const answer = await rawRequest(
      relay.port,
      'GET /?auth=x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
        `Cookie: ${big}\r\n\r\n`,
    )
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large')
  })

  it('answers 400 to a request that does not parse, and keeps serving', async () => {
    const answer = await rawRequest(relay.port, 'NOT HTTP AT ALL\r\n\r\n')
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request')
    const ok = await rawRequest(
      relay.port,
      'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    )
    expect(ok.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
  })
})
