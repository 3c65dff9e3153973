/**
 * Validators for the params of every relay method (docs/RELAY.md#methods), both directions: what a
 * client sends (`irn_*`, `wc_*`) and what the relay pushes (`irn_subscription`). Each returns the
 * typed params or a short reason naming the offending field (never its value). Unknown fields are
 * accepted and dropped, as WalletConnect clients add new ones over time. Must never throw.
 */
import {
  RELAY_DEFAULT_MAX_MESSAGE_BYTES,
  RELAY_MAX_BATCH,
  RELAY_MAX_SUBSCRIPTION_ID_CHARS,
  RELAY_MAX_TAG,
} from './limits.ts'
import { isTopic } from './topic.ts'

export type RelayChecked<T> = { ok: true; value: T } | { ok: false; detail: string }

export interface RelayPublishParams {
  topic: string
  message: string
  ttl: number
  tag?: number
}

export interface RelayUnsubscription {
  topic: string
  id: string
}

export interface ProposeSessionParams {
  pairingTopic: string
  sessionProposal: string
  ttl?: number
}

export interface ApproveSessionParams {
  sessionTopic: string
  pairingTopic: string
  sessionProposalResponse: string
  sessionSettlementRequest: string
  ttl?: number
}

/** The `data` of an `irn_subscription` push, after validation. */
export interface RelaySubscriptionData {
  readonly topic: string
  readonly message: string
  /** The relay's clock, milliseconds. */
  readonly publishedAt: number
  readonly tag: number | undefined
}

export interface RelaySubscriptionParams {
  readonly subscriptionId: string
  readonly data: RelaySubscriptionData
}

type Obj = Record<string, unknown>

const fail = (detail: string): { ok: false; detail: string } => ({ ok: false, detail })
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isTag = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= RELAY_MAX_TAG

/** A publish TTL: a positive integer number of seconds. */
export function isRelayTtl(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0
}

export function checkTopicParams(params: unknown): RelayChecked<{ topic: string }> {
  if (!isObj(params)) return fail('params must be an object')
  if (!isTopic(params.topic)) return fail('topic must be 64 lowercase hex characters')
  return { ok: true, value: { topic: params.topic } }
}

export function checkTopicListParams(params: unknown): RelayChecked<{ topics: string[] }> {
  if (!isObj(params)) return fail('params must be an object')
  const { topics } = params
  if (!Array.isArray(topics) || topics.length > RELAY_MAX_BATCH) {
    return fail(`topics must be an array of at most ${RELAY_MAX_BATCH}`)
  }
  if (!topics.every(isTopic)) return fail('topics[] must be 64 lowercase hex characters')
  return { ok: true, value: { topics } }
}

export function checkPublishParams(params: unknown): RelayChecked<RelayPublishParams> {
  if (!isObj(params)) return fail('params must be an object')
  if (!isTopic(params.topic)) return fail('topic must be 64 lowercase hex characters')
  if (typeof params.message !== 'string' || params.message.length === 0) {
    return fail('message must be a non-empty string')
  }
  if (!isRelayTtl(params.ttl)) return fail('ttl must be a positive integer (seconds)')
  if (params.tag !== undefined && !isTag(params.tag)) return fail('tag must be a uint32')
  const value: RelayPublishParams = {
    topic: params.topic,
    message: params.message,
    ttl: params.ttl,
  }
  if (params.tag !== undefined) value.tag = params.tag
  return { ok: true, value }
}

export function checkBatchPublishParams(params: unknown): RelayChecked<RelayPublishParams[]> {
  if (!isObj(params)) return fail('params must be an object')
  const { messages } = params
  if (!Array.isArray(messages) || messages.length > RELAY_MAX_BATCH) {
    return fail(`messages must be an array of at most ${RELAY_MAX_BATCH}`)
  }
  const out: RelayPublishParams[] = []
  for (const m of messages) {
    const checked = checkPublishParams(m)
    if (!checked.ok) return fail(`messages[]: ${checked.detail}`)
    out.push(checked.value)
  }
  return { ok: true, value: out }
}

export function checkUnsubscribeParams(params: unknown): RelayChecked<RelayUnsubscription> {
  if (!isObj(params)) return fail('params must be an object')
  if (!isTopic(params.topic)) return fail('topic must be 64 lowercase hex characters')
  if (typeof params.id !== 'string' || params.id.length > RELAY_MAX_SUBSCRIPTION_ID_CHARS) {
    return fail('id must be a string')
  }
  return { ok: true, value: { topic: params.topic, id: params.id } }
}

export function checkBatchUnsubscribeParams(params: unknown): RelayChecked<RelayUnsubscription[]> {
  if (!isObj(params)) return fail('params must be an object')
  const { subscriptions } = params
  if (!Array.isArray(subscriptions) || subscriptions.length > RELAY_MAX_BATCH) {
    return fail(`subscriptions must be an array of at most ${RELAY_MAX_BATCH}`)
  }
  const out: RelayUnsubscription[] = []
  for (const s of subscriptions) {
    const checked = checkUnsubscribeParams(s)
    if (!checked.ok) return fail(`subscriptions[]: ${checked.detail}`)
    out.push(checked.value)
  }
  return { ok: true, value: out }
}

export function checkProposeSessionParams(params: unknown): RelayChecked<ProposeSessionParams> {
  if (!isObj(params)) return fail('params must be an object')
  if (!isTopic(params.pairingTopic)) return fail('pairingTopic must be 64 lowercase hex characters')
  if (typeof params.sessionProposal !== 'string' || params.sessionProposal.length === 0) {
    return fail('sessionProposal must be a non-empty string')
  }
  if (params.ttl !== undefined && !isRelayTtl(params.ttl)) {
    return fail('ttl must be a positive integer')
  }
  const value: ProposeSessionParams = {
    pairingTopic: params.pairingTopic,
    sessionProposal: params.sessionProposal,
  }
  if (params.ttl !== undefined) value.ttl = params.ttl
  return { ok: true, value }
}

export function checkApproveSessionParams(params: unknown): RelayChecked<ApproveSessionParams> {
  if (!isObj(params)) return fail('params must be an object')
  if (!isTopic(params.sessionTopic)) return fail('sessionTopic must be 64 lowercase hex characters')
  if (!isTopic(params.pairingTopic)) return fail('pairingTopic must be 64 lowercase hex characters')
  for (const field of ['sessionProposalResponse', 'sessionSettlementRequest'] as const) {
    const v = params[field]
    if (typeof v !== 'string' || v.length === 0) return fail(`${field} must be a non-empty string`)
  }
  if (params.ttl !== undefined && !isRelayTtl(params.ttl)) {
    return fail('ttl must be a positive integer')
  }
  const value: ApproveSessionParams = {
    sessionTopic: params.sessionTopic,
    pairingTopic: params.pairingTopic,
    sessionProposalResponse: params.sessionProposalResponse as string,
    sessionSettlementRequest: params.sessionSettlementRequest as string,
  }
  if (params.ttl !== undefined) value.ttl = params.ttl
  return { ok: true, value }
}

/** The params of the relay's `irn_subscription` push, as a client checks them. */
export function checkSubscriptionParams(params: unknown): RelayChecked<RelaySubscriptionParams> {
  if (!isObj(params)) return fail('params must be an object')
  const subscriptionId = params.id
  if (
    typeof subscriptionId !== 'string' ||
    subscriptionId.length > RELAY_MAX_SUBSCRIPTION_ID_CHARS
  ) {
    return fail('params.id must be a subscription id')
  }
  const data = params.data
  if (!isObj(data)) return fail('params.data must be an object')
  const { topic, message, publishedAt, tag } = data
  if (!isTopic(topic)) return fail('data.topic must be 64 lowercase hex characters')
  if (typeof message !== 'string' || message.length === 0) {
    return fail('data.message must be a non-empty string')
  }
  if (message.length > RELAY_DEFAULT_MAX_MESSAGE_BYTES) return fail('data.message is too large')
  if (typeof publishedAt !== 'number' || !Number.isFinite(publishedAt)) {
    return fail('data.publishedAt must be a number')
  }
  if (tag !== undefined && !(Number.isInteger(tag) && (tag as number) >= 0)) {
    return fail('data.tag must be a non-negative integer')
  }
  return {
    ok: true,
    value: {
      subscriptionId,
      data: { topic, message, publishedAt, tag: tag as number | undefined },
    },
  }
}
