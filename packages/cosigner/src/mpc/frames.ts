/**
 * The MPC channel's frames (SESSION.md "Signer ↔ co-signer": sub-streams
 * `{sid, protocol, round, payload}`), JSON inside the Noise transport. One table of wire rules;
 * every field validated before use; unknown fields refused. Replies carry the same fields, or
 * `{sid, protocol, round, error: {code, message}}`.
 */
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../bytes.ts'

export const WIRE = {
  /** Noise messages are at most 65535 bytes (Noise §3); the WebSocket adds an 8-byte nonce. */
  maxNoiseMessage: 65_535,
  nonceBytes: 8,
  sid: /^[0-9a-f]{64}$/,
  protocol: /^[a-z0-9][a-z0-9-]{0,31}$/,
  keyId: /^[A-Za-z0-9_.-]{1,64}$/,
  maxRound: 255,
  /**
   * A message too large for one Noise message travels as `parts` chunks (`part` 0…parts-1) of at
   * most `chunkBytes` payload bytes each: base64url makes that 60,000 characters, leaving room for
   * the frame's other fields inside the 65,519-byte plaintext limit.
   */
  chunkBytes: 45_000,
  /** Largest reassembled message (DKLs23 round 2 is about 132 KB encoded). */
  maxMessageBytes: 2 * 1024 * 1024,
  /**
   * Longest error message (UTF-8 bytes): an error frame is never chunked, and a message may
   * quote what the signer sent (a key id, a field), so it is clipped to fit one Noise message.
   */
  maxErrorMessageBytes: 1024,
  /** RFC 6455 §5.5: a close reason is at most 123 bytes. */
  maxCloseReasonBytes: 123,
} as const

/** At most this many chunks make one message. */
export const MAX_PARTS = Math.ceil(WIRE.maxMessageBytes / WIRE.chunkBytes)

export const MPC_AD = utf8('tessera/cosigner/mpc/v1')

export interface Frame {
  sid: string
  protocol: string
  round: number
  /** Present on a stream's first frame for protocols that act on a stored key. */
  keyId?: string
  /** Chunk index (0-based) and count, on every chunk of a message sent in several. */
  part?: number
  parts?: number
  payload: Uint8Array
}

export type ErrorCode =
  | 'Malformed'
  | 'UnknownProtocol'
  | 'OutOfOrder'
  | 'SidReused'
  | 'TooManyStreams'
  | 'KeyBusy'
  | 'RoundTimeout'
  | 'PartyFailed'
  | 'PolicyDenied'
  | 'TooLarge'
  | 'DuplicateChunk'

/**
 * Error codes after which the same operation may succeed when the signer starts it again with a
 * new sid (now or a moment later, on this or another co-signer process): nothing of the refused
 * run can be used again (an online nonce lives in memory only, a stored presignature or nonce is
 * consumed before anything derived from it leaves). Every other code needs a change first.
 */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'KeyBusy',
  'RoundTimeout',
  'TooManyStreams',
])

export class FrameError extends Error {
  override name = 'FrameError'
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export function decodeFrame(bytes: Uint8Array): Frame {
  let value: unknown
  try {
    value = JSON.parse(fromUtf8(bytes))
  } catch {
    throw new FrameError('Malformed', 'frame is not UTF-8 JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FrameError('Malformed', 'frame is not an object')
  const f = value as Record<string, unknown>
  for (const key of Object.keys(f)) {
    if (!['sid', 'protocol', 'round', 'keyId', 'part', 'parts', 'payload'].includes(key))
      throw new FrameError('Malformed', `frame has unknown field "${key.slice(0, 32)}"`)
  }
  if (typeof f.sid !== 'string' || !WIRE.sid.test(f.sid))
    throw new FrameError('Malformed', '"sid" must be 32 bytes as lowercase hex')
  if (typeof f.protocol !== 'string' || !WIRE.protocol.test(f.protocol))
    throw new FrameError('Malformed', `"protocol" must match ${WIRE.protocol}`)
  if (
    !Number.isInteger(f.round) ||
    (f.round as number) < 1 ||
    (f.round as number) > WIRE.maxRound
  ) {
    throw new FrameError('Malformed', `"round" must be an integer in 1..${WIRE.maxRound}`)
  }
  if (f.keyId !== undefined && (typeof f.keyId !== 'string' || !WIRE.keyId.test(f.keyId)))
    throw new FrameError('Malformed', `"keyId" must match ${WIRE.keyId}`)
  if ((f.part === undefined) !== (f.parts === undefined))
    throw new FrameError('Malformed', '"part" and "parts" come together')
  if (
    f.parts !== undefined &&
    (!Number.isInteger(f.parts) || (f.parts as number) < 2 || (f.parts as number) > 0xffff)
  ) {
    throw new FrameError('Malformed', '"parts" must be an integer in 2..65535')
  }
  if (
    f.part !== undefined &&
    (!Number.isInteger(f.part) ||
      (f.part as number) < 0 ||
      (f.part as number) >= (f.parts as number))
  ) {
    throw new FrameError('Malformed', `"part" must be an integer in 0..${(f.parts as number) - 1}`)
  }
  if (typeof f.payload !== 'string')
    throw new FrameError('Malformed', '"payload" must be base64url')
  let payload: Uint8Array
  try {
    payload = fromBase64Url(f.payload, 'payload')
  } catch {
    throw new FrameError('Malformed', '"payload" must be base64url')
  }
  return {
    sid: f.sid,
    protocol: f.protocol,
    round: f.round as number,
    ...(f.keyId === undefined ? {} : { keyId: f.keyId as string }),
    ...(f.part === undefined ? {} : { part: f.part as number, parts: f.parts as number }),
    payload,
  }
}

export function encodeFrame(frame: Frame): Uint8Array {
  return utf8(
    JSON.stringify({
      sid: frame.sid,
      protocol: frame.protocol,
      round: frame.round,
      ...(frame.keyId === undefined ? {} : { keyId: frame.keyId }),
      ...(frame.parts === undefined ? {} : { part: frame.part, parts: frame.parts }),
      payload: toBase64Url(frame.payload),
    }),
  )
}

/**
 * `text` as well-formed UTF-8 of at most `maxBytes` bytes, cut on a character boundary with `…`
 * marking a cut (a lone surrogate becomes U+FFFD, as it would on the wire).
 */
export function clipUtf8(text: string, maxBytes: number): string {
  const bytes = utf8(text)
  const decode = (b: Uint8Array) => new TextDecoder().decode(b)
  if (bytes.length <= maxBytes) return decode(bytes)
  let cut = maxBytes - 3
  // Back off over continuation bytes (0b10xxxxxx) to the start of a character.
  while (cut > 0 && ((bytes[cut] as number) & 0xc0) === 0x80) cut--
  return `${decode(bytes.subarray(0, cut))}…`
}

export function encodeError(
  where: { sid: string; protocol?: string; round?: number },
  code: ErrorCode,
  message: string,
): Uint8Array {
  const retryable = RETRYABLE_CODES.has(code)
  const clipped = clipUtf8(message, WIRE.maxErrorMessageBytes)
  return utf8(JSON.stringify({ ...where, error: { code, message: clipped, retryable } }))
}
