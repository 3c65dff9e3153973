/**
 * The handshake payloads (docs/SESSION.md#handshake), JSON in UTF-8, and their validators:
 * - `SignerHello` (IK message 1): signer metadata, offered accounts per CAIP-2 chain
 *   (`eip155:<id>`, `cfx:<id>`), a fresh session id (16 random bytes, hex);
 * - `DappReply` (IK message 2): dapp metadata, requested chains and methods, the session expiry
 *   (Unix s) and whether the dapp keeps other sessions; or an `error` refusing the signer
 *   (a second signer answering the same URI).
 * `@tessera/protocol` has no validator for these yet. Every field is checked; unknown fields are
 * refused (a new field means a new payload version `v`). Must never return unchecked data.
 */
import type { RpcErrorObject } from '@tessera/protocol'

export interface PeerMetadata {
  readonly name: string
  readonly url?: string
  readonly icon?: string
}

export interface SignerHello {
  readonly v: 1
  readonly sessionId: string
  readonly metadata: PeerMetadata
  /** CAIP-2 chain id → accounts on it. */
  readonly accounts: { readonly [chainId: string]: readonly string[] }
}

export type DappReply =
  | {
      readonly v: 1
      readonly metadata: PeerMetadata
      readonly chains: readonly string[]
      readonly methods: readonly string[]
      /** Unix seconds. */
      readonly expiry: number
      /**
       * True when the dapp keeps its other sessions (docs/SESSION.md: one per origin otherwise).
       */
      readonly multiple: boolean
    }
  | { readonly v: 1; readonly error: RpcErrorObject }

export const MAX_PAYLOAD_BYTES = 16_384
const CHAIN_ID = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/
const ACCOUNT = /^[!-~]{1,128}$/
const METHOD = /^[a-z][a-z0-9]*_[A-Za-z0-9_]{1,60}$/
const SESSION_ID = /^[0-9a-f]{32}$/

export class PayloadError extends Error {
  override name = 'PayloadError'
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function only(value: Record<string, unknown>, fields: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) throw new PayloadError(`${where}: unknown field`)
  }
}

function text(value: unknown, max: number, where: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new PayloadError(`${where} must be a string of 1 to ${max} characters`)
  }
  return value
}

function list(value: unknown, pattern: RegExp, max: number, where: string): string[] {
  if (!Array.isArray(value) || value.length > max) {
    throw new PayloadError(`${where} must be an array of at most ${max}`)
  }
  return value.map((item) => {
    if (typeof item !== 'string' || !pattern.test(item))
      throw new PayloadError(`${where}[] is malformed`)
    return item
  })
}

function metadata(value: unknown): PeerMetadata {
  if (!isObject(value)) throw new PayloadError('metadata must be an object')
  only(value, ['name', 'url', 'icon'], 'metadata')
  const out: { name: string; url?: string; icon?: string } = {
    name: text(value.name, 64, 'metadata.name'),
  }
  if (value.url !== undefined) out.url = text(value.url, 256, 'metadata.url')
  if (value.icon !== undefined) out.icon = text(value.icon, 8192, 'metadata.icon')
  return out
}

function decodeJson(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length > MAX_PAYLOAD_BYTES) throw new PayloadError('payload is too large')
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new PayloadError('payload is not UTF-8 JSON')
  }
  if (!isObject(value) || value.v !== 1)
    throw new PayloadError('payload must be an object with v = 1')
  return value
}

export function encodePayload(payload: SignerHello | DappReply): Uint8Array {
  const bytes = new TextEncoder().encode(JSON.stringify(payload))
  if (bytes.length > MAX_PAYLOAD_BYTES) throw new PayloadError('payload is too large')
  return bytes
}

export function parseSignerHello(bytes: Uint8Array): SignerHello {
  const value = decodeJson(bytes)
  only(value, ['v', 'sessionId', 'metadata', 'accounts'], 'hello')
  if (typeof value.sessionId !== 'string' || !SESSION_ID.test(value.sessionId)) {
    throw new PayloadError('sessionId must be 32 lowercase hex characters')
  }
  if (!isObject(value.accounts)) throw new PayloadError('accounts must be an object')
  const chains = Object.keys(value.accounts)
  if (chains.length > 64) throw new PayloadError('accounts has more than 64 chains')
  const accounts: Record<string, string[]> = {}
  for (const chain of chains) {
    if (!CHAIN_ID.test(chain)) throw new PayloadError('accounts has a key that is not a CAIP-2 id')
    accounts[chain] = list(value.accounts[chain], ACCOUNT, 64, 'accounts')
  }
  return { v: 1, sessionId: value.sessionId, metadata: metadata(value.metadata), accounts }
}

export function parseDappReply(bytes: Uint8Array): DappReply {
  const value = decodeJson(bytes)
  if (Object.hasOwn(value, 'error')) {
    only(value, ['v', 'error'], 'reply')
    const error = value.error
    if (!isObject(error) || !Number.isSafeInteger(error.code)) {
      throw new PayloadError('error must be {code, message}')
    }
    only(error, ['code', 'message'], 'error')
    return {
      v: 1,
      error: { code: error.code as number, message: text(error.message, 1024, 'error.message') },
    }
  }
  only(value, ['v', 'metadata', 'chains', 'methods', 'expiry', 'multiple'], 'reply')
  if (!Number.isSafeInteger(value.expiry) || (value.expiry as number) < 0) {
    throw new PayloadError('expiry must be Unix seconds')
  }
  if (typeof value.multiple !== 'boolean') throw new PayloadError('multiple must be a boolean')
  return {
    v: 1,
    metadata: metadata(value.metadata),
    chains: list(value.chains, CHAIN_ID, 64, 'chains'),
    methods: list(value.methods, METHOD, 64, 'methods'),
    expiry: value.expiry as number,
    multiple: value.multiple,
  }
}
