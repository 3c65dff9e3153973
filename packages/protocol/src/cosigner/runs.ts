/**
 * The typed round payloads of every run the co-signer serves on `/v1/mpc`
 * (docs/SESSION.md#signer--co-signer; docs/THRESHOLD.md for the protocols): for each protocol,
 * whether it changes a stored share (then it runs under the key lock and its first frame names
 * `keyId`), and for each round the codec of the signer's request and of the co-signer's reply.
 * Frozen: the co-signer and its client read the layout from here only. @tessera/mpc's own messages
 * (`messages`, `message`, `reply`, `share`) are carried as `mpcValue` and validated by
 * @tessera/mpc.
 *
 * Signing runs name the derivation `path` they sign at (derivationPath.ts: non-hardened, bounded);
 * the co-signer derives the same child key from the key's public state. A DKLs23 signature also
 * names the `digest` the device signs: the co-signer refuses unless its policy, decoding
 * `request`, derives that digest. A FROST signature names its typed Solana `request`
 * (`solana_signMessage` or `solana_signTransaction`, the payload being the signed bytes in hex):
 * the co-signer refuses unless those bytes are exactly `message` and decode as the declared form.
 *
 * The five-step runs (DKG, refresh, recovery) map their steps onto rounds so the signer waits
 * for the co-signer once per step pair: round 1 carries step-1 messages (and parameters) and is
 * answered with steps 1–2; round 2 carries steps 2–3 and is answered with steps 3–4; round 3
 * carries step 4 and is answered with the public result; DKG's round 4 reports the device's
 * share stored.
 */
import {
  bool,
  bytes,
  type Codec,
  list,
  literal,
  optional,
  struct,
  text,
  u8,
  u32,
  union,
} from './codecs.ts'
import { dappOrigin } from './dappOrigin.ts'
import { derivationPath as path } from './derivationPath.ts'
import { mpcValue as message } from './mpcValue.ts'
import { COSIGNER_CHANNEL_RULES as RULES } from './rules.ts'

/** Protocol messages in one frame: a few per round and peer. */
const MAX_MESSAGES = 64
const messages = list(message, MAX_MESSAGES)
const keyId = text(RULES.maxKeyIdBytes, RULES.keyId)
const presignatureId = text(64, /^[0-9a-f]{64}$/)
const nonce = bytes(32)
const ack = bytes(32)
const publicKey = bytes(undefined, 65)
/** The 32-byte digest the device signs: the co-signer signs only if its policy derives the same. */
const digest = bytes(32)

/**
 * What the signer asks to sign, decoded and authorised by the co-signer's policy. `origin`: the
 * canonical origin of the dapp session the request came from (dappOrigin.ts), which selects the
 * co-signer's per-dapp policy; absent for the wallet's own actions (no dapp asked).
 */
const signingRequest = struct({
  method: text(64),
  chainId: optional(text(64)),
  payload: optional(text(256 * 1024)),
  origin: optional(dappOrigin),
})

const frostCommitment = struct({ index: u8, epoch: u32, hiding: bytes(32), binding: bytes(32) })

const onlyMessages = struct({ messages })
const empty = struct({})

const round = <Q, A>(request: Codec<Q>, reply: Codec<A>) => Object.freeze({ request, reply })

const reshareRounds = Object.freeze({
  /**
   * `backupKey`: the backup's NEW X25519 key (a new backup phrase). With it a refresh is the
   * re-share that hands the backup (index 3) a fresh share (dealers device and co-signer, the
   * device hosting the target transiently and sealing its share to that key); a recovery records
   * it as the backup's key of the new epoch (docs/COSIGNER.md#protocols-served).
   */
  1: round(
    struct({ epoch: u32, pendingAck: optional(ack), backupKey: optional(bytes(32)), messages }),
    onlyMessages,
  ),
  2: round(onlyMessages, onlyMessages),
  3: round(onlyMessages, struct({ epoch: u32, publicKey })),
})

export const COSIGNER_RUNS = Object.freeze({
  dkg: Object.freeze({
    shareChanging: true,
    rounds: Object.freeze({
      1: round(
        union({
          start: struct({
            curve: literal(['secp256k1', 'ed25519'] as const),
            t: u8,
            n: u8,
            online: list(u8, 16),
            offline: list(struct({ index: u8, encryptionKey: bytes(32) }), 16),
            messages,
          }),
          /** Completes a DKG interrupted after round 3: the device stored its share. */
          pendingAck: struct({ pendingAck: ack }),
        }),
        union({
          started: onlyMessages,
          completed: struct({ epoch: u32, publicKey }),
        }),
      ),
      2: round(onlyMessages, onlyMessages),
      3: round(onlyMessages, struct({ publicKey })),
      4: round(struct({ stored: bool }), empty),
    }),
  }),
  'dkls23-setup': Object.freeze({
    shareChanging: true,
    rounds: Object.freeze({
      1: round(
        struct({ epoch: u32, pendingAck: optional(ack), message }),
        struct({ message, reply: message }),
      ),
      2: round(struct({ reply: message }), empty),
    }),
  }),
  'dkls23-presign': Object.freeze({
    shareChanging: false,
    rounds: Object.freeze({
      1: round(struct({ keyId, epoch: u32, path, nonce }), struct({ nonce, messages })),
      2: round(onlyMessages, struct({ messages, presignature: presignatureId })),
    }),
  }),
  'dkls23-sign': Object.freeze({
    shareChanging: false,
    rounds: Object.freeze({
      1: round(
        union({
          online: struct({ keyId, epoch: u32, path, request: signingRequest, digest, nonce }),
          presigned: struct({
            keyId,
            epoch: u32,
            path,
            request: signingRequest,
            digest,
            presignature: presignatureId,
          }),
        }),
        union({ online: struct({ nonce, messages }), presigned: onlyMessages }),
      ),
      2: round(onlyMessages, onlyMessages),
      3: round(onlyMessages, struct({ signature: bytes(64), recovery: u8 })),
    }),
  }),
  'frost-sign': Object.freeze({
    shareChanging: false,
    rounds: Object.freeze({
      1: round(
        struct({
          keyId,
          epoch: u32,
          path,
          message: bytes(undefined, RULES.maxMessageBytes),
          request: signingRequest,
          commitment: frostCommitment,
        }),
        struct({ commitment: frostCommitment }),
      ),
      2: round(struct({ share: message }), struct({ signature: bytes(64) })),
    }),
  }),
  refresh: Object.freeze({ shareChanging: true, rounds: reshareRounds }),
  /**
   * The full-key export (docs/COSIGNER.md#key-export): the device names the key, its epoch and the
   * exact confirmation sentence; the co-signer, if its policy allows `export`, audits and
   * releases its share scalar inside the Noise channel. One round.
   */
  'key-export': Object.freeze({
    shareChanging: false,
    rounds: Object.freeze({
      1: round(
        struct({ keyId, epoch: u32, confirmation: text(128) }),
        struct({ share: bytes(32) }),
      ),
    }),
  }),
  recovery: Object.freeze({ shareChanging: true, rounds: reshareRounds }),
})
