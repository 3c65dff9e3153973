/**
 * The dapp request waiting for a SOTER fingerprint across the WeChat round trip
 * (docs/AUTH.md#soter-biometrics): the app approved it, the co-signer asked for a fresh
 * biometric verification of its digest, the app handed the challenge to the shell and the page
 * is about to be replaced — the answer comes back on the NEXT load of the web-view. What must
 * survive is kept here, and nothing else: who asked (the co-signer identity), what the
 * fingerprint confirms (the purpose, `digest:<64 hex>`), until when (the challenge's expiry, at
 * most two minutes), and the dapp's request as it arrived (session topic, JSON-RPC request,
 * publication time) so the restored session answers it under its own id. No challenge, no SOTER
 * answer, no token, no key material: the record lets no one sign — the co-signer still wants the
 * phone's signed answer for that very digest, and the request goes through the session's grants
 * and the inbox again.
 *
 * Storage: the shell answers with `wx.reLaunch`, which builds a NEW `<web-view>` — a new browsing
 * context whose sessionStorage starts empty — so the app keeps it in the origin's localStorage
 * under one key, written for one hand-off and removed by the first read (`takeSoterPending`),
 * whether it is used, expired or malformed. Everything read back is untrusted input: checked
 * field by field (the request by @tessera/protocol's session-message validator) before use.
 */
import { isTopic, parseSessionMessage } from '@tessera/protocol'
import type { ResumableRequest } from '@tessera/signer'

export const SOTER_PENDING_KEY = 'tessera.soterPending'
/** The co-signer's challenge lifetime (SOTER_CHALLENGE_TTL_MS); a record claiming longer is forged. */
export const SOTER_PENDING_MAX_MS = 2 * 60_000
/** A record longer than this is not one the app wrote (a request is at most 64 KiB of JSON). */
const MAX_CHARS = 96 * 1024

const PURPOSE = /^digest:[0-9a-f]{64}$/

export type SoterPending = {
  /** The co-signer login subject that asked; another identity's record is ignored. */
  readonly identity: string
  /** What the fingerprint confirms: the digest of the request the co-signer was asked to sign. */
  readonly purpose: string
  /** When the co-signer's challenge expires (ms since the epoch). */
  readonly expiresAt: number
  readonly resumable: ResumableRequest
}

export type SoterPendingRead =
  | { readonly kind: 'none' }
  /** Not a record this app wrote (tampered, truncated, another version): discarded. */
  | { readonly kind: 'invalid'; readonly reason: string }
  /** Well formed, but the challenge expired: the request can be asked for again. */
  | { readonly kind: 'expired'; readonly pending: SoterPending }
  | { readonly kind: 'ok'; readonly pending: SoterPending }

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** Records the request before the hand-off; throws on anything the reader would refuse. */
export function saveSoterPending(storage: KeyValue, pending: SoterPending, now: number): void {
  const checked = checkRecord({ v: 1, ...pending }, now)
  if (typeof checked === 'string') throw new TypeError(`SOTER pending request: ${checked}`)
  const text = JSON.stringify({ v: 1, ...pending })
  if (text.length > MAX_CHARS) throw new RangeError('SOTER pending request: too large to keep')
  storage.setItem(SOTER_PENDING_KEY, text)
}

/** Forgets the record (the person cancelled, or the request was answered). */
export function clearSoterPending(storage: KeyValue): void {
  storage.removeItem(SOTER_PENDING_KEY)
}

/** Reads the record once: it is removed whatever it holds, then checked. */
export function takeSoterPending(storage: KeyValue, now: number): SoterPendingRead {
  let text: string | null
  try {
    text = storage.getItem(SOTER_PENDING_KEY)
  } catch {
    return { kind: 'none' }
  }
  if (text === null) return { kind: 'none' }
  storage.removeItem(SOTER_PENDING_KEY)
  if (text.length > MAX_CHARS) return { kind: 'invalid', reason: 'too large' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'invalid', reason: 'not JSON' }
  }
  const checked = checkRecord(value, now)
  if (typeof checked === 'string') return { kind: 'invalid', reason: checked }
  return checked.expiresAt <= now
    ? { kind: 'expired', pending: checked }
    : { kind: 'ok', pending: checked }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The record, or why it is refused. */
function checkRecord(value: unknown, now: number): SoterPending | string {
  if (!isObject(value) || value.v !== 1) return 'not a version-1 record'
  const extra = Object.keys(value).filter(
    (key) => !['v', 'identity', 'purpose', 'expiresAt', 'resumable'].includes(key),
  )
  if (extra.length > 0) return `unexpected field ${extra[0]}`
  const { identity, purpose, expiresAt, resumable } = value
  if (typeof identity !== 'string' || identity.length === 0 || identity.length > 512)
    return 'identity expected a login subject'
  if (typeof purpose !== 'string' || !PURPOSE.test(purpose))
    return 'purpose expected digest:<64 hex>'
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt))
    return 'expiresAt expected milliseconds'
  // The challenge lives two minutes from when it was issued, which was before now.
  if (expiresAt > now + SOTER_PENDING_MAX_MS) return 'expiresAt is further away than a challenge'
  if (!isObject(resumable)) return 'resumable expected an object'
  const { sessionId, request, publishedAt } = resumable
  if (Object.keys(resumable).some((key) => !['sessionId', 'request', 'publishedAt'].includes(key)))
    return 'resumable has unexpected fields'
  if (!isTopic(sessionId)) return 'sessionId expected a session topic'
  if (typeof publishedAt !== 'number' || !Number.isSafeInteger(publishedAt) || publishedAt > now)
    return 'publishedAt expected a time in the past'
  let parsed: ReturnType<typeof parseSessionMessage>
  try {
    parsed = parseSessionMessage(request)
  } catch {
    return 'request is not a valid session request'
  }
  if (parsed.kind !== 'request') return 'request is not a session request'
  return {
    identity,
    purpose,
    expiresAt,
    resumable: { sessionId, request: parsed.message, publishedAt },
  }
}
