/**
 * Test utility: a raw Node client of `/v1/mpc` for the channel's own tests — WebSocket, Noise IK
 * as initiator with the pinned co-signer key, the session JWT as first payload, then sealed binary
 * frames, including frames the real client (`@tessera/cosigner-client`) would never send. Answers
 * come back as FrameViews (frameView.ts), chunked ones reassembled. Waits for events (messages,
 * close), never for time.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import {
  createHandshake,
  createTransport,
  generateKeyPair,
  type KeyPair,
  type Transport,
} from '@tessera/noise'
import {
  type CosignerDataFrame,
  createCosignerReassembler,
  decodeCosignerFrame,
  encodeCosignerFrame,
  COSIGNER_CHANNEL_RULES as RULES,
  splitCosignerFrame,
} from '@tessera/protocol/cosigner'
import WebSocket from 'ws'
import { openMessage, sealMessage } from '../mpc/channel/sealedMessages.ts'
import { type FrameView, frameOf, viewOf } from './frameView.ts'

const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

export interface MpcTestClient {
  ws: WebSocket
  /** Resolves with the handshake reply payload, or rejects with the close code and reason. */
  ready: Promise<Record<string, unknown>>
  /** Resolves when the socket closes. */
  closed: Promise<{ code: number; reason: string }>
  /** Sends one frame as given (never chunked); payload as base64url text or bytes. */
  sendFrame(frame: Parameters<typeof frameOf>[0]): void
  /** Seals and sends any plaintext (a frame's bytes, or garbage). */
  sendPlain(bytes: Uint8Array): void
  /** Sends one logical frame, chunked like the co-signer does when it is large. */
  send(frame: CosignerDataFrame): void
  /** The next frame; chunked replies arrive reassembled. */
  next(): Promise<FrameView>
  close(): void
}

export function connectMpc(
  url: string,
  serverKey: string,
  token: string,
  options: { staticKey?: KeyPair; localAddress?: string } = {},
): MpcTestClient {
  const ws = new WebSocket(
    url,
    options.localAddress === undefined ? {} : { localAddress: options.localAddress },
  )
  const staticKeyPair = options.staticKey ?? generateKeyPair()
  const hs = createHandshake({
    protocolName: RULES.noiseProtocol,
    initiator: true,
    staticKeyPair,
    remoteStaticKey: base64urlnopad.decode(serverKey),
  })
  let transport: Transport | undefined
  const reassembler = createCosignerReassembler()
  const inbox: FrameView[] = []
  const waiters: ((value: FrameView) => void)[] = []
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    ws.on('open', () => ws.send(hs.writeMessage(utf8ToBytes(token))))
    ws.on('message', (data: Buffer) => {
      const bytes = new Uint8Array(data)
      if (transport === undefined) {
        const payload = hs.readMessage(bytes)
        transport = createTransport(hs.split())
        resolve(JSON.parse(utf8Decoder.decode(payload)))
        return
      }
      const opened = openMessage(transport, bytes)
      if ('refused' in opened) throw new Error(opened.refused)
      const frame = decodeCosignerFrame(opened.plaintext)
      let view: FrameView
      if (frame.type === 'data') {
        const complete = reassembler.accept(frame)
        if (complete === undefined) return
        view = viewOf(complete)
      } else view = viewOf(frame)
      const waiter = waiters.shift()
      if (waiter) waiter(view)
      else inbox.push(view)
    })
    void closed.then(({ code, reason }) => reject(new Error(`closed ${code}: ${reason}`)))
  })
  ready.catch(() => {})
  const sendPlain = (plaintext: Uint8Array) => {
    if (transport === undefined) throw new Error('handshake not finished')
    ws.send(sealMessage(transport, plaintext))
  }
  return {
    ws,
    ready,
    closed,
    sendPlain,
    sendFrame: (frame) => sendPlain(encodeCosignerFrame(frameOf(frame))),
    send: (frame) => {
      for (const part of splitCosignerFrame(frame)) sendPlain(encodeCosignerFrame(part))
    },
    next: () => {
      const queued = inbox.shift()
      if (queued) return Promise.resolve(queued)
      return new Promise((resolve) => waiters.push(resolve))
    },
    close: () => ws.close(),
  }
}
