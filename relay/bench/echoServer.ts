/**
 * The ceiling for the relay benchmark: a bare `ws` server on loopback that sends every text frame
 * straight back to its sender — no auth, no JSON, no storage. Prints `{"url":…}` once listening.
 * Bench-only.
 */
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
})
wss.on('listening', () => {
  const { port } = wss.address() as AddressInfo
  process.stdout.write(`${JSON.stringify({ url: `ws://127.0.0.1:${port}` })}\n`)
})
process.on('SIGTERM', () => wss.close(() => process.exit(0)))
