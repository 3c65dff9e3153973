/**
 * Validators for request params at the provider surface: every value a dapp passes is checked
 * here before anything is sent to the signer or the node, and a bad one is -32602 with a
 * sentence naming the method and the field. Pure; must never echo unbounded input back.
 */

import { providerError } from '@tessera/protocol'
import { type Address, getAddress, type Hex, isAddress } from 'viem'

const HEX = /^0x[0-9a-fA-F]*$/
const QUANTITY = /^0x(?:0|[1-9a-fA-F][0-9a-fA-F]*)$/

export const invalidParams = (method: string, sentence: string): Error =>
  providerError(-32602, `${method}: ${sentence}`)

/** A short, printable rendering of a bad value for an error sentence. */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return value.length > 66 ? `"${value.slice(0, 66)}…"` : `"${value}"`
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}

export function addressParam(method: string, value: unknown, field: string): Address {
  if (typeof value !== 'string' || !isAddress(value, { strict: false })) {
    throw invalidParams(
      method,
      `${field} must be a 0x-prefixed 20-byte address, got ${describe(value)}.`,
    )
  }
  return getAddress(value)
}

export function hexParam(method: string, value: unknown, field: string): Hex {
  if (typeof value !== 'string' || !HEX.test(value) || value.length % 2 !== 0) {
    throw invalidParams(method, `${field} must be 0x-prefixed hex bytes, got ${describe(value)}.`)
  }
  return value as Hex
}

/** An EIP-1474 quantity: 0x-prefixed hex without leading zeros. */
export function quantityParam(method: string, value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !QUANTITY.test(value) || value.length > 66) {
    throw invalidParams(
      method,
      `${field} must be a hex quantity such as "0x1", got ${describe(value)}.`,
    )
  }
  return BigInt(value)
}

/** A chain id quantity that fits EIP-155's practical range (a safe integer ≥ 1). */
export function chainIdParam(method: string, value: unknown, field = 'chainId'): number {
  const id = quantityParam(method, value, field)
  if (id < 1n || id > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalidParams(
      method,
      `${field} must be a chain id from 0x1 to 0x${Number.MAX_SAFE_INTEGER.toString(16)}.`,
    )
  }
  return Number(id)
}

export function objectParam(
  method: string,
  value: unknown,
  field: string,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParams(method, `${field} must be an object, got ${describe(value)}.`)
  }
  return value as Record<string, unknown>
}
