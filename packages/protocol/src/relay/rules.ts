/**
 * The one table of relay wire rules (docs/STYLE.md#6-wire-rules), read by the relay and by its
 * clients: each method's params validator and default TTL, the size limits, the tags of the relay's
 * own publishes, the client's default timings and the error codes (with which ones are retryable).
 * Must never be mutated at run time (frozen) and never duplicated elsewhere.
 * The same numbers are also exported one by one (`RELAY_MAX_BATCH`, `RELAY_CLIENT_DEFAULTS`), so
 * a client that needs only them does not bundle every method's validator.
 */
import { RELAY_ERRORS } from './errors.ts'
import {
  RELAY_CLIENT_DEFAULTS,
  RELAY_DEFAULT_MAX_FRAME_BYTES,
  RELAY_DEFAULT_MAX_MESSAGE_BYTES,
  RELAY_JWT_TTL_SECONDS,
  RELAY_MAX_BATCH,
  RELAY_MAX_ERROR_MESSAGE_CHARS,
  RELAY_MAX_ID_CHARS,
  RELAY_MAX_JWT_CHARS,
  RELAY_MAX_METHOD_CHARS,
  RELAY_MAX_SUBSCRIPTION_ID_CHARS,
  RELAY_MAX_TAG,
  WC_DEFAULT_TTL_SECONDS,
  WC_TAGS,
} from './limits.ts'
import {
  checkApproveSessionParams,
  checkBatchPublishParams,
  checkBatchUnsubscribeParams,
  checkProposeSessionParams,
  checkPublishParams,
  checkSubscriptionParams,
  checkTopicListParams,
  checkTopicParams,
  checkUnsubscribeParams,
  isRelayTtl,
} from './params.ts'

export const RELAY_RULES = Object.freeze({
  /** Method → its params validator (client → relay, and the relay's one push). */
  methods: Object.freeze({
    irn_subscribe: Object.freeze({ params: checkTopicParams }),
    irn_batchSubscribe: Object.freeze({ params: checkTopicListParams }),
    irn_unsubscribe: Object.freeze({ params: checkUnsubscribeParams }),
    irn_batchUnsubscribe: Object.freeze({ params: checkBatchUnsubscribeParams }),
    irn_publish: Object.freeze({ params: checkPublishParams }),
    irn_batchPublish: Object.freeze({ params: checkBatchPublishParams }),
    irn_batchFetchMessages: Object.freeze({ params: checkTopicListParams }),
    wc_proposeSession: Object.freeze({
      params: checkProposeSessionParams,
      defaultTtl: WC_DEFAULT_TTL_SECONDS,
    }),
    wc_approveSession: Object.freeze({
      params: checkApproveSessionParams,
      defaultTtl: WC_DEFAULT_TTL_SECONDS,
    }),
    /** Relay → client. */
    irn_subscription: Object.freeze({ params: checkSubscriptionParams }),
  }),
  ttl: Object.freeze({
    /** A publish TTL is a positive integer number of seconds (the relay caps it). */
    isValid: isRelayTtl,
    /** The relay-auth JWT lives this long: `exp = iat + 86400`. */
    jwtSeconds: RELAY_JWT_TTL_SECONDS,
  }),
  limits: Object.freeze({
    maxBatch: RELAY_MAX_BATCH,
    maxIdChars: RELAY_MAX_ID_CHARS,
    maxMethodChars: RELAY_MAX_METHOD_CHARS,
    maxSubscriptionIdChars: RELAY_MAX_SUBSCRIPTION_ID_CHARS,
    maxTag: RELAY_MAX_TAG,
    maxJwtChars: RELAY_MAX_JWT_CHARS,
    maxErrorMessageChars: RELAY_MAX_ERROR_MESSAGE_CHARS,
    /** The relay's defaults; an operator may configure others. */
    defaultMaxFrameBytes: RELAY_DEFAULT_MAX_FRAME_BYTES,
    defaultMaxMessageBytes: RELAY_DEFAULT_MAX_MESSAGE_BYTES,
  }),
  /** Tags of the `wc_*` methods' implicit publishes. */
  tags: WC_TAGS,
  /** A relay client's default timings, milliseconds. */
  client: RELAY_CLIENT_DEFAULTS,
  errors: RELAY_ERRORS,
})

export type RelayMethod = keyof typeof RELAY_RULES.methods
