/**
 * `parseRelayFrame`: the gate for every text frame the relay sends (RELAY.md "Methods"): a response
 * to one of our requests, or an `irn_subscription` push with its data checked field by field.
 * `@tessera/protocol` has no validator for relay frames yet, so this is it; it must never return
 * a field it did not check, never throw, and never echo frame contents in its reasons.
 */
import type { RelayMessage } from './types.ts'

/** The relay's own frame limit (relay `--max-frame-bytes` default, 512 KiB). */
export const MAX_RELAY_FRAME_CHARS = 512 * 1024
/** The relay's default `--max-message-bytes`. */
export const MAX_RELAY_MESSAGE_CHARS = 128 * 1024
const TOPIC = /^[0-9a-f]{64}$/
const MAX_ID_CHARS = 64

export type PushId = string | number

export type RelayFrame =
  | { readonly kind: 'result'; readonly id: string; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: string; readonly code: number; readonly message: string }
  | {
      readonly kind: 'push'
      readonly id: PushId
      readonly subscriptionId: string
      readonly data: RelayMessage
    }
  /** A request we do not serve; answer -32601 to `id`. */
  | { readonly kind: 'unknown_method'; readonly id: PushId }
  | { readonly kind: 'invalid'; readonly id: PushId | undefined; readonly reason: string }

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function readId(value: unknown): PushId | undefined {
  if (typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_CHARS) return value
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  return undefined
}

export function parseRelayFrame(text: unknown): RelayFrame {
  if (typeof text !== 'string') return invalid(undefined, 'frame is not text')
  if (text.length > MAX_RELAY_FRAME_CHARS) return invalid(undefined, 'frame is too large')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return invalid(undefined, 'frame is not JSON')
  }
  if (!isObject(value)) return invalid(undefined, 'frame is not an object')
  const id = readId(value.id)
  if (id === undefined) return invalid(undefined, 'frame has no valid id')
  if (Object.hasOwn(value, 'method')) {
    if (value.method !== 'irn_subscription') return { kind: 'unknown_method', id }
    return parsePush(id, value.params)
  }
  if (Object.hasOwn(value, 'result'))
    return { kind: 'result', id: String(id), result: value.result }
  if (isObject(value.error)) {
    const { code, message } = value.error
    if (typeof code === 'number' && Number.isSafeInteger(code)) {
      const text = typeof message === 'string' ? message.slice(0, 200) : ''
      return { kind: 'error', id: String(id), code, message: text }
    }
  }
  return invalid(id, 'response has neither result nor a valid error')
}

function parsePush(id: PushId, params: unknown): RelayFrame {
  if (!isObject(params)) return invalid(id, 'params must be an object')
  const subscriptionId = params.id
  if (typeof subscriptionId !== 'string' || subscriptionId.length > 128) {
    return invalid(id, 'params.id must be a subscription id')
  }
  const data = params.data
  if (!isObject(data)) return invalid(id, 'params.data must be an object')
  const { topic, message, publishedAt, tag } = data
  if (typeof topic !== 'string' || !TOPIC.test(topic)) {
    return invalid(id, 'data.topic must be 64 lowercase hex characters')
  }
  if (typeof message !== 'string' || message.length === 0) {
    return invalid(id, 'data.message must be a non-empty string')
  }
  if (message.length > MAX_RELAY_MESSAGE_CHARS) return invalid(id, 'data.message is too large')
  if (typeof publishedAt !== 'number' || !Number.isFinite(publishedAt)) {
    return invalid(id, 'data.publishedAt must be a number')
  }
  if (tag !== undefined && !(Number.isInteger(tag) && (tag as number) >= 0)) {
    return invalid(id, 'data.tag must be a non-negative integer')
  }
  return {
    kind: 'push',
    id,
    subscriptionId,
    data: { topic, message, publishedAt, tag: tag as number | undefined },
  }
}

function invalid(id: PushId | undefined, reason: string): RelayFrame {
  return { kind: 'invalid', id, reason }
}
