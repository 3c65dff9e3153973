/**
 * Validators for the params of every relay method (RELAY.md "Methods"). Each returns the typed
 * params or a short reason naming the offending field (never its value). Unknown fields are
 * accepted and ignored, as WalletConnect clients add new ones over time.
 */
import { isTopic } from './topic.ts'

export type Checked<T> = { ok: true; value: T } | { ok: false; detail: string }

export interface PublishParams {
  topic: string
  message: string
  ttl: number
  tag?: number
}

/** Largest batch the relay takes in one call; sign-client sends chunks of 500. */
export const MAX_BATCH = 500

type Obj = Record<string, unknown>

const fail = (detail: string): { ok: false; detail: string } => ({ ok: false, detail })
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isTtl = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0
const isTag = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff

export function checkTopicParams(params: unknown): Checked<{ topic: string }> {
  if (!isObj(params)) return fail('params must be an object')
  if (!isTopic(params.topic)) return fail('topic must be 64 lowercase hex characters')
  return { ok: true, value: { topic: params.topic } }
}

export function checkTopicList(params: unknown): Checked<{ topics: string[] }> {
  if (!isObj(params)) return fail('params must be an object')
  const { topics } = params
  if (!Array.isArray(topics) || topics.length > MAX_BATCH) {
    return fail(`topics must be an array of at most ${MAX_BATCH}`)
  }
  if (!topics.every(isTopic)) return fail('topics[] must be 64 lowercase hex characters')
  return { ok: true, value: { topics } }
}

export function checkPublish(params: unknown): Checked<PublishParams> {
  if (!isObj(params)) return fail('params must be an object')
  if (!isTopic(params.topic)) return fail('topic must be 64 lowercase hex characters')
  if (typeof params.message !== 'string' || params.message.length === 0) {
    return fail('message must be a non-empty string')
  }
  if (!isTtl(params.ttl)) return fail('ttl must be a positive integer (seconds)')
  if (params.tag !== undefined && !isTag(params.tag)) return fail('tag must be a uint32')
  const value: PublishParams = { topic: params.topic, message: params.message, ttl: params.ttl }
  if (params.tag !== undefined) value.tag = params.tag
  return { ok: true, value }
}

export function checkBatchPublish(params: unknown): Checked<PublishParams[]> {
  if (!isObj(params)) return fail('params must be an object')
  const { messages } = params
  if (!Array.isArray(messages) || messages.length > MAX_BATCH) {
    return fail(`messages must be an array of at most ${MAX_BATCH}`)
  }
  const out: PublishParams[] = []
  for (const m of messages) {
    const checked = checkPublish(m)
    if (!checked.ok) return fail(`messages[]: ${checked.detail}`)
    out.push(checked.value)
  }
  return { ok: true, value: out }
}

export interface Unsubscription {
  topic: string
  id: string
}

function checkUnsubscription(value: unknown): Checked<Unsubscription> {
  if (!isObj(value)) return fail('params must be an object')
  if (!isTopic(value.topic)) return fail('topic must be 64 lowercase hex characters')
  if (typeof value.id !== 'string' || value.id.length > 128) return fail('id must be a string')
  return { ok: true, value: { topic: value.topic, id: value.id } }
}

export const checkUnsubscribe = checkUnsubscription

export function checkBatchUnsubscribe(params: unknown): Checked<Unsubscription[]> {
  if (!isObj(params)) return fail('params must be an object')
  const { subscriptions } = params
  if (!Array.isArray(subscriptions) || subscriptions.length > MAX_BATCH) {
    return fail(`subscriptions must be an array of at most ${MAX_BATCH}`)
  }
  const out: Unsubscription[] = []
  for (const s of subscriptions) {
    const checked = checkUnsubscription(s)
    if (!checked.ok) return fail(`subscriptions[]: ${checked.detail}`)
    out.push(checked.value)
  }
  return { ok: true, value: out }
}

export interface ProposeParams {
  pairingTopic: string
  sessionProposal: string
  ttl?: number
}

export function checkProposeSession(params: unknown): Checked<ProposeParams> {
  if (!isObj(params)) return fail('params must be an object')
  if (!isTopic(params.pairingTopic)) return fail('pairingTopic must be 64 lowercase hex characters')
  if (typeof params.sessionProposal !== 'string' || params.sessionProposal.length === 0) {
    return fail('sessionProposal must be a non-empty string')
  }
  if (params.ttl !== undefined && !isTtl(params.ttl)) return fail('ttl must be a positive integer')
  const value: ProposeParams = {
    pairingTopic: params.pairingTopic,
    sessionProposal: params.sessionProposal,
  }
  if (params.ttl !== undefined) value.ttl = params.ttl
  return { ok: true, value }
}

export interface ApproveParams {
  sessionTopic: string
  pairingTopic: string
  sessionProposalResponse: string
  sessionSettlementRequest: string
  ttl?: number
}

export function checkApproveSession(params: unknown): Checked<ApproveParams> {
  if (!isObj(params)) return fail('params must be an object')
  if (!isTopic(params.sessionTopic)) return fail('sessionTopic must be 64 lowercase hex characters')
  if (!isTopic(params.pairingTopic)) return fail('pairingTopic must be 64 lowercase hex characters')
  for (const field of ['sessionProposalResponse', 'sessionSettlementRequest'] as const) {
    const v = params[field]
    if (typeof v !== 'string' || v.length === 0) return fail(`${field} must be a non-empty string`)
  }
  if (params.ttl !== undefined && !isTtl(params.ttl)) return fail('ttl must be a positive integer')
  const value: ApproveParams = {
    sessionTopic: params.sessionTopic,
    pairingTopic: params.pairingTopic,
    sessionProposalResponse: params.sessionProposalResponse as string,
    sessionSettlementRequest: params.sessionSettlementRequest as string,
  }
  if (params.ttl !== undefined) value.ttl = params.ttl
  return { ok: true, value }
}
