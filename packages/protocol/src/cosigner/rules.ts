/**
 * The one table of wire rules of the co-signer's `/v1/mpc` channel
 * (docs/SESSION.md#signer--co-signer; docs/STYLE.md#6-wire-rules): frame kinds, header sizes, size
 * and chunk limits, timeouts, close codes, the error codes an error frame may carry, and the
 * protocol runs the co-signer may serve. Frozen; encoders, decoders, the co-signer and its client
 * read limits from here only.
 *
 * Why these numbers:
 * - A Noise transport message is at most 65,535 bytes (Noise §3) including its 16-byte tag, so a
 *   frame (header + payload) is at most 65,519 bytes; the WebSocket message adds the 8-byte
 *   explicit nonce in front.
 * - The largest data-frame header is 1 + 1 + 32 + 1 + 1 + 32 + 1 + 64 + 2 + 2 + 4 = 141 bytes,
 *   so a chunk carries at most 65,000 payload bytes (a round message larger than that — DKLs23
 *   round 2 is about 100 KB — travels in chunks).
 * - 2 MiB per reassembled message bounds what one sub-stream may make the other side buffer.
 */

/**
 * The version byte every frame starts with. 2: signing requests carry the dapp origin, DKLs23
 * pair setups carry the punctured-PRF correction and sign rounds the OT parameter set
 * (docs/THRESHOLD.md#security-parameters); a device and a co-signer of different versions are
 * refused by this byte instead of failing on a field.
 */
export const COSIGNER_FRAME_VERSION = 2

/** Frame kinds (byte 1 of every frame). */
export const COSIGNER_FRAME_KIND = Object.freeze({ data: 1, error: 2 } as const)

export type CosignerFrameKind = keyof typeof COSIGNER_FRAME_KIND

/**
 * The codes an error frame carries, in wire order (the code byte is the index here; never
 * reorder, only append).
 */
export const COSIGNER_ERROR_CODES = Object.freeze([
  'Malformed',
  'UnknownProtocol',
  'OutOfOrder',
  'SidReused',
  'TooManyStreams',
  'KeyBusy',
  'RoundTimeout',
  'PartyFailed',
  'PolicyDenied',
  'TooLarge',
  'DuplicateChunk',
] as const)

export type CosignerErrorCode = (typeof COSIGNER_ERROR_CODES)[number]

/**
 * Error codes after which the same operation may succeed when the signer starts it again with a
 * new sid (now or a moment later, on this or another co-signer process): nothing of the refused
 * run can be used again. Every other code needs a change first.
 */
export const COSIGNER_RETRYABLE_CODES: ReadonlySet<CosignerErrorCode> = new Set<CosignerErrorCode>([
  'KeyBusy',
  'RoundTimeout',
  'TooManyStreams',
])

export const COSIGNER_CHANNEL_RULES = Object.freeze({
  /** Noise messages are at most 65,535 bytes (Noise §3), the 16-byte tag included. */
  maxNoiseMessage: 65_535,
  /** Largest frame: the Noise plaintext limit. */
  maxFrameBytes: 65_519,
  /** The WebSocket message's explicit transport nonce (u64 big-endian) before the ciphertext. */
  nonceBytes: 8,
  sidBytes: 32,
  /** Protocol names: `dkg`, `dkls23-sign`… */
  protocol: /^[a-z0-9][a-z0-9-]{0,31}$/,
  maxProtocolBytes: 32,
  keyId: /^[A-Za-z0-9_.-]{1,64}$/,
  maxKeyIdBytes: 64,
  /** Steps of a signing run's derivation path (`m/0/7` has 2). */
  maxPathDepth: 8,
  maxRound: 255,
  /** Payload bytes per chunk (see the header size above). */
  chunkBytes: 65_000,
  /** Largest reassembled message. */
  maxMessageBytes: 2 * 1024 * 1024,
  /** At most this many chunks make one message (maxMessageBytes / chunkBytes, rounded up). */
  maxParts: Math.ceil((2 * 1024 * 1024) / 65_000),
  /** Longest error message (UTF-8 bytes); longer ones are clipped on a character boundary. */
  maxErrorMessageBytes: 1_024,
  /** Longest error `kind` (an @tessera/mpc error kind such as `Abort` or `Ban`). */
  maxErrorKindBytes: 32,
  /** RFC 6455 §5.5: a close reason is at most 123 bytes. */
  maxCloseReasonBytes: 123,
  /** Default: a signer that does not send its next round within this time loses the run. */
  roundTimeoutMs: 30_000,
  /** Default: sub-streams open at once on one connection (and chunked messages in flight). */
  maxStreams: 4,
  /** WebSocket close codes of the channel. */
  close: Object.freeze({ malformed: 4400, unauthorized: 4401, internal: 4500 } as const),
  /** Noise pattern and suite of the channel; the signer pins the co-signer's static key. */
  noiseProtocol: 'Noise_IK_25519_ChaChaPoly_BLAKE2s',
  /** Associated data of every transport message. */
  associatedData: 'tessera/cosigner/mpc/v1',
} as const)
