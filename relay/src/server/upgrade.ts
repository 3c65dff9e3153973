/**
 * The HTTP upgrade gate: only `/` (with any query) upgrades; the `auth` JWT must verify
 * (docs/RELAY.md#connection-and-auth); the IP's connection slot is claimed after (startRelay.ts).
 * Refusals are plain HTTP responses (401 with the reason, 429, 404, 503) written before any
 * WebSocket exists —
 * never a WebSocket close with 3000, which WalletConnect clients treat as fatal.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { answerSocket } from '@tessera/server-kit'
import { type JwtRejection, verifyRelayJwt } from '../auth/verifyJwt.ts'

export type UpgradeDecision =
  | { ok: true; clientId: string; ip: string }
  | {
      ok: false
      status: 401 | 404
      reason: JwtRejection | 'not_found'
    }

export interface UpgradeGate {
  audiences: () => readonly string[]
  skewSec: number
  /** The relay's clock, in seconds. */
  nowSec: () => number
}

/** `ip` is the client's address (the server kit's, after `trustProxy`). */
export async function decideUpgrade(
  req: IncomingMessage,
  ip: string,
  gate: UpgradeGate,
): Promise<UpgradeDecision> {
  let url: URL
  try {
    url = new URL(req.url ?? '/', 'http://relay.invalid')
  } catch {
    return { ok: false, status: 404, reason: 'not_found' }
  }
  if (url.pathname !== '/') return { ok: false, status: 404, reason: 'not_found' }
  const verdict = await verifyRelayJwt(url.searchParams.get('auth'), {
    audiences: gate.audiences(),
    nowSec: gate.nowSec(),
    skewSec: gate.skewSec,
  })
  if (!verdict.ok) return { ok: false, status: 401, reason: verdict.reason }
  return { ok: true, clientId: verdict.clientId, ip }
}

/** Answers a refused upgrade on the raw socket and closes it. */
export function refuseUpgrade(socket: Duplex, status: 401 | 404 | 429 | 503, reason: string): void {
  answerSocket(socket, status, { error: reason }, { 'X-Relay-Reason': reason })
}
