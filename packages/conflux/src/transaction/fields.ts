/**
 * Internal: a validated Core transaction ↔ its RLP field list (docs/CHAINS.md field orders). Every
 * field is checked on the way in (type, range, length) with the field's name in the error.
 * Must never emit a field list for a transaction it has not fully validated.
 */
import { bytesToHex, type Hex } from 'viem'
import { decodeBase32Address } from '../address/decodeBase32Address.ts'
import { hexAddressBytes } from '../address/hexAddressBytes.ts'
import { describeType } from '../internal/describeType.ts'
import { MAX_CHAIN_ID, MAX_U64, MAX_U256 } from './constants.ts'
import { InvalidCoreTransactionError } from './InvalidCoreTransactionError.ts'
import type { CoreAccessList, CoreSignature, CoreTransaction } from './types.ts'

export type RlpList = readonly (Hex | RlpList)[]

/** The unsigned field list in the order the type defines (docs/CHAINS.md). */
export function transactionFields(tx: CoreTransaction): RlpList {
  if (typeof tx !== 'object' || tx === null) {
    throw new TypeError(`"transaction" expected an object, got ${describeType(tx)}`)
  }
  const common = {
    nonce: quantity(tx.nonce, 'nonce', MAX_U256),
    gas: quantity(tx.gas, 'gas', MAX_U256),
    to: tx.to === null ? ('0x' as Hex) : recipient(tx.to),
    value: quantity(tx.value, 'value', MAX_U256),
    storageLimit: quantity(tx.storageLimit, 'storageLimit', MAX_U64),
    epochHeight: quantity(tx.epochHeight, 'epochHeight', MAX_U64),
    chainId: chainId(tx.chainId),
    data: data(tx.data),
  }
  const tail = [
    common.value,
    common.storageLimit,
    common.epochHeight,
    common.chainId,
    common.data,
  ] as const
  switch (tx.type) {
    case 'legacy':
      return [
        common.nonce,
        quantity(tx.gasPrice, 'gasPrice', MAX_U256),
        common.gas,
        common.to,
        ...tail,
      ]
    case 'cip2930':
      return [
        common.nonce,
        quantity(tx.gasPrice, 'gasPrice', MAX_U256),
        common.gas,
        common.to,
        ...tail,
        accessList(tx.accessList),
      ]
    case 'cip1559': {
      const maxPriorityFeePerGas = quantity(
        tx.maxPriorityFeePerGas,
        'maxPriorityFeePerGas',
        MAX_U256,
      )
      const maxFeePerGas = quantity(tx.maxFeePerGas, 'maxFeePerGas', MAX_U256)
      if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
        throw new InvalidCoreTransactionError(
          'BadField',
          '"maxPriorityFeePerGas" must not exceed "maxFeePerGas".',
          'maxPriorityFeePerGas',
        )
      }
      return [
        common.nonce,
        maxPriorityFeePerGas,
        maxFeePerGas,
        common.gas,
        common.to,
        ...tail,
        accessList(tx.accessList),
      ]
    }
    default:
      throw new InvalidCoreTransactionError(
        'UnknownType',
        'Transaction "type" must be "legacy", "cip2930" or "cip1559".',
        'type',
      )
  }
}

/** v, r, s as RLP integers (Conflux: v ∈ {0, 1}, no EIP-155). */
export function signatureFields(signature: CoreSignature): RlpList {
  if (typeof signature !== 'object' || signature === null) {
    throw new TypeError(`"signature" expected an object, got ${describeType(signature)}`)
  }
  if (signature.yParity !== 0 && signature.yParity !== 1) {
    throw new InvalidCoreTransactionError('BadSignature', '"yParity" must be 0 or 1.', 'yParity')
  }
  return [
    integerHex(BigInt(signature.yParity)),
    integerHex(scalar(signature.r, 'r')),
    integerHex(scalar(signature.s, 's')),
  ]
}

function scalar(value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw new InvalidCoreTransactionError(
      'BadSignature',
      `"${field}" must be 32 bytes of hex.`,
      field,
    )
  }
  return BigInt(value)
}

function quantity(value: unknown, field: string, max: bigint): Hex {
  if (typeof value !== 'bigint') {
    throw new TypeError(`"${field}" expected a bigint, got ${describeType(value)}`)
  }
  if (value < 0n || value > max) {
    throw new RangeError(`"${field}" expected a bigint in [0, 2^${max === MAX_U64 ? 64 : 256} - 1]`)
  }
  return integerHex(value)
}

function chainId(value: unknown): Hex {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`"chainId" expected an integer, got ${describeType(value)}`)
  }
  if (value < 0 || value > MAX_CHAIN_ID) {
    throw new RangeError(`"chainId" expected an integer in [0, ${MAX_CHAIN_ID}], got ${value}`)
  }
  return integerHex(BigInt(value))
}

function data(value: unknown): Hex {
  if (typeof value !== 'string' || !/^0x(?:[0-9a-fA-F]{2})*$/.test(value)) {
    throw new TypeError('"data" expected a 0x-prefixed hex string of whole bytes')
  }
  return value.toLowerCase() as Hex
}

/**
 * A recipient must be a Core account kind (CIP-37 types: first nibble 0x0, 0x1 or 0x8); a node
 * refuses anything else, and value sent there could never be spent.
 */
function recipient(value: unknown): Hex {
  const hex = address(value, 'to')
  if (!isCoreAddressHex(hex)) {
    throw new InvalidCoreTransactionError(
      'BadField',
      '"to" is not a Core address (first hex digit 0, 1 or 8).',
      'to',
    )
  }
  return hex
}

export function isCoreAddressHex(hex: string): boolean {
  return hex[2] === '0' || hex[2] === '1' || hex[2] === '8'
}

/** Hex or base32 → 20-byte hex. The base32 prefix is not checked against the chain id. */
function address(value: unknown, field: string): Hex {
  if (typeof value === 'string' && value.includes(':')) {
    return decodeBase32Address(value).hexAddress
  }
  return bytesToHex(hexAddressBytes(value, field))
}

function accessList(list: CoreAccessList): RlpList {
  if (!Array.isArray(list)) {
    throw new TypeError(`"accessList" expected an array, got ${describeType(list)}`)
  }
  return list.map((entry: unknown, index) => {
    const field = `accessList[${index}]`
    if (typeof entry !== 'object' || entry === null) {
      throw new TypeError(`"${field}" expected {address, storageKeys}, got ${describeType(entry)}`)
    }
    const { address: entryAddress, storageKeys } = entry as Record<string, unknown>
    if (!Array.isArray(storageKeys)) {
      throw new TypeError(
        `"${field}.storageKeys" expected an array, got ${describeType(storageKeys)}`,
      )
    }
    return [
      address(entryAddress, `${field}.address`),
      storageKeys.map((key: unknown, keyIndex) => {
        if (typeof key !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
          throw new RangeError(`"${field}.storageKeys[${keyIndex}]" expected 32 bytes of hex`)
        }
        return key.toLowerCase() as Hex
      }),
    ]
  })
}

/** Minimal big-endian bytes; zero is the empty string (canonical RLP integer). */
export function integerHex(value: bigint): Hex {
  if (value === 0n) return '0x'
  const hex = value.toString(16)
  return `0x${hex.length % 2 === 0 ? hex : `0${hex}`}`
}
