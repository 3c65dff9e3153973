/**
 * In a real browser: an IK handshake between the page and a Web Worker, then transport both ways.
 * Proves the package runs unchanged where the signer runs it (WebCrypto randomness, workers,
 * structured clone of Uint8Array and bigint state).
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import { createHandshake } from './handshakeState.ts'
import { generateKeyPair } from './primitives.ts'
import { createTransport } from './transport.ts'

function ask<T>(worker: Worker, message: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<T>) => resolve(event.data)
    worker.onerror = (event) => reject(new Error(event.message))
    worker.postMessage(message)
  })
}

test('IK handshake and transport between the page and a Web Worker', async () => {
  const worker = new Worker(new URL('./test/responder.worker.ts', import.meta.url), {
    type: 'module',
  })
  try {
    const hello = await ask<{ publicKey: Uint8Array; isWorker: boolean }>(worker, { type: 'hello' })
    expect(hello.isWorker).toBe(true)
    expect(typeof document).toBe('object')

    const initiator = createHandshake({
      protocolName: 'Noise_IK_25519_ChaChaPoly_BLAKE2s',
      initiator: true,
      staticKeyPair: generateKeyPair(),
      remoteStaticKey: hello.publicKey,
    })
    const reply = await ask<{ message: Uint8Array; handshakeHash: Uint8Array }>(worker, {
      type: 'handshake',
      message: initiator.writeMessage(new TextEncoder().encode('dapp')),
    })
    expect(new TextDecoder().decode(initiator.readMessage(reply.message))).toBe('welcome dapp')
    const result = initiator.split()
    expect(bytesToHex(result.handshakeHash)).toBe(bytesToHex(reply.handshakeHash))

    const transport = createTransport(result)
    const sealed = transport.seal(new TextEncoder().encode('personal_sign'))
    const answer = await ask<{ nonce: bigint; ciphertext: Uint8Array }>(worker, {
      type: 'data',
      ...sealed,
    })
    expect(new TextDecoder().decode(transport.open(answer.nonce, answer.ciphertext))).toBe(
      'PERSONAL_SIGN',
    )
  } finally {
    worker.terminate()
  }
})
