/**
 * Test worker: the IK responder of `noise-worker.browser.test.ts`, running in a real Web Worker.
 * Protocol with the page: → {type:'hello'} ← {publicKey}; → {message1} ← {message2, hash};
 * → {nonce, ciphertext} ← the plaintext upper-cased, sealed.
 */
import { createHandshake } from '../handshakeState.ts'
import { generateKeyPair } from '../primitives.ts'
import { createTransport, type Transport } from '../transport.ts'

const PROTOCOL = 'Noise_IK_25519_ChaChaPoly_BLAKE2s'
const staticKey = generateKeyPair()
const responder = createHandshake({
  protocolName: PROTOCOL,
  initiator: false,
  staticKeyPair: staticKey,
})
let transport: Transport | undefined

type Inbound =
  | { type: 'hello' }
  | { type: 'handshake'; message: Uint8Array }
  | { type: 'data'; nonce: bigint; ciphertext: Uint8Array }

self.onmessage = (event: MessageEvent<Inbound>) => {
  const data = event.data
  if (data.type === 'hello') {
    postMessage({ publicKey: staticKey.publicKey, isWorker: typeof document === 'undefined' })
  } else if (data.type === 'handshake') {
    const payload = new TextDecoder().decode(responder.readMessage(data.message))
    const message = responder.writeMessage(new TextEncoder().encode(`welcome ${payload}`))
    const result = responder.split()
    transport = createTransport(result)
    postMessage({ message, handshakeHash: result.handshakeHash })
  } else if (transport !== undefined) {
    const text = new TextDecoder().decode(transport.open(data.nonce, data.ciphertext))
    postMessage(transport.seal(new TextEncoder().encode(text.toUpperCase())))
  }
}
