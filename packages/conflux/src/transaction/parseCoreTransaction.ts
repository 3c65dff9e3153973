/**
 * Decodes a Core transaction — signed (type prefix ‖ rlp([[fields…], v, r, s])) or unsigned
 * (prefix ‖ rlp([fields…])) — with viem's `fromRlp`, and validates everything: known prefix,
 * canonical RLP (re-encoding must give back the input: no trailing bytes, no long-form lengths),
 * field counts, integer sizes without leading zeros, 20-byte addresses, 32-byte storage keys,
 * v ∈ {0, 1}, 0 < r, s < n. Integers must be minimal (zero is the empty string, never 0x00),
 * as conflux-rust's RLP decoder requires. Must never return a field it did not check.
 */

import { secp256k1 } from '@noble/curves/secp256k1.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { bytesToHex, fromRlp, type Hex, toRlp } from 'viem'
import { describeType } from '../internal/describeType.ts'
import { CIP1559_PREFIX, CIP2930_PREFIX } from './constants.ts'
import { isCoreAddressHex } from './fields.ts'
import { InvalidCoreTransactionError } from './InvalidCoreTransactionError.ts'
import type {
  CoreAccessList,
  CoreTransaction,
  CoreTransactionType,
  ParsedCoreTransaction,
} from './types.ts'

type Rlp = Hex | readonly Rlp[]

const FIELD_COUNT: Record<CoreTransactionType, number> = { legacy: 9, cip2930: 10, cip1559: 11 }
/** Raw transactions larger than this are refused before decoding (nodes cap them far lower). */
const MAX_RAW_BYTES = 1 << 20

export function parseCoreTransaction(raw: Hex | Uint8Array): ParsedCoreTransaction {
  const bytes = rawBytes(raw)
  let type: CoreTransactionType = 'legacy'
  let body = bytes
  if (startsWith(bytes, CIP2930_PREFIX)) type = 'cip2930'
  else if (startsWith(bytes, CIP1559_PREFIX)) type = 'cip1559'
  if (type !== 'legacy') body = bytes.subarray(4)
  else if (bytes.length === 0 || (bytes[0] as number) < 0xc0) {
    throw new InvalidCoreTransactionError(
      'UnknownType',
      'Raw transaction is neither a legacy RLP list nor prefixed "cfx" ‖ 0x01 / 0x02.',
    )
  }

  const bodyHex = bytesToHex(body)
  let decoded: Rlp
  try {
    decoded = fromRlp(bodyHex, 'hex') as Rlp
  } catch (cause) {
    throw new InvalidCoreTransactionError(
      'BadRlp',
      'Raw transaction is not valid RLP.',
      undefined,
      cause,
    )
  }
  // Canonical and complete: the exact bytes must come back (no trailing data, minimal lengths).
  // viem 2.57's fromRlp already refuses non-canonical input; this keeps the guarantee should a
  // later viem relax it.
  if (toRlp(decoded as Hex[]) !== bodyHex) {
    throw new InvalidCoreTransactionError(
      'BadRlp',
      'Raw transaction is not canonical RLP (or has trailing bytes).',
    )
  }
  if (!Array.isArray(decoded)) {
    throw new InvalidCoreTransactionError('BadShape', 'Raw transaction is not an RLP list.')
  }
  const count = FIELD_COUNT[type]
  const signed = decoded.length === 4 && Array.isArray(decoded[0])
  const fields = (signed ? decoded[0] : decoded) as readonly Rlp[]
  if (fields.length !== count) {
    throw new InvalidCoreTransactionError(
      'BadShape',
      `A ${type} transaction has ${count} fields (signed: [[fields], v, r, s]); got ${fields.length}.`,
    )
  }
  const transaction = readFields(type, fields)
  if (!signed) return { transaction }
  const [, v, r, s] = decoded as unknown as readonly [Rlp, Rlp, Rlp, Rlp]
  const yParity = integer(v, 'v', 1)
  if (yParity > 1n) {
    throw new InvalidCoreTransactionError(
      'BadSignature',
      '"v" must be 0 or 1 (Conflux has no EIP-155 v).',
      'v',
    )
  }
  return {
    transaction,
    signature: { r: scalar(r, 'r'), s: scalar(s, 's'), yParity: yParity === 0n ? 0 : 1 },
  }
}

function readFields(type: CoreTransactionType, f: readonly Rlp[]): CoreTransaction {
  const at = (index: number): Rlp => f[index] as Rlp
  if (type === 'cip1559') {
    const tx: CoreTransaction = {
      type,
      nonce: integer(at(0), 'nonce', 32),
      maxPriorityFeePerGas: integer(at(1), 'maxPriorityFeePerGas', 32),
      maxFeePerGas: integer(at(2), 'maxFeePerGas', 32),
      gas: integer(at(3), 'gas', 32),
      to: to(at(4)),
      value: integer(at(5), 'value', 32),
      storageLimit: integer(at(6), 'storageLimit', 8),
      epochHeight: integer(at(7), 'epochHeight', 8),
      chainId: Number(integer(at(8), 'chainId', 4)),
      data: string(at(9), 'data'),
      accessList: accessList(at(10)),
    }
    return tx
  }
  const common = {
    nonce: integer(at(0), 'nonce', 32),
    gasPrice: integer(at(1), 'gasPrice', 32),
    gas: integer(at(2), 'gas', 32),
    to: to(at(3)),
    value: integer(at(4), 'value', 32),
    storageLimit: integer(at(5), 'storageLimit', 8),
    epochHeight: integer(at(6), 'epochHeight', 8),
    chainId: Number(integer(at(7), 'chainId', 4)),
    data: string(at(8), 'data'),
  }
  return type === 'legacy'
    ? { type, ...common }
    : { type, ...common, accessList: accessList(at(9)) }
}

function string(item: Rlp, field: string): Hex {
  if (typeof item !== 'string') {
    throw new InvalidCoreTransactionError(
      'BadField',
      `"${field}" must be a byte string, not a list.`,
      field,
    )
  }
  return item
}

function integer(item: Rlp, field: string, maxBytes: number): bigint {
  const hex = string(item, field)
  if (hex === '0x') return 0n
  if (hex.startsWith('0x00')) {
    throw new InvalidCoreTransactionError('BadField', `"${field}" has leading zero bytes.`, field)
  }
  if ((hex.length - 2) / 2 > maxBytes) {
    throw new InvalidCoreTransactionError(
      'BadField',
      `"${field}" is longer than ${maxBytes} bytes.`,
      field,
    )
  }
  return BigInt(hex)
}

function to(item: Rlp): Hex | null {
  const hex = string(item, 'to')
  if (hex === '0x') return null
  if (hex.length !== 42) {
    throw new InvalidCoreTransactionError('BadField', '"to" must be empty or 20 bytes.', 'to')
  }
  if (!isCoreAddressHex(hex)) {
    throw new InvalidCoreTransactionError(
      'BadField',
      '"to" is not a Core address (first hex digit 0, 1 or 8).',
      'to',
    )
  }
  return hex.toLowerCase() as Hex
}

function scalar(item: Rlp, field: 'r' | 's'): Hex {
  const value = integer(item, field, 32)
  if (value === 0n || value >= secp256k1.Point.CURVE().n) {
    throw new InvalidCoreTransactionError(
      'BadSignature',
      `"${field}" must be in [1, n − 1].`,
      field,
    )
  }
  return `0x${value.toString(16).padStart(64, '0')}`
}

function accessList(item: Rlp): CoreAccessList {
  if (!Array.isArray(item)) {
    throw new InvalidCoreTransactionError('BadField', '"accessList" must be a list.', 'accessList')
  }
  return (item as readonly Rlp[]).map((entry, index) => {
    const field = `accessList[${index}]`
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new InvalidCoreTransactionError(
        'BadField',
        `"${field}" must be [address, storageKeys].`,
        field,
      )
    }
    const [address, keys] = entry as unknown as readonly [Rlp, Rlp]
    if (typeof address !== 'string' || address.length !== 42) {
      throw new InvalidCoreTransactionError(
        'BadField',
        `"${field}.address" must be 20 bytes.`,
        `${field}.address`,
      )
    }
    if (!Array.isArray(keys)) {
      throw new InvalidCoreTransactionError(
        'BadField',
        `"${field}.storageKeys" must be a list.`,
        `${field}.storageKeys`,
      )
    }
    return {
      address: address.toLowerCase(),
      storageKeys: (keys as readonly Rlp[]).map((key, keyIndex) => {
        if (typeof key !== 'string' || key.length !== 66) {
          const keyField = `${field}.storageKeys[${keyIndex}]`
          throw new InvalidCoreTransactionError(
            'BadField',
            `"${keyField}" must be 32 bytes.`,
            keyField,
          )
        }
        return key.toLowerCase() as Hex
      }),
    }
  })
}

function rawBytes(raw: unknown): Uint8Array {
  if (raw instanceof Uint8Array) {
    if (raw.length > MAX_RAW_BYTES)
      throw new RangeError(
        `"raw" expected at most ${MAX_RAW_BYTES} bytes, got length=${raw.length}`,
      )
    return raw
  }
  if (typeof raw !== 'string')
    throw new TypeError(`"raw" expected a hex string or Uint8Array, got ${describeType(raw)}`)
  if (!/^0x(?:[0-9a-fA-F]{2})*$/.test(raw))
    throw new TypeError('"raw" expected a 0x-prefixed hex string of whole bytes')
  if (raw.length > 2 + 2 * MAX_RAW_BYTES)
    throw new RangeError(`"raw" expected at most ${MAX_RAW_BYTES} bytes`)
  return hexToBytes(raw.slice(2))
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte)
}
