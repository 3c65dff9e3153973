/**
 * `parseClientFrame`: the relay's gate for one text frame from a client: a JSON-RPC request or a
 * response (the ack of a push). Ids are echoed verbatim: WalletConnect sends 19-digit decimal
 * strings, which would lose precision as numbers (docs/RELAY.md#methods). Never throws; never
 * evaluates anything beyond JSON.parse. Params are checked later, per method (`RELAY_RULES`).
 */
import { type RelayErrorBody, relayErrorBody } from './errors.ts'
import { RELAY_MAX_ID_CHARS, RELAY_MAX_METHOD_CHARS } from './limits.ts'

export type RelayRpcId = string | number

export type ClientFrame =
  | { kind: 'request'; id: RelayRpcId; method: string; params: unknown }
  | { kind: 'response'; id: RelayRpcId; ok: boolean }
  | { kind: 'invalid'; id: RelayRpcId | null; error: RelayErrorBody }

function readId(value: unknown): RelayRpcId | undefined {
  if (typeof value === 'string' && value.length > 0 && value.length <= RELAY_MAX_ID_CHARS) {
    return value
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value
  return undefined
}

export function parseClientFrame(text: string): ClientFrame {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'invalid', id: null, error: relayErrorBody('parse') }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      kind: 'invalid',
      id: null,
      error: relayErrorBody('invalidRequest', 'expected an object'),
    }
  }
  const obj = value as Record<string, unknown>
  const id = readId(obj.id)
  if (id === undefined) {
    return {
      kind: 'invalid',
      id: null,
      error: relayErrorBody('invalidRequest', 'missing or bad id'),
    }
  }
  if ('method' in obj) {
    const { method } = obj
    if (
      typeof method !== 'string' ||
      method.length === 0 ||
      method.length > RELAY_MAX_METHOD_CHARS
    ) {
      return { kind: 'invalid', id, error: relayErrorBody('invalidRequest', 'bad method') }
    }
    return { kind: 'request', id, method, params: obj.params }
  }
  if ('result' in obj) return { kind: 'response', id, ok: true }
  if ('error' in obj) return { kind: 'response', id, ok: false }
  return {
    kind: 'invalid',
    id,
    error: relayErrorBody('invalidRequest', 'neither method nor result'),
  }
}
