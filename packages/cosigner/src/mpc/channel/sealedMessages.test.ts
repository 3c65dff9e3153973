/**
 * Transport messages: `u64be nonce ‖ ciphertext` round-trips between the two ends of one Noise
 * IK handshake; a message no longer than its nonce, or one altered in transit, is refused by name.
 */
import { createHandshake, createTransport, generateKeyPair } from '@tessera/noise'
import { COSIGNER_CHANNEL_RULES as RULES } from '@tessera/protocol/cosigner'
import { expect, test } from 'vitest'
import { openMessage, sealMessage } from './sealedMessages.ts'

function pair() {
  const server = generateKeyPair()
  const initiator = createHandshake({
    protocolName: RULES.noiseProtocol,
    initiator: true,
    staticKeyPair: generateKeyPair(),
    remoteStaticKey: server.publicKey,
  })
  const responder = createHandshake({
    protocolName: RULES.noiseProtocol,
    initiator: false,
    staticKeyPair: server,
  })
  responder.readMessage(initiator.writeMessage(new Uint8Array(0)))
  initiator.readMessage(responder.writeMessage(new Uint8Array(0)))
  return {
    signer: createTransport(initiator.split()),
    cosigner: createTransport(responder.split()),
  }
}

test('a sealed message opens on the other side, its nonce first', () => {
  const { signer, cosigner } = pair()
  const message = sealMessage(signer, Uint8Array.of(1, 2, 3))
  expect(message.length).toBe(RULES.nonceBytes + 3 + 16)
  expect(openMessage(cosigner, message)).toEqual({ plaintext: Uint8Array.of(1, 2, 3) })
})

test('a message no longer than its nonce, or altered, is refused', () => {
  const { signer, cosigner } = pair()
  expect(openMessage(cosigner, new Uint8Array(RULES.nonceBytes))).toEqual({
    refused: 'transport message shorter than its nonce',
  })
  const message = sealMessage(signer, Uint8Array.of(1, 2, 3))
  message[message.length - 1] = (message[message.length - 1] as number) ^ 1
  const opened = openMessage(cosigner, message)
  expect(opened).toHaveProperty('refused')
  expect((opened as { refused: string }).refused).toMatch(/^transport message refused: /)
})
