/** Test helpers: fresh key pairs and a complete handshake between two in-memory parties. */
import { createHandshake, type HandshakeOptions, type HandshakeState } from '../handshakeState.ts'
import { generateKeyPair } from '../primitives.ts'

export const IK = 'Noise_IK_25519_ChaChaPoly_BLAKE2s'
export const XX = 'Noise_XX_25519_ChaChaPoly_BLAKE2s'

export function ikPair(
  overrides: { initiator?: Partial<HandshakeOptions>; responder?: Partial<HandshakeOptions> } = {},
) {
  const initiatorStatic = generateKeyPair()
  const responderStatic = generateKeyPair()
  const initiator = createHandshake({
    protocolName: IK,
    initiator: true,
    staticKeyPair: initiatorStatic,
    remoteStaticKey: responderStatic.publicKey,
    ...overrides.initiator,
  })
  const responder = createHandshake({
    protocolName: IK,
    initiator: false,
    staticKeyPair: responderStatic,
    ...overrides.responder,
  })
  return { initiator, responder, initiatorStatic, responderStatic }
}

/** Runs every handshake message between the two parties, returning what was sent. */
export function complete(initiator: HandshakeState, responder: HandshakeState): Uint8Array[] {
  const sent: Uint8Array[] = []
  while (!initiator.isComplete) {
    const [writer, reader] = initiator.isMyTurn ? [initiator, responder] : [responder, initiator]
    const message = writer.writeMessage()
    reader.readMessage(message)
    sent.push(message)
  }
  return sent
}
