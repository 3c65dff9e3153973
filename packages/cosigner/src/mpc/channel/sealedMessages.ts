/**
 * Transport messages after the handshake (packages/cosigner/README.md, "The MPC channel" 4):
 * `u64be nonce ‖ ChaCha20-Poly1305(plaintext, ad = "tessera/cosigner/mpc/v1")`. Both sides of
 * the channel use these; never logs a plaintext.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import type { Transport } from '@tessera/noise'
import { COSIGNER_CHANNEL_RULES as RULES } from '@tessera/protocol/cosigner'

const MPC_AD = utf8ToBytes(RULES.associatedData)

export function sealMessage(transport: Transport, plaintext: Uint8Array): Uint8Array {
  const { nonce, ciphertext } = transport.seal(plaintext, MPC_AD)
  const message = new Uint8Array(RULES.nonceBytes + ciphertext.length)
  new DataView(message.buffer).setBigUint64(0, nonce)
  message.set(ciphertext, RULES.nonceBytes)
  return message
}

/** The plaintext, or why the message is refused (the channel closes with 4400 and it). */
export function openMessage(
  transport: Transport,
  message: Uint8Array,
): { plaintext: Uint8Array } | { refused: string } {
  if (message.length <= RULES.nonceBytes)
    return { refused: 'transport message shorter than its nonce' }
  try {
    const view = new DataView(message.buffer, message.byteOffset, RULES.nonceBytes)
    const ciphertext = message.subarray(RULES.nonceBytes)
    return { plaintext: transport.open(view.getBigUint64(0), ciphertext, MPC_AD) }
  } catch (error) {
    const why = error instanceof Error ? error.message : 'decrypt failed'
    return { refused: `transport message refused: ${why}` }
  }
}
