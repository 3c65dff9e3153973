/**
 * The channel's resource limits (issue "Operator-grade servers"): a socket that never finishes
 * the Noise handshake is closed at its deadline (4408); an unfinished chunked message is dropped
 * at its deadline (4408) or once the connection's or the process's budget of partial bytes is
 * passed (4413), and the budget is given back; an identity over its channel count is closed
 * (4429). Deadlines are a few milliseconds and each test waits for the close itself.
 */
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { createHandshake, createTransport, generateKeyPair } from '@tessera/noise'
import {
  type CosignerDataFrame,
  encodeCosignerFrame,
  COSIGNER_CHANNEL_RULES as RULES,
} from '@tessera/protocol/cosigner'
import { expect, test as vitestTest } from 'vitest'
import type { Session } from '../../jwt/sessionToken.ts'
import { createLogger } from '../../log.ts'
import { createMetrics } from '../../metrics.ts'
import { NO_MPC_PARTY } from '../mpcParty.ts'
import type { ChannelLimits } from './channelTypes.ts'
import { createMpcChannel } from './createMpcChannel.ts'
import { sealMessage } from './sealedMessages.ts'

const LONG = 600_000
/** Each test ends within 5 s (or its own bound): a missing close fails it instead of hanging. */
const test = (name: string, fn: () => Promise<void>, timeoutMs = 5_000) =>
  vitestTest(name, fn, timeoutMs)
const limits = (over: Partial<ChannelLimits> = {}): ChannelLimits => ({
  handshakeTimeoutMs: LONG,
  partialTimeoutMs: LONG,
  partialBytesPerConnection: 4 * 1024 * 1024,
  partialBytes: { used: 0, max: 256 * 1024 * 1024 },
  ...over,
})

function open(channelLimits: ChannelLimits) {
  const server = generateKeyPair()
  let reply: Uint8Array | undefined
  let onClose: (c: { code: number; reason: string }) => void = () => {}
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    onClose = resolve
  })
  const session: Session = {
    sub: 'wechat:app:limits',
    dapp: 'demo',
    amr: 'wechat',
    jti: 'jti',
    iat: 0,
    exp: 4_000_000_000,
  }
  const channel = createMpcChannel(
    {
      send(bytes) {
        reply ??= bytes
      },
      close: (code, reason) => onClose({ code, reason }),
    },
    {
      staticKey: server,
      verifyToken: async () => session,
      party: NO_MPC_PARTY(),
      now: () => 0,
      roundTimeoutMs: LONG,
      maxStreams: 4,
      log: createLogger('silent', {}, () => {}),
      metrics: createMetrics(),
      limits: channelLimits,
    },
  )
  const hs = createHandshake({
    protocolName: RULES.noiseProtocol,
    initiator: true,
    staticKeyPair: generateKeyPair(),
    remoteStaticKey: server.publicKey,
  })
  return {
    channel,
    closed,
    async handshake() {
      await channel.receive(hs.writeMessage(utf8ToBytes('token')))
      if (reply === undefined) throw new Error('handshake refused')
      hs.readMessage(reply)
      const transport = createTransport(hs.split())
      return (frame: CosignerDataFrame) =>
        channel.receive(sealMessage(transport, encodeCosignerFrame(frame)))
    },
  }
}

const firstChunk = (sid = Buffer.from(randomBytes(32)).toString('hex')): CosignerDataFrame => ({
  type: 'data',
  sid,
  protocol: 'echo',
  round: 1,
  part: 0,
  parts: 3,
  payload: new Uint8Array(RULES.chunkBytes),
})

test('a socket without a finished handshake is closed at its deadline', async () => {
  const c = open(limits({ handshakeTimeoutMs: 20 }))
  expect(await c.closed).toEqual({
    code: 4408,
    reason: 'no Noise handshake within 20 ms',
  })
})

test('a finished handshake clears the handshake deadline', async () => {
  // Deadlines long enough for a Noise handshake on a loaded machine: were the handshake deadline
  // still armed, the close at 2 s would be the handshake's, before the partial's at 4 s.
  const c = open(limits({ handshakeTimeoutMs: 2_000, partialTimeoutMs: 4_000 }))
  const send = await c.handshake()
  await send(firstChunk())
  expect(await c.closed).toEqual({
    code: 4408,
    reason: 'a chunked message was not finished within 4000 ms; dropped',
  })
}, 20_000)

test('the connection budget of partial bytes closes with 4413 and is given back', async () => {
  const shared = { used: 0, max: 10 * 1024 * 1024 }
  const c = open(limits({ partialBytesPerConnection: 100_000, partialBytes: shared }))
  const send = await c.handshake()
  await send(firstChunk())
  expect(shared.used).toBe(RULES.chunkBytes)
  await send(firstChunk())
  expect(await c.closed).toEqual({
    code: 4413,
    reason: 'unfinished chunked messages passed 100000 bytes on this connection; dropped',
  })
  expect(shared.used).toBe(0)
})

test('the process budget of partial bytes is shared by every connection', async () => {
  const shared = { used: 0, max: 100_000 }
  const a = open(limits({ partialBytes: shared }))
  const b = open(limits({ partialBytes: shared }))
  await (await a.handshake())(firstChunk())
  await (await b.handshake())(firstChunk())
  expect(await b.closed).toEqual({
    code: 4413,
    reason: 'unfinished chunked messages of all connections passed 100000 bytes; dropped',
  })
  expect(shared.used).toBe(RULES.chunkBytes)
  a.channel.closed()
  expect(shared.used).toBe(0)
})

test('a finished chunked message gives its bytes back', async () => {
  const shared = { used: 0, max: 10 * 1024 * 1024 }
  const c = open(limits({ partialBytes: shared }))
  const send = await c.handshake()
  const first = firstChunk()
  await send(first)
  await send({ ...first, part: 1 })
  expect(shared.used).toBe(2 * RULES.chunkBytes)
  await send({ ...first, part: 2 })
  expect(shared.used).toBe(0)
})

test('an identity over its channel count is closed with 4429', async () => {
  const d = open(limits({ claimIdentity: async () => undefined }))
  await expect(d.handshake()).rejects.toThrow('handshake refused')
  expect(await d.closed).toEqual({
    code: 4429,
    reason: 'too many MPC connections for this identity; close one first',
  })
})
