/**
 * `parseSessionMessage`: the gate every decrypted session message passes before anything else
 * reads it (docs/ARCHITECTURE.md#one-wire-format: validated on entry everywhere). Takes a JSON
 * value, returns a `ParsedSessionMessage`, or throws `MessageValidationError` with the JSON path
 * and the code. The shape rules are listed in `types.ts`. Must never merge the input into other
 * objects or keep unknown fields; the returned message is built fresh from the known fields only.
 */
import {
  assertJsonValue,
  isPlainObject,
  type JsonArray,
  type JsonObject,
  type JsonValue,
  memberPath,
} from './jsonValue.ts'
import { MessageValidationError } from './MessageValidationError.ts'
import { isWellFormedMethod } from './methods.ts'
import { parseRpcErrorObject } from './rpcErrorObject.ts'
import type { ParsedSessionMessage, RpcId, SessionNotification, SessionRequest } from './types.ts'
import { MAX_SESSION_MESSAGE_DEPTH } from './wireRules.ts'

/** CAIP-2: `namespace:reference`. */
const CHAIN_ID = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/
/** Accounts in `accountsChanged`: EVM hex or CIP-37 base32, checked in depth by the chain packages. */
const ACCOUNT = /^[!-~]{1,128}$/
const MAX_ACCOUNTS = 64

const REQUEST_FIELDS: ReadonlySet<string> = new Set([
  'jsonrpc',
  'id',
  'method',
  'params',
  'chainId',
  'timeoutMs',
])
const RESULT_FIELDS: ReadonlySet<string> = new Set(['jsonrpc', 'id', 'result'])
const ERROR_FIELDS: ReadonlySet<string> = new Set(['jsonrpc', 'id', 'error'])
const NOTIFICATION_FIELDS: ReadonlySet<string> = new Set(['jsonrpc', 'method', 'params'])

export function parseSessionMessage(json: unknown): ParsedSessionMessage {
  assertJsonValue(json, '$', MAX_SESSION_MESSAGE_DEPTH)
  if (!isPlainObject(json)) {
    throw new MessageValidationError('NotObject', '$', 'a session message must be a JSON object')
  }
  const has = (key: string) => Object.hasOwn(json, key)
  if (has('method')) {
    return has('id')
      ? { kind: 'request', message: parseRequest(json) }
      : { kind: 'notification', message: parseNotification(json) }
  }
  if (has('result') && has('error')) {
    throw new MessageValidationError('BadShape', '$', 'a response has both result and error')
  }
  if (has('result')) {
    checkFields(json, RESULT_FIELDS)
    return {
      kind: 'result',
      message: { ...jsonrpc(json), id: parseId(json.id), result: json.result as JsonValue },
    }
  }
  if (has('error')) {
    checkFields(json, ERROR_FIELDS)
    return {
      kind: 'error',
      message: {
        ...jsonrpc(json),
        id: parseId(json.id),
        error: parseRpcErrorObject(json.error, '$.error', 1),
      },
    }
  }
  throw new MessageValidationError(
    'BadShape',
    '$',
    'not a request, response or notification: no method, result or error',
  )
}

function parseRequest(json: Record<string, unknown>): SessionRequest {
  checkFields(json, REQUEST_FIELDS)
  const id = parseId(json.id)
  const method = json.method
  if (typeof method !== 'string' || !isWellFormedMethod(method)) {
    throw new MessageValidationError(
      'BadMethod',
      '$.method',
      'method must be a namespace, "_" and a name (letters, digits, "_"), at most 64 characters',
    )
  }
  if (!Object.hasOwn(json, 'params')) {
    throw new MessageValidationError('MissingField', '$.params', 'a request needs params')
  }
  const params = json.params
  if (typeof params !== 'object' || params === null) {
    throw new MessageValidationError(
      'BadParams',
      '$.params',
      'params must be an array or an object',
    )
  }
  const request: SessionRequest = {
    ...jsonrpc(json),
    id,
    method,
    params: params as JsonArray | JsonObject,
  }
  return {
    ...request,
    ...(Object.hasOwn(json, 'chainId') ? { chainId: parseChainId(json.chainId, '$.chainId') } : {}),
    ...(Object.hasOwn(json, 'timeoutMs') ? { timeoutMs: parseTimeoutMs(json.timeoutMs) } : {}),
  }
}

/** The dapp's deadline, in ms after publication: 1 ms to 30 days (the relay's longest TTL). */
const MAX_REQUEST_TIMEOUT_MS = 30 * 24 * 3600 * 1000

function parseTimeoutMs(value: unknown): number {
  if (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= 1 &&
    value <= MAX_REQUEST_TIMEOUT_MS
  ) {
    return value
  }
  throw new MessageValidationError(
    'BadTimeout',
    '$.timeoutMs',
    'timeoutMs must be an integer number of milliseconds from 1 to 30 days',
  )
}

function parseNotification(json: Record<string, unknown>): SessionNotification {
  checkFields(json, NOTIFICATION_FIELDS)
  const { method, params } = json
  if (!Array.isArray(params)) {
    throw new MessageValidationError(
      'BadParams',
      '$.params',
      'notification params must be an array',
    )
  }
  const base = jsonrpc(json)
  switch (method) {
    case 'accountsChanged': {
      if (params.length > MAX_ACCOUNTS) {
        throw new MessageValidationError(
          'BadParams',
          '$.params',
          `more than ${MAX_ACCOUNTS} accounts`,
        )
      }
      const accounts = params.map((account: unknown, i) => {
        if (typeof account === 'string' && ACCOUNT.test(account)) return account
        throw new MessageValidationError(
          'BadParams',
          `$.params[${i}]`,
          'an account must be 1 to 128 printable ASCII characters',
        )
      })
      return { ...base, method, params: accounts }
    }
    case 'chainChanged':
      if (params.length !== 1) {
        throw new MessageValidationError(
          'BadParams',
          '$.params',
          'chainChanged takes exactly [chainId]',
        )
      }
      return { ...base, method, params: [parseChainId(params[0], '$.params[0]')] }
    case 'disconnect':
      if (params.length !== 1) {
        throw new MessageValidationError(
          'BadParams',
          '$.params',
          'disconnect takes exactly [error]',
        )
      }
      return { ...base, method, params: [parseRpcErrorObject(params[0], '$.params[0]', 2)] }
    default:
      throw new MessageValidationError(
        'BadMethod',
        '$.method',
        'a notification must be accountsChanged, chainChanged or disconnect',
      )
  }
}

function checkFields(json: Record<string, unknown>, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(json)) {
    if (!allowed.has(key)) {
      throw new MessageValidationError(
        'UnknownField',
        memberPath('$', key),
        'field is not part of this message',
      )
    }
  }
}

function jsonrpc(json: Record<string, unknown>): { jsonrpc?: '2.0' } {
  if (!Object.hasOwn(json, 'jsonrpc')) return {}
  if (json.jsonrpc !== '2.0') {
    throw new MessageValidationError(
      'BadJsonrpc',
      '$.jsonrpc',
      'jsonrpc must be "2.0" when present',
    )
  }
  return { jsonrpc: '2.0' }
}

function parseId(id: unknown): RpcId {
  if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return id
  throw new MessageValidationError('BadId', '$.id', 'id must be an integer from 1 to 2^53 - 1')
}

function parseChainId(value: unknown, path: string): string {
  if (typeof value === 'string' && CHAIN_ID.test(value)) return value
  throw new MessageValidationError(
    'BadChainId',
    path,
    'chainId must be a CAIP-2 id such as eip155:1',
  )
}
