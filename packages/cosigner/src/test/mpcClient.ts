/**
 * Test utility: a Node signer-side client of `/v1/mpc` — WebSocket, Noise IK as initiator with
 * the pinned co-signer key, the session JWT as first payload, then sealed frames. Waits for
 * events (messages, close), never for time.
 */
import {
  createHandshake,
  createTransport,
  generateKeyPair,
  type KeyPair,
  type Transport,
} from '@tessera/noise'
import WebSocket from 'ws'
import { concat, fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../bytes.ts'
import { createReassembler, splitFrame } from '../mpc/chunks.ts'
import { decodeFrame, encodeFrame, type Frame, MPC_AD } from '../mpc/frames.ts'
import { NOISE_PROTOCOL } from '../mpc/mpcChannel.ts'

export interface MpcTestClient {
  ws: WebSocket
  /** Resolves with the handshake reply payload, or rejects with the close code and reason. */
  ready: Promise<Record<string, unknown>>
  /** Resolves when the socket closes. */
  closed: Promise<{ code: number; reason: string }>
  sendFrame(frame: Record<string, unknown>): void
  sendPlain(bytes: Uint8Array): void
  /** Sends one logical frame, chunked like the co-signer does when it is large. */
  send(frame: Frame): void
  /** The next frame; chunked replies arrive reassembled (payload as base64url). */
  next(): Promise<Record<string, unknown>>
  close(): void
}

export function connectMpc(
  url: string,
  serverKey: string,
  token: string,
  options: { staticKey?: KeyPair } = {},
): MpcTestClient {
  const ws = new WebSocket(url)
  const staticKeyPair = options.staticKey ?? generateKeyPair()
  const hs = createHandshake({
    protocolName: NOISE_PROTOCOL,
    initiator: true,
    staticKeyPair,
    remoteStaticKey: fromBase64Url(serverKey),
  })
  let transport: Transport | undefined
  const reassembler = createReassembler()
  const inbox: Record<string, unknown>[] = []
  const waiters: ((value: Record<string, unknown>) => void)[] = []
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    ws.on('open', () => ws.send(hs.writeMessage(utf8(token))))
    ws.on('message', (data: Buffer) => {
      const bytes = new Uint8Array(data)
      if (transport === undefined) {
        const payload = hs.readMessage(bytes)
        transport = createTransport(hs.split())
        resolve(JSON.parse(fromUtf8(payload)))
        return
      }
      const nonce = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0)
      const plaintext = transport.open(nonce, bytes.subarray(8), MPC_AD)
      let frame = JSON.parse(fromUtf8(plaintext))
      if (frame.parts !== undefined) {
        const complete = reassembler.accept(decodeFrame(plaintext))
        if (complete === undefined) return
        frame = { ...complete, payload: toBase64Url(complete.payload) }
      }
      const waiter = waiters.shift()
      if (waiter) waiter(frame)
      else inbox.push(frame)
    })
    void closed.then(({ code, reason }) => reject(new Error(`closed ${code}: ${reason}`)))
  })
  ready.catch(() => {})
  const sendPlain = (plaintext: Uint8Array) => {
    if (transport === undefined) throw new Error('handshake not finished')
    const { nonce, ciphertext } = transport.seal(plaintext, MPC_AD)
    const prefix = new Uint8Array(8)
    new DataView(prefix.buffer).setBigUint64(0, nonce)
    ws.send(concat(prefix, ciphertext))
  }
  return {
    ws,
    ready,
    closed,
    sendPlain,
    sendFrame: (frame) => sendPlain(utf8(JSON.stringify(frame))),
    send: (frame) => {
      for (const part of splitFrame(frame)) sendPlain(encodeFrame(part))
    },
    next: () => {
      const queued = inbox.shift()
      if (queued) return Promise.resolve(queued)
      return new Promise((resolve) => waiters.push(resolve))
    },
    close: () => ws.close(),
  }
}
