/**
 * The client against an in-memory co-signer (a fake WebSocket running the Noise IK responder and
 * protocol's frames): typed rounds, chunked replies, error frames with `kind` and `culprit` as
 * fields, reply timeouts, a lost connection, a refused session, and the login exchange.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { createHandshake, createTransport, generateKeyPair, type Transport } from '@tessera/noise'
import {
  type CosignerDataFrame,
  type CosignerFrame,
  decodeCosignerFrame,
  encodeCosignerFrame,
  encodeCosignerReply,
  COSIGNER_CHANNEL_RULES as RULES,
  splitCosignerFrame,
} from '@tessera/protocol/cosigner'
import { describe, expect, test } from 'vitest'
import { connectCosigner } from './connectCosigner.ts'
import { exchangeRound } from './exchangeRound.ts'
import { login } from './login.ts'
import type { WebSocketConstructor, WebSocketLike } from './webSocket.ts'

const AD = utf8ToBytes(RULES.associatedData)

type Handler = (
  frame: CosignerDataFrame,
  send: (frame: CosignerFrame) => void,
  close: (code: number) => void,
) => void

/** A co-signer in memory: answers the handshake (or closes with `refuse`), then calls `handle`. */
function fakeCosigner(handle: Handler, refuse?: number) {
  const key = generateKeyPair()
  const Socket = class implements WebSocketLike {
    binaryType = ''
    onopen: WebSocketLike['onopen'] = null
    onmessage: WebSocketLike['onmessage'] = null
    onclose: WebSocketLike['onclose'] = null
    onerror: WebSocketLike['onerror'] = null
    #hs = createHandshake({
      protocolName: RULES.noiseProtocol,
      initiator: false,
      staticKeyPair: key,
    })
    #transport: Transport | undefined
    #closed = false
    constructor(_url: string) {
      queueMicrotask(() => this.onopen?.({}))
    }
    #deliver(bytes: Uint8Array) {
      queueMicrotask(() => this.onmessage?.({ data: bytes }))
    }
    #sendFrame = (frame: CosignerFrame) => {
      const parts = frame.type === 'data' ? splitCosignerFrame(frame) : [frame]
      for (const part of parts) {
        const { nonce, ciphertext } = (this.#transport as Transport).seal(
          encodeCosignerFrame(part),
          AD,
        )
        const message = new Uint8Array(8 + ciphertext.length)
        new DataView(message.buffer).setBigUint64(0, nonce)
        message.set(ciphertext, 8)
        this.#deliver(message)
      }
    }
    send(data: Uint8Array) {
      if (this.#transport === undefined) {
        this.#hs.readMessage(data)
        if (refuse !== undefined) return this.close(refuse, 'session token rejected')
        const reply = this.#hs.writeMessage(
          utf8ToBytes(JSON.stringify({ v: 1, sub: 'u', dapp: 'demo', exp: 1 })),
        )
        this.#transport = createTransport(this.#hs.split())
        return this.#deliver(reply)
      }
      const nonce = new DataView(data.buffer, data.byteOffset, 8).getBigUint64(0)
      const frame = decodeCosignerFrame(this.#transport.open(nonce, data.subarray(8), AD))
      if (frame.type === 'data') handle(frame, this.#sendFrame, (code) => this.close(code, 'gone'))
    }
    close(code = 1000, reason = '') {
      if (this.#closed) return
      this.#closed = true
      queueMicrotask(() => this.onclose?.({ code, reason }))
    }
  }
  return { WebSocket: Socket as WebSocketConstructor, cosignerKey: key.publicKey }
}

const connect = (fake: ReturnType<typeof fakeCosigner>, replyTimeoutMs?: number) =>
  connectCosigner({
    url: 'ws://cosigner/v1/mpc',
    token: 'token',
    ...fake,
    ...(replyTimeoutMs === undefined ? {} : { replyTimeoutMs }),
  })

const clientError = (fields: Record<string, unknown>) =>
  expect.objectContaining({ name: 'CosignerClientError', ...fields })

describe('connectCosigner', () => {
  test('a typed round trip; a chunked reply comes back whole', async () => {
    const messages = [{ round: 1, blob: new Uint8Array(150_000).fill(3) }]
    const fake = fakeCosigner((frame, send) =>
      send({
        ...frame,
        payload: encodeCosignerReply('dkls23-presign', 1, { nonce: new Uint8Array(32), messages }),
      }),
    )
    const connection = await connect(fake)
    expect(connection.session).toEqual({ sub: 'u', dapp: 'demo', exp: 1 })
    const reply = await exchangeRound(connection.stream('dkls23-presign'), 'dkls23-presign', 1, {
      keyId: 'k',
      epoch: 0,
      path: 'm',
      nonce: new Uint8Array(32),
    })
    expect(reply).toEqual({ nonce: new Uint8Array(32), messages })
    connection.close()
  })

  test('an error frame rejects with its code, kind and culprit as fields', async () => {
    const fake = fakeCosigner((frame, send) =>
      send({
        type: 'error',
        sid: frame.sid,
        protocol: frame.protocol,
        round: frame.round,
        error: { code: 'PartyFailed', message: 'bad commitment', kind: 'Ban', culprit: 1 },
      }),
    )
    const connection = await connect(fake)
    await expect(connection.stream('dkls23-sign').exchange(1, new Uint8Array(1))).rejects.toEqual(
      clientError({
        code: 'PartyFailed',
        shortMessage: 'bad commitment',
        kind: 'Ban',
        culprit: 1,
        retryable: false,
      }),
    )
    connection.close()
  })

  test('a reply that does not decode is BadReply', async () => {
    const fake = fakeCosigner((frame, send) => send({ ...frame, payload: Uint8Array.of(9) }))
    const connection = await connect(fake)
    await expect(
      exchangeRound(connection.stream('dkg'), 'dkg', 4, { stored: true }),
    ).rejects.toEqual(
      clientError({
        code: 'BadReply',
        shortMessage: 'dkg round 4 reply: 1 trailing bytes after the payload',
      }),
    )
    connection.close()
  })

  test('no reply in time is ReplyTimeout; a closed socket is ConnectionLost; both retryable', async () => {
    const silent = await connect(
      fakeCosigner(() => {}),
      5,
    )
    await expect(silent.stream('refresh').exchange(2, new Uint8Array(0))).rejects.toEqual(
      clientError({
        code: 'ReplyTimeout',
        shortMessage: 'no refresh round 2 reply within 5 ms',
        retryable: true,
      }),
    )
    silent.close()
    const dying = await connect(fakeCosigner((_frame, _send, close) => close(1006)))
    await expect(dying.stream('refresh').exchange(2, new Uint8Array(0))).rejects.toEqual(
      clientError({
        code: 'ConnectionLost',
        shortMessage: 'the channel closed (1006) before round 2 was answered',
        retryable: true,
      }),
    )
    expect(await dying.closed).toEqual({ code: 1006, reason: 'gone' })
  })

  test('a refused session token is Unauthorized; a wrong-length pinned key is refused at once', async () => {
    await expect(connect(fakeCosigner(() => {}, 4401))).rejects.toEqual(
      clientError({ code: 'Unauthorized', shortMessage: 'closed 4401: session token rejected' }),
    )
    expect(() =>
      connectCosigner({ url: 'ws://x', token: 't', cosignerKey: new Uint8Array(31) }),
    ).toThrow('"cosignerKey" expected 32 bytes (or their base64url)')
  })
})

describe('login', () => {
  const answer = (status: number, body: unknown) =>
    (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch

  test('the session on 200; LoginFailed with the status and the co-signer’s code otherwise', async () => {
    const ok = { token: 'jwt', identity: 'wechat:a:o', expiresAt: 1, tokenType: 'Bearer' }
    expect(
      await login({
        url: 'http://c',
        adapter: 'wechat',
        proof: { code: 'x' },
        fetch: answer(200, ok),
      }),
    ).toEqual({ token: 'jwt', identity: 'wechat:a:o', expiresAt: 1 })
    await expect(
      login({
        url: 'http://c',
        adapter: 'wechat',
        proof: { code: 'x' },
        fetch: answer(401, { error: { code: 'CodeReplayed', message: 'code already used' } }),
      }),
    ).rejects.toEqual(
      clientError({
        code: 'LoginFailed',
        status: 401,
        retryable: false,
        shortMessage: 'wechat login failed (401 CodeReplayed): code already used',
      }),
    )
  })
})
