/** Client addresses: the socket peer, unless the peer is a trusted proxy (then X-Forwarded-For). */
import type { IncomingMessage } from 'node:http'
import { expect, test } from 'vitest'
import { clientAddress } from './clientAddress.ts'

const request = (peer: string, forwarded?: string | string[]): IncomingMessage =>
  ({
    socket: { remoteAddress: peer },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  }) as unknown as IncomingMessage

test('off by default: the peer, whatever the header says', () => {
  const ip = clientAddress()
  expect(ip(request('10.0.0.5', '1.2.3.4'))).toBe('10.0.0.5')
  expect(ip(request('::ffff:10.0.0.5'))).toBe('10.0.0.5')
})

test('on: the right-most hop that is not a trusted proxy', () => {
  const ip = clientAddress(['10.0.0.0/8', '::1'])
  // The client wrote "6.6.6.6" itself; the proxy appended the real peer 1.2.3.4.
  expect(ip(request('10.0.0.5', '6.6.6.6, 1.2.3.4'))).toBe('1.2.3.4')
  // Two proxies in a row (the inner one appended the outer one's address).
  expect(ip(request('::1', ['6.6.6.6, 1.2.3.4', '10.1.1.1']))).toBe('1.2.3.4')
  expect(ip(request('::ffff:10.0.0.5', '2001:db8::7'))).toBe('2001:db8::7')
})

test('on: a peer that is not a trusted proxy is the client, its header ignored', () => {
  const ip = clientAddress(['10.0.0.0/8'])
  expect(ip(request('1.2.3.4', '6.6.6.6'))).toBe('1.2.3.4')
})

test('on: no header, garbage, or only trusted hops end at the last trusted address', () => {
  const ip = clientAddress(['10.0.0.0/8'])
  expect(ip(request('10.0.0.5'))).toBe('10.0.0.5')
  expect(ip(request('10.0.0.5', 'not-an-ip, 10.0.0.9'))).toBe('10.0.0.9')
  expect(ip(request('10.0.0.5', '10.0.0.7, 10.0.0.9'))).toBe('10.0.0.7')
})
