/**
 * The explicit-nonce transport: reordering within the window, replay rejection, rekeying at the
 * interval on both sides, persistence, the hard stop before nonce exhaustion, tampering.
 */
import { describe, expect, test } from 'vitest'
import { MAX_NONCE } from './cipherState.ts'
import { expectNoise } from './test/expectNoise.ts'
import { complete, ikPair } from './test/pair.ts'
import {
  createTransport,
  restoreTransport,
  type Transport,
  type TransportOptions,
} from './transport.ts'

const encode = (text: string) => new TextEncoder().encode(text)
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const topic = encode('session-topic')

function transports(options: TransportOptions = {}): [Transport, Transport] {
  const { initiator, responder } = ikPair()
  complete(initiator, responder)
  return [createTransport(initiator.split(), options), createTransport(responder.split(), options)]
}

describe('Transport', () => {
  test('messages flow both ways with associated data', () => {
    const [dapp, signer] = transports()
    const sealed = dapp.seal(encode('eth_sign'), topic)
    expect(sealed.nonce).toBe(0n)
    expect(decode(signer.open(sealed.nonce, sealed.ciphertext, topic))).toBe('eth_sign')
    const reply = signer.seal(encode('0xsig'), topic)
    expect(decode(dapp.open(reply.nonce, reply.ciphertext, topic))).toBe('0xsig')
  })

  test('reordered messages are accepted; duplicates and replays are not', () => {
    const [a, b] = transports()
    const sealed = [0, 1, 2, 3].map((i) => a.seal(encode(`m${i}`)))
    const [m0, m1, m2, m3] = sealed as [
      (typeof sealed)[0],
      (typeof sealed)[0],
      (typeof sealed)[0],
      (typeof sealed)[0],
    ]
    expect(decode(b.open(m2.nonce, m2.ciphertext))).toBe('m2')
    expect(decode(b.open(m0.nonce, m0.ciphertext))).toBe('m0')
    expect(decode(b.open(m3.nonce, m3.ciphertext))).toBe('m3')
    expectNoise(() => b.open(m2.nonce, m2.ciphertext), 'Replay', 'nonce 2 was already received')
    expect(decode(b.open(m1.nonce, m1.ciphertext))).toBe('m1')
    expectNoise(() => b.open(m1.nonce, m1.ciphertext), 'Replay', 'nonce 1 was already received')
  })

  test('messages older than the window are refused', () => {
    const [a, b] = transports({ windowSize: 32, rekeyInterval: 64 })
    const old = a.seal(encode('old'))
    for (let i = 0; i < 40; i++) {
      const m = a.seal(encode('x'))
      b.open(m.nonce, m.ciphertext)
    }
    expectNoise(
      () => b.open(old.nonce, old.ciphertext),
      'NonceOutOfWindow',
      'nonce 0 is older than the replay window (highest 40, window 32)',
    )
  })

  test('tampered ciphertext, tag, nonce or associated data fail and change nothing', () => {
    const [a, b] = transports()
    const m = a.seal(encode('transfer 1 ETH'), topic)
    const flipped = (index: number) => {
      const copy = m.ciphertext.slice()
      copy[index] = (copy[index] ?? 0) ^ 1
      return copy
    }
    const failure = 'authentication tag mismatch: wrong key or tampered message'
    expectNoise(() => b.open(m.nonce, flipped(0), topic), 'DecryptFailed', failure)
    expectNoise(
      () => b.open(m.nonce, flipped(m.ciphertext.length - 1), topic),
      'DecryptFailed',
      failure,
    )
    expectNoise(() => b.open(m.nonce + 1n, m.ciphertext, topic), 'DecryptFailed', failure)
    expectNoise(
      () => b.open(m.nonce, m.ciphertext, encode('other-topic')),
      'DecryptFailed',
      failure,
    )
    // A forged far-ahead nonce must not slide the window: the real message still opens.
    expectNoise(() => b.open(900n, m.ciphertext, topic), 'DecryptFailed', failure)
    expect(decode(b.open(m.nonce, m.ciphertext, topic))).toBe('transfer 1 ETH')
  })

  test('keys move forward every rekeyInterval messages on both sides, reordering across the boundary', () => {
    const [a, b] = transports({ rekeyInterval: 32, windowSize: 32 })
    const sealed = Array.from({ length: 80 }, (_, i) => a.seal(encode(`m${i}`)))
    const order = Array.from({ length: 80 }, (_, i) => i)
    // Swap messages across both key boundaries (31|32 and 63|64).
    order.splice(30, 4, 33, 31, 30, 32)
    order.splice(62, 4, 65, 63, 62, 64)
    for (const i of order) {
      const m = sealed[i]
      if (m === undefined) throw new Error('missing')
      expect(decode(b.open(m.nonce, m.ciphertext))).toBe(`m${i}`)
    }
  })

  test('after a rekey, the first key no longer opens new messages', () => {
    const [a] = transports({ rekeyInterval: 32, windowSize: 32 })
    const first = a.exportState()
    const late = Array.from({ length: 33 }, () => a.seal(encode('x'))).at(-1)
    expect(late?.nonce).toBe(32n)
    // A receiver pinned to epoch 0 with the original key (a wrongly rekeyed peer) cannot open it.
    const [, stale] = transports({ rekeyInterval: 32, windowSize: 32 })
    const staleState = stale.exportState()
    const confused = restoreTransport({
      ...staleState,
      receive: { ...staleState.receive, key: first.send.key, epoch: 1n },
    })
    expectNoise(
      () => confused.open(32n, late?.ciphertext ?? new Uint8Array()),
      'DecryptFailed',
      /tag mismatch/,
    )
  })

  test('the receiver derives keys across skipped epochs (lost messages)', () => {
    const [a, b] = transports({ rekeyInterval: 32, windowSize: 32 })
    let last = a.seal(encode('first'))
    b.open(last.nonce, last.ciphertext)
    for (let i = 0; i < 100; i++) last = a.seal(encode(`skip${i}`))
    expect(last.nonce).toBe(100n)
    expect(decode(b.open(last.nonce, last.ciphertext))).toBe('skip99')
  })

  test('a nonce too far ahead is refused before any work', () => {
    const [, b] = transports({ maxForwardGap: 100 })
    expectNoise(
      () => b.open(101n, new Uint8Array(32)),
      'NonceOutOfWindow',
      'nonce 101 is more than 100 ahead of the last received (-1)',
    )
  })

  test('state exported mid-session resumes on both sides', () => {
    const [a, b] = transports({ rekeyInterval: 32, windowSize: 32 })
    for (let i = 0; i < 40; i++) {
      const m = a.seal(encode('x'))
      b.open(m.nonce, m.ciphertext)
    }
    const a2 = restoreTransport(a.exportState())
    const b2 = restoreTransport(b.exportState())
    const m = a2.seal(encode('after reload'))
    expect(m.nonce).toBe(40n)
    expect(decode(b2.open(m.nonce, m.ciphertext))).toBe('after reload')
    expectNoise(() => b2.open(39n, new Uint8Array(16)), 'Replay', 'nonce 39 was already received')
  })

  test('sending stops hard before the nonce space is exhausted', () => {
    const [a, b] = transports()
    const near = MAX_NONCE - 1n // the last usable nonce is 2^64 − 2
    const epoch = near / 65536n
    const sender = restoreTransport({
      ...a.exportState(),
      send: { key: a.exportState().send.key, epoch, nextNonce: near },
    })
    const receiverState = b.exportState()
    const receiver = restoreTransport({
      ...receiverState,
      receive: {
        ...receiverState.receive,
        epoch,
        window: { highest: near - 1n, bitmap: receiverState.receive.window.bitmap },
      },
    })
    const last = sender.seal(encode('last'))
    expect(last.nonce).toBe(near)
    expect(decode(receiver.open(last.nonce, last.ciphertext))).toBe('last')
    expectNoise(
      () => sender.seal(encode('one too many')),
      'NonceExhausted',
      'send nonces are exhausted: establish a new session',
    )
    expectNoise(
      () => receiver.open(MAX_NONCE, new Uint8Array(16)),
      'NonceOutOfWindow',
      /is outside \[0, 2\^64−2\]/,
    )
  })

  test('plaintexts over the Noise limit are refused', () => {
    const [a] = transports()
    expectNoise(
      () => a.seal(new Uint8Array(65520)),
      'MessageTooLarge',
      'plaintext of 65520 bytes exceeds the Noise limit of 65519',
    )
    expect(a.seal(new Uint8Array(65519)).ciphertext.length).toBe(65535)
  })

  test('ciphertexts over 65535 bytes or shorter than a tag are refused', () => {
    const [, b] = transports()
    expectNoise(
      () => b.open(0n, new Uint8Array(65536)),
      'MessageTooLarge',
      'message of 65536 bytes exceeds the Noise limit of 65535',
    )
    expectNoise(
      () => b.open(0n, new Uint8Array(15)),
      'MessageTooShort',
      'ciphertext of 15 bytes is shorter than its tag',
    )
  })
})
