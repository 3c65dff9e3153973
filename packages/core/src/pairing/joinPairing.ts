/**
 * `joinPairing`: what `pairWithUri` does once the pairing code is loaded — the signer's side of
 * pairing (docs/SESSION.md#handshake), the Noise IK initiator.
 * Parses the URI (expired or malformed → @tessera/protocol's `PairingUriError`, a clear message
 * for the screen), subscribes to the pairing topic, publishes IK message 1 (signer metadata,
 * accounts per CAIP-2 chain, a fresh session id) and waits for the message 2 that echoes its own
 * ephemeral key. A refusal (another signer was first) rejects with `PairingError('Refused')`; no
 * answer by the URI's expiry rejects with `timeout`. Then split, session topic, persist,
 * subscribe, drop the pairing topic. Must never accept a message 2 it cannot authenticate.
 * Reached only through the `import()` in `pairWithUri.ts`: it holds the handshake.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import { createHandshake, createTransport, generateKeyPair } from '@tessera/noise'
import {
  decodeMessageFrame,
  encodeMessageFrame,
  parsePairingUri,
  sessionTopicFromHandshakeHash,
} from '@tessera/protocol'
import { defaultClock } from '../relay/defaultClock.ts'
import type { RelayMessage } from '../relay/types.ts'
import { createSession, type Session } from '../session/createSession.ts'
import { PairingError } from '../session/SessionError.ts'
import { type SessionRecord, sessionKey } from '../session/sessionRecord.ts'
import { IK } from './createPairing.ts'
import type { PairWithUriOptions } from './pairWithUri.ts'
import { type DappReply, encodePayload, parseDappReply } from './payloads.ts'
import { replaceOtherSessions } from './replaceOtherSessions.ts'

export async function joinPairing(options: PairWithUriOptions): Promise<Session> {
  const { relay, store } = options
  const clock = options.clock ?? defaultClock
  const randomBytes =
    options.randomBytes ?? ((n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n)))
  const pairing = parsePairingUri(options.uri, { now: Math.floor(clock.now() / 1000) })
  if (pairing.relay !== relay.url) {
    throw new PairingError(
      'RelayMismatch',
      'The relay client is not connected to the relay the pairing code names.',
    )
  }
  const staticKey = generateKeyPair()
  const handshake = createHandshake({
    protocolName: IK,
    initiator: true,
    staticKeyPair: staticKey,
    remoteStaticKey: pairing.key,
  })
  const sessionId = bytesToHex(randomBytes(16))
  const message1 = handshake.writeMessage(
    encodePayload({ v: 1, sessionId, metadata: options.metadata, accounts: options.accounts }),
  )
  const ephemeral = message1.slice(0, 32)

  const reply = await new Promise<{ payload: DappReply }>((resolve, reject) => {
    let done = false
    const stop = (): void => {
      done = true
      off()
      clock.clearTimeout(timer)
    }
    const onMessage = (message: RelayMessage): void => {
      if (done || message.topic !== pairing.topic) return
      const frame = decodeMessageFrame(message.message)
      if (frame?.kind !== 'reply' || !equal(frame.ephemeral, ephemeral)) return
      stop()
      try {
        resolve({ payload: parseDappReply(handshake.readMessage(frame.body)) })
      } catch (cause) {
        reject(
          new PairingError('BadHandshake', 'The dapp answered with an invalid handshake.', {
            cause,
          }),
        )
      }
    }
    const off = relay.events.on('message', onMessage)
    const timer = clock.setTimeout(
      () => {
        stop()
        reject(
          new PairingError(
            'Timeout',
            'The dapp did not answer before the pairing code expired; it may have been used already.',
          ),
        )
      },
      Math.max(0, pairing.exp * 1000 - clock.now()),
    )
    relay
      .subscribe(pairing.topic)
      .then(() =>
        relay.publish(pairing.topic, encodeMessageFrame({ kind: 'hello', body: message1 }), {
          ttl: Math.max(1, pairing.exp - Math.floor(clock.now() / 1000)),
        }),
      )
      .catch((cause: unknown) => {
        if (done) return
        stop()
        reject(
          new PairingError('Cancelled', 'The relay client stopped before pairing finished.', {
            cause,
          }),
        )
      })
  }).finally(() => {
    staticKey.privateKey.fill(0)
    void relay.unsubscribe(pairing.topic).catch(() => {})
  })

  const payload = reply.payload
  if ('error' in payload) {
    throw new PairingError(
      'Refused',
      payload.error.message === '' ? 'The dapp refused this wallet.' : payload.error.message,
    )
  }
  const split = handshake.split()
  const topic = sessionTopicFromHandshakeHash(split.handshakeHash)
  const transport = createTransport(split)
  const record: SessionRecord = {
    v: 1,
    role: 'signer',
    id: sessionId,
    topic,
    relay: pairing.relay,
    origin: pairing.origin,
    peer: payload.metadata,
    accounts: options.accounts,
    chains: payload.chains,
    methods: payload.methods,
    chainId: payload.chains[0],
    expiry: payload.expiry,
    multiple: payload.multiple,
    nextRequestId: 1,
    transport: transport.exportState(),
  }
  await store.set(sessionKey(topic), record)
  const session = createSession({
    record,
    transport,
    relay,
    store,
    clock,
    onRequest: options.onRequest,
    ...(options.maxRequestAgeMs === undefined ? {} : { maxRequestAgeMs: options.maxRequestAgeMs }),
  })
  await relay.subscribe(topic)
  if (!payload.multiple) await replaceOtherSessions({ store, relay, clock, keep: session })
  return session
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
