/**
 * Validates CIP-23 typed data and converts it for hashing (specs/cip-23.md §Specification):
 * `types.CIP23Domain` must exist and contain `chainId` (§Summary: "the user-agent should refuse to
 * sign a typed data whose CIP23Domain does not include chainId"); every field type must be an
 * atomic type, `bytes`, `string`, a declared struct or an array of those (§Definition of typed
 * structured data); every value must fit its type. `address` values must be CIP-37 base32 and
 * become hex (§Summary: "converted to Hex address format before signing"); integers may be JSON
 * numbers, decimal or 0x strings and become bigint. Must never pass on a value it did not check.
 */
import { decodeBase32Address } from '../address/decodeBase32Address.ts'
import { describeType } from '../internal/describeType.ts'
import { InvalidTypedDataError } from './InvalidTypedDataError.ts'
import type { Cip23TypeField, NormalizedCip23TypedData } from './types.ts'

export const CIP23_DOMAIN = 'CIP23Domain'

/** Nesting deeper than this (structs or arrays) is refused rather than recursed into. */
const MAX_DEPTH = 32
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const INTEGER_TYPE =
  /^(u?)int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)$/
const BYTES_TYPE = /^bytes([1-9]|[12][0-9]|3[0-2])$/
const ARRAY_TYPE = /^(.+)\[([1-9][0-9]*)?\]$/

/** Results of this module, so hashing can tell them from look-alikes (a flag could be forged). */
const normalizedResults = new WeakSet<object>()

export function isNormalizedCip23TypedData(value: unknown): value is NormalizedCip23TypedData {
  return typeof value === 'object' && value !== null && normalizedResults.has(value)
}

export function normalizeCip23TypedData(typedData: unknown): NormalizedCip23TypedData {
  const root = record(typedData, '$')
  const types = checkTypes(root.types)
  const primaryType = root.primaryType
  if (typeof primaryType !== 'string' || !Object.hasOwn(types, primaryType)) {
    throw new InvalidTypedDataError('primaryType', 'must name a struct declared in types')
  }
  const domain = record(root.domain, 'domain')
  if (!Object.hasOwn(domain, 'chainId') || domain.chainId === null) {
    throw new InvalidTypedDataError('domain.chainId', 'is required by CIP-23')
  }
  const message = primaryType === CIP23_DOMAIN ? {} : record(root.message, 'message')
  const result: NormalizedCip23TypedData = Object.freeze({
    types,
    primaryType,
    domain: struct(types, CIP23_DOMAIN, domain, 'domain', 0),
    message: primaryType === CIP23_DOMAIN ? {} : struct(types, primaryType, message, 'message', 0),
    normalized: true as const,
  })
  normalizedResults.add(result)
  return result
}

function checkTypes(value: unknown): Record<string, readonly Cip23TypeField[]> {
  const types = record(value, 'types')
  const out: Record<string, Cip23TypeField[]> = {}
  for (const [name, fields] of Object.entries(types)) {
    if (!IDENTIFIER.test(name))
      throw new InvalidTypedDataError('types', 'has a struct name that is not an identifier')
    if (!Array.isArray(fields))
      throw new InvalidTypedDataError(`types.${name}`, 'must be an array of {name, type}')
    const seen = new Set<string>()
    out[name] = fields.map((field: unknown, index) => {
      const path = `types.${name}[${index}]`
      const { name: fieldName, type } = record(field, path)
      if (typeof fieldName !== 'string' || !IDENTIFIER.test(fieldName)) {
        throw new InvalidTypedDataError(`${path}.name`, 'must be an identifier')
      }
      if (typeof type !== 'string')
        throw new InvalidTypedDataError(`${path}.type`, 'must be a string')
      if (seen.has(fieldName))
        throw new InvalidTypedDataError(`${path}.name`, 'repeats a field name')
      seen.add(fieldName)
      return { name: fieldName, type }
    })
  }
  const domain = out[CIP23_DOMAIN]
  if (domain === undefined)
    throw new InvalidTypedDataError(`types.${CIP23_DOMAIN}`, 'is required by CIP-23')
  const chainId = domain.find((field) => field.name === 'chainId')
  if (chainId === undefined) {
    throw new InvalidTypedDataError(`types.${CIP23_DOMAIN}`, 'must contain chainId (CIP-23)')
  }
  if (chainId.type !== 'uint256') {
    throw new InvalidTypedDataError(`types.${CIP23_DOMAIN}.chainId`, 'must have type uint256')
  }
  for (const [name, fields] of Object.entries(out)) {
    fields.forEach((field, index) => {
      if (!isKnownType(out, field.type)) {
        throw new InvalidTypedDataError(
          `types.${name}[${index}].type`,
          'is not a CIP-23 type or a declared struct',
        )
      }
    })
  }
  return out
}

function isKnownType(types: Record<string, readonly Cip23TypeField[]>, type: string): boolean {
  const array = ARRAY_TYPE.exec(type)
  if (array !== null) return isKnownType(types, array[1] as string)
  return (
    Object.hasOwn(types, type) ||
    type === 'address' ||
    type === 'bool' ||
    type === 'string' ||
    type === 'bytes' ||
    INTEGER_TYPE.test(type) ||
    BYTES_TYPE.test(type)
  )
}

function struct(
  types: Record<string, readonly Cip23TypeField[]>,
  name: string,
  value: Record<string, unknown>,
  path: string,
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of types[name] ?? []) {
    const fieldPath = `${path}.${field.name}`
    if (!Object.hasOwn(value, field.name) || value[field.name] === undefined) {
      throw new InvalidTypedDataError(fieldPath, `is missing (declared as ${field.type})`)
    }
    out[field.name] = encodeValue(types, field.type, value[field.name], fieldPath, depth + 1)
  }
  return out
}

function encodeValue(
  types: Record<string, readonly Cip23TypeField[]>,
  type: string,
  value: unknown,
  path: string,
  depth: number,
): unknown {
  if (depth > MAX_DEPTH)
    throw new InvalidTypedDataError(path, `nests deeper than ${MAX_DEPTH} levels`)
  const array = ARRAY_TYPE.exec(type)
  if (array !== null) {
    if (!Array.isArray(value)) throw new InvalidTypedDataError(path, `must be an array (${type})`)
    if (array[2] !== undefined && value.length !== Number(array[2])) {
      throw new InvalidTypedDataError(path, `must have ${array[2]} elements, has ${value.length}`)
    }
    return value.map((item, index) =>
      encodeValue(types, array[1] as string, item, `${path}[${index}]`, depth + 1),
    )
  }
  if (Object.hasOwn(types, type)) return struct(types, type, record(value, path), path, depth)
  if (type === 'address') return address(value, path)
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new InvalidTypedDataError(path, 'must be true or false')
    return value
  }
  if (type === 'string') {
    if (typeof value !== 'string') throw new InvalidTypedDataError(path, 'must be a string')
    return value
  }
  if (type === 'bytes') return hexBytes(value, path, undefined)
  const bytes = BYTES_TYPE.exec(type)
  if (bytes !== null) return hexBytes(value, path, Number(bytes[1]))
  const integer = INTEGER_TYPE.exec(type)
  if (integer !== null) return integerValue(value, path, integer[1] === 'u', Number(integer[2]))
  throw new InvalidTypedDataError(path, `has the unknown type ${type}`)
}

function address(value: unknown, path: string): string {
  if (typeof value !== 'string')
    throw new InvalidTypedDataError(path, 'must be a CIP-37 base32 address string')
  if (/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new InvalidTypedDataError(
      path,
      'must be a CIP-37 base32 address, not hex (CIP-23 §Summary)',
    )
  }
  try {
    return decodeBase32Address(value).hexAddress
  } catch (cause) {
    throw new InvalidTypedDataError(path, 'is not a valid CIP-37 base32 address', { cause })
  }
}

function hexBytes(value: unknown, path: string, size: number | undefined): string {
  if (typeof value !== 'string' || !/^0x(?:[0-9a-fA-F]{2})*$/.test(value)) {
    throw new InvalidTypedDataError(path, 'must be a 0x-prefixed hex string of whole bytes')
  }
  if (size !== undefined && value.length !== 2 + 2 * size) {
    throw new InvalidTypedDataError(
      path,
      `must be exactly ${size} bytes, is ${(value.length - 2) / 2}`,
    )
  }
  return value.toLowerCase()
}

function integerValue(value: unknown, path: string, unsigned: boolean, bits: number): bigint {
  let n: bigint
  if (typeof value === 'bigint') n = value
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new InvalidTypedDataError(path, 'must be a safe integer, or a string')
    n = BigInt(value)
  } else if (typeof value === 'string' && /^(?:-?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$/.test(value)) {
    if (value.length > 80) throw new InvalidTypedDataError(path, 'is too long for an integer')
    n = BigInt(value)
  } else {
    throw new InvalidTypedDataError(path, `must be an integer (${describeType(value)} given)`)
  }
  const min = unsigned ? 0n : -(1n << BigInt(bits - 1))
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n
  if (n < min || n > max) {
    throw new InvalidTypedDataError(path, `is out of range for ${unsigned ? 'u' : ''}int${bits}`)
  }
  return n
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidTypedDataError(path, `must be an object (${describeType(value)} given)`)
  }
  return value as Record<string, unknown>
}
