/**
 * Internal validators for dapp params and node answers (the params array itself is checked by
 * @tessera/protocol's `paramsArray`). Dapp mistakes are -32602 naming the parameter; an address
 * that is well formed but not one of the session's is 4100; a malformed node answer is -32603 —
 * each viem's class for the code, built by `providerError`.
 * Must never accept a value it has not checked, nor echo a dapp's value in a message.
 */
import { providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import type { Hex } from 'viem'
import { decodeBase32Address } from '../address/decodeBase32Address.ts'
import type { ActiveSession } from './context.ts'

const QUANTITY = /^0x[0-9a-fA-F]{1,64}$/
const DATA = /^0x(?:[0-9a-fA-F]{2})*$/

export function objectParam(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw providerError(RPC_ERROR_CODES.invalidParams, `"${name}" must be an object.`)
  }
  return value as Record<string, unknown>
}

/** A base32 address of the session's network; 4100 when it is not one of the session's. */
export function sessionAccount(value: unknown, name: string, session: ActiveSession): Hex {
  const { hexAddress, networkId } = base32Param(value, name)
  if (networkId !== session.chainId) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `"${name}" is an address of network ${networkId}; the session is on ${session.chainId}.`,
    )
  }
  if (!session.accounts.includes(hexAddress)) {
    throw providerError(
      RPC_ERROR_CODES.unauthorized,
      `"${name}" is not an account of this session.`,
    )
  }
  return hexAddress
}

export function base32Param(value: unknown, name: string): { hexAddress: Hex; networkId: number } {
  if (typeof value !== 'string') {
    throw providerError(RPC_ERROR_CODES.invalidParams, `"${name}" must be a CIP-37 base32 address.`)
  }
  try {
    return decodeBase32Address(value)
  } catch (cause) {
    throw providerError(RPC_ERROR_CODES.invalidParams, `"${name}" is not a valid CIP-37 address.`, {
      cause,
    })
  }
}

export function quantityParam(value: unknown, name: string): bigint | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || !QUANTITY.test(value)) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `"${name}" must be a 0x-prefixed hex quantity.`,
    )
  }
  return BigInt(value)
}

export function dataParam(value: unknown, name: string): Hex | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || !DATA.test(value)) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `"${name}" must be 0x-prefixed hex of whole bytes.`,
    )
  }
  return value.toLowerCase() as Hex
}

/** A chain id as wallets send it to `wallet_*Chain`: 0x hex, no leading zeros, u32. */
export function chainIdParam(value: unknown, name: string): number {
  if (typeof value !== 'string' || !/^0x[1-9a-fA-F][0-9a-fA-F]{0,7}$|^0x0$/.test(value)) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `"${name}" must be a 0x-prefixed hex chain id.`,
    )
  }
  return Number(value)
}

/** A quantity in a node's answer. */
export function nodeQuantity(value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !QUANTITY.test(value)) {
    throw providerError(
      RPC_ERROR_CODES.internal,
      `The node answered ${what} with a malformed quantity.`,
    )
  }
  return BigInt(value)
}

export function toQuantity(value: bigint | number): Hex {
  return `0x${value.toString(16)}`
}
