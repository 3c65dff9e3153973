/**
 * `parseRelayFrame`: a client's gate for every text frame the relay sends (docs/RELAY.md#methods):
 * a response to one of its requests, or an `irn_subscription` push whose params go through
 * `RELAY_RULES`. It must never return a field it did not check, never throw, and never echo
 * frame contents in its reasons.
 */
import {
  RELAY_DEFAULT_MAX_FRAME_BYTES,
  RELAY_MAX_ERROR_MESSAGE_CHARS,
  RELAY_MAX_ID_CHARS,
} from './limits.ts'
import { checkSubscriptionParams, type RelaySubscriptionData } from './params.ts'

export type PushId = string | number

export type RelayFrame =
  | { readonly kind: 'result'; readonly id: string; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: string; readonly code: number; readonly message: string }
  | {
      readonly kind: 'push'
      readonly id: PushId
      readonly subscriptionId: string
      readonly data: RelaySubscriptionData
    }
  /** A request a client does not serve; answer -32601 to `id`. */
  | { readonly kind: 'unknown_method'; readonly id: PushId }
  | { readonly kind: 'invalid'; readonly id: PushId | undefined; readonly reason: string }

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function readId(value: unknown): PushId | undefined {
  if (typeof value === 'string' && value.length > 0 && value.length <= RELAY_MAX_ID_CHARS) {
    return value
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  return undefined
}

export function parseRelayFrame(text: unknown): RelayFrame {
  if (typeof text !== 'string') return invalid(undefined, 'frame is not text')
  if (text.length > RELAY_DEFAULT_MAX_FRAME_BYTES) return invalid(undefined, 'frame is too large')
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
    const checked = checkSubscriptionParams(value.params)
    if (!checked.ok) return invalid(id, checked.detail)
    return { kind: 'push', id, ...checked.value }
  }
  if (Object.hasOwn(value, 'result')) {
    return { kind: 'result', id: String(id), result: value.result }
  }
  if (isObject(value.error)) {
    const { code, message } = value.error
    if (typeof code === 'number' && Number.isSafeInteger(code)) {
      const text =
        typeof message === 'string' ? message.slice(0, RELAY_MAX_ERROR_MESSAGE_CHARS) : ''
      return { kind: 'error', id: String(id), code, message: text }
    }
  }
  return invalid(id, 'response has neither result nor a valid error')
}

function invalid(id: PushId | undefined, reason: string): RelayFrame {
  return { kind: 'invalid', id, reason }
}
