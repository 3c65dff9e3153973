/**
 * Message identity: sha256(topic ‖ 0x00 ‖ message) in hex, so a client that republishes after a
 * lost response does not create a second copy (WalletConnect retries publishes). Uses node:crypto
 * because this runs once per publish on the relay's hot path.
 */
import { createHash } from 'node:crypto'

export function messageId(topic: string, message: string): string {
  return createHash('sha256').update(topic).update('\u0000').update(message).digest('hex')
}
