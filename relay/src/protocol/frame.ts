/**
 * Parses one text frame into a JSON-RPC request or response. Ids are echoed verbatim: WalletConnect
 * sends 19-digit decimal strings, which would lose precision as numbers (RELAY.md "Methods").
 * Never throws; never evaluates anything beyond JSON.parse.
 */
import type { RpcErrorBody } from './errors.ts'
import { rpcError } from './errors.ts'

export type RpcId = string | number

export type Frame =
  | { kind: 'request'; id: RpcId; method: string; params: unknown }
  | { kind: 'response'; id: RpcId; ok: boolean }
  | { kind: 'invalid'; id: RpcId | null; error: RpcErrorBody }

const MAX_ID_CHARS = 64

function readId(value: unknown): RpcId | undefined {
  if (typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_CHARS) return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value
  return undefined
}

export function parseFrame(text: string): Frame {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'invalid', id: null, error: rpcError('parse') }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', id: null, error: rpcError('invalidRequest', 'expected an object') }
  }
  const obj = value as Record<string, unknown>
  const id = readId(obj.id)
  if (id === undefined) {
    return { kind: 'invalid', id: null, error: rpcError('invalidRequest', 'missing or bad id') }
  }
  if ('method' in obj) {
    if (typeof obj.method !== 'string' || obj.method.length === 0 || obj.method.length > 64) {
      return { kind: 'invalid', id, error: rpcError('invalidRequest', 'bad method') }
    }
    return { kind: 'request', id, method: obj.method, params: obj.params }
  }
  if ('result' in obj) return { kind: 'response', id, ok: true }
  if ('error' in obj) return { kind: 'response', id, ok: false }
  return { kind: 'invalid', id, error: rpcError('invalidRequest', 'neither method nor result') }
}
