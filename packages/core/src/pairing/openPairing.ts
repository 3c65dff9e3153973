/**
 * `openPairing`: what `createPairing` does once the pairing code is loaded — the dapp's side of
 * pairing (docs/SESSION.md#pairing-uri, docs/SESSION.md#handshake), the Noise IK responder. Makes a
 * static key and a pairing topic (32 random bytes, hex), builds the `tessera:` URI, subscribes and
 * waits. The first valid IK message 1 wins: the dapp answers with message 2 (its metadata,
 * requested chains and methods, expiry), splits, derives the session topic, persists the session,
 * subscribes to it and drops the pairing topic. A second signer's message 1 that arrives
 * meanwhile gets an authenticated refusal (an IK message 2 whose payload is an error 4100).
 * Unless `multiple` is set, the dapp's older sessions for the same origin are disconnected (one
 * session per origin). Must never answer two signers with a session. Reached only through the
 * `import()` in `createPairing.ts`: it holds the handshake (X25519 and all).
 */

import { bytesToHex } from '@noble/hashes/utils.js'
import { createHandshake, createTransport, generateKeyPair } from '@tessera/noise'
import {
  buildPairingUri,
  DEFAULT_SESSION_TTL_SECONDS,
  decodeMessageFrame,
  encodeMessageFrame,
  HANDSHAKE_REPLY_TTL_SECONDS,
  PAIRING_DEFAULT_TTL_SECONDS,
  pairingExpiry,
  RPC_ERROR_CODES,
  sessionTopicFromHandshakeHash,
} from '@tessera/protocol'
import { defaultClock } from '../relay/defaultClock.ts'
import type { RelayMessage } from '../relay/types.ts'
import { createSession, type Session } from '../session/createSession.ts'
import { PairingError } from '../session/SessionError.ts'
import { type SessionRecord, sessionKey } from '../session/sessionRecord.ts'
import { type CreatePairingOptions, IK, type Pairing } from './createPairing.ts'
import { encodePayload, parseSignerHello, type SignerHello } from './payloads.ts'
import { replaceOtherSessions } from './replaceOtherSessions.ts'

export async function openPairing(options: CreatePairingOptions): Promise<Pairing> {
  const { relay, store } = options
  const clock = options.clock ?? defaultClock
  const randomBytes =
    options.randomBytes ?? ((n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n)))
  const staticKey = generateKeyPair()
  const topic = bytesToHex(randomBytes(32))
  const now = Math.floor(clock.now() / 1000)
  const exp = pairingExpiry(now, options.ttlSeconds ?? PAIRING_DEFAULT_TTL_SECONDS)
  const uri = buildPairingUri({
    topic,
    relay: relay.url,
    key: staticKey.publicKey,
    exp,
    name: options.metadata.name,
    origin: options.origin,
  })

  let settle: { resolve: (s: Session) => void; reject: (e: Error) => void } | undefined
  const approved = new Promise<Session>((resolve, reject) => {
    settle = { resolve, reject }
  })
  approved.catch(() => {}) // the caller may never look; the rejection is still delivered to it
  /** The initiator ephemeral of the accepted signer, once there is one. */
  let winner: Uint8Array | undefined
  let finished = false

  const finish = async (error?: Error, session?: Session): Promise<void> => {
    if (finished) return
    finished = true
    off()
    clock.clearTimeout(expiryTimer)
    staticKey.privateKey.fill(0)
    await relay.unsubscribe(topic).catch(() => {})
    if (session !== undefined) settle?.resolve(session)
    else settle?.reject(error ?? new PairingError('Cancelled', 'Pairing was cancelled.'))
  }

  const onMessage = (message: RelayMessage): void => {
    if (message.topic !== topic) return
    const frame = decodeMessageFrame(message.message)
    if (frame?.kind !== 'hello' || frame.body.length < 32) return
    const ephemeral = frame.body.slice(0, 32) // IK message 1 starts with the clear ephemeral
    if (winner !== undefined && equal(winner, ephemeral)) return // a redelivery of the winner
    void answer(frame.body, ephemeral).catch(() => {})
  }

  const answer = async (body: Uint8Array, ephemeral: Uint8Array): Promise<void> => {
    const handshake = createHandshake({
      protocolName: IK,
      initiator: false,
      staticKeyPair: staticKey,
    })
    let hello: SignerHello
    try {
      hello = parseSignerHello(handshake.readMessage(body))
    } catch {
      return // not a valid message 1 for our key: ignore it, keep waiting
    }
    if (winner !== undefined || finished) {
      // docs/SESSION.md#handshake: a second signer answering the same URI is refused,
      // authenticated.
      const refusal = {
        code: RPC_ERROR_CODES.unauthorized,
        message: 'This pairing code was already used by another wallet.',
      }
      const reply = handshake.writeMessage(encodePayload({ v: 1, error: refusal }))
      await relay.publish(topic, encodeMessageFrame({ kind: 'reply', ephemeral, body: reply }), {
        ttl: HANDSHAKE_REPLY_TTL_SECONDS,
      })
      return
    }
    winner = ephemeral
    const expiry =
      Math.floor(clock.now() / 1000) + (options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS)
    const multiple = options.multiple ?? false
    const reply = handshake.writeMessage(
      encodePayload({
        v: 1,
        metadata: options.metadata,
        chains: options.chains,
        methods: options.methods,
        expiry,
        multiple,
      }),
    )
    const split = handshake.split()
    const sessionTopic = sessionTopicFromHandshakeHash(split.handshakeHash)
    const transport = createTransport(split)
    const record: SessionRecord = {
      v: 1,
      role: 'dapp',
      id: hello.sessionId,
      topic: sessionTopic,
      relay: relay.url,
      origin: options.origin,
      peer: hello.metadata,
      accounts: hello.accounts,
      chains: options.chains,
      methods: options.methods,
      chainId: options.chains[0],
      expiry,
      multiple,
      nextRequestId: 1,
      transport: transport.exportState(),
    }
    // Persist before answering: a signer must never hold a session the dapp lost.
    await store.set(sessionKey(sessionTopic), record)
    const session = createSession({
      record,
      transport,
      relay,
      store,
      clock,
      ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    })
    await relay.subscribe(sessionTopic)
    await relay.publish(topic, encodeMessageFrame({ kind: 'reply', ephemeral, body: reply }), {
      ttl: HANDSHAKE_REPLY_TTL_SECONDS,
    })
    if (!multiple) await replaceOtherSessions({ store, relay, clock, keep: session })
    await finish(undefined, session)
  }

  const off = relay.events.on('message', onMessage)
  const expiryTimer = clock.setTimeout(
    () =>
      void finish(
        new PairingError('Timeout', 'No wallet answered before the pairing code expired.'),
      ),
    (exp - now) * 1000,
  )
  await relay.subscribe(topic)
  return { uri, topic, approved, cancel: () => finish() }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
