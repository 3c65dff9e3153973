/**
 * Noise IK as responder with the co-signer's static key (docs/SESSION.md#signer--co-signer):
 * message 1's payload is the session JWT; a bad one is refused (4401) before anything else
 * happens, as is an initiator static key other than the session's `cnf.x25519`. Message 2's
 * payload is `{"v":1, sub, dapp, exp}`. Never logs the token.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import { createHandshake, createTransport, type KeyPair, type Transport } from '@tessera/noise'
import { COSIGNER_CHANNEL_RULES as RULES } from '@tessera/protocol/cosigner'
import { CosignerError } from '../../errors.ts'
import type { Session } from '../../jwt/sessionToken.ts'

const CLOSE = RULES.close

export type HandshakeOutcome =
  | { ok: true; session: Session; transport: Transport; reply: Uint8Array }
  | { ok: false; code: number; reason: string }

export function createResponder(staticKey: KeyPair) {
  const hs = createHandshake({
    protocolName: RULES.noiseProtocol,
    initiator: false,
    staticKeyPair: staticKey,
  })
  return {
    /** Reads message 1; the token it carries, or the refusal. */
    readToken(message: Uint8Array): { token: string } | { refused: string } {
      try {
        return { token: new TextDecoder('utf-8', { fatal: true }).decode(hs.readMessage(message)) }
      } catch (error) {
        const why = error instanceof Error ? error.message : 'unreadable message'
        return { refused: `noise handshake failed: ${why}` }
      }
    },
    /** Checks the verified session against the initiator's key and writes message 2. */
    accept(session: Session): HandshakeOutcome {
      const remote = hs.remoteStaticKey
      if (
        session.cnf !== undefined &&
        (remote === undefined || base64urlnopad.encode(remote) !== session.cnf.x25519)
      ) {
        return {
          ok: false,
          code: CLOSE.unauthorized,
          reason: 'device key does not match the session token (cnf)',
        }
      }
      const { sub, dapp, exp } = session
      const reply = hs.writeMessage(utf8ToBytes(JSON.stringify({ v: 1, sub, dapp, exp })))
      return { ok: true, session, transport: createTransport(hs.split()), reply }
    },
  }
}

/** The close reason of a token `verifyToken` refused (never its text). */
export const tokenRefusal = (error: unknown): string =>
  error instanceof CosignerError ? error.message : 'session token rejected'
