/**
 * EIP-712 typed data as `eth_signTypedData_v4` receives it (a JSON string or an object), validated
 * and normalized for description: every declared field present and of its type, integers as bigint,
 * addresses checksummed, bytes lowercased. `EIP712Domain` may be left out of `types` (viem and
 * ethers infer it); it is then inferred from the domain's keys. Bounded in size, depth and count so
 * hostile input cannot make the decoder slow.
 */
import { getAddress, isAddress } from 'viem'
import { ClearSigningError } from '../ClearSigningError.ts'
import { invalid } from '../params.ts'

export type TypeField = { readonly name: string; readonly type: string }

export type NormalizedTypedData = {
  readonly types: Readonly<Record<string, readonly TypeField[]>>
  readonly primaryType: string
  readonly domain: Readonly<Record<string, unknown>>
  readonly message: Readonly<Record<string, unknown>>
}

const MAX_JSON_LENGTH = 1024 * 1024
const MAX_DEPTH = 32
const MAX_VALUES = 10_000
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const INTEGER = /^(u?)int(\d{1,3})$/
const FIXED_BYTES = /^bytes(\d{1,2})$/
const ARRAY = /^(.+)\[(\d*)\]$/
const DOMAIN_TYPES: Readonly<Record<string, string>> = {
  name: 'string',
  version: 'string',
  chainId: 'uint256',
  verifyingContract: 'address',
  salt: 'bytes32',
}

export function parseTypedDataJson(value: unknown, what: string): Record<string, unknown> {
  if (typeof value === 'string') {
    if (value.length > MAX_JSON_LENGTH) {
      throw new ClearSigningError('TooLarge', `Invalid params: ${what} is larger than 1 MiB.`)
    }
    try {
      value = JSON.parse(value)
    } catch {
      throw invalid(`${what} must be JSON`)
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be an object`)
  }
  return value as Record<string, unknown>
}

export function normalizeTypedData(value: unknown): NormalizedTypedData {
  const root = parseTypedDataJson(value, 'typed data')
  const declared = record(root.types, 'types')
  const types: Record<string, TypeField[]> = {}
  for (const [name, fields] of Object.entries(declared)) {
    if (!IDENTIFIER.test(name)) throw invalid('types has a struct name that is not an identifier')
    if (!Array.isArray(fields)) throw invalid(`types.${name} must be an array`)
    types[name] = fields.map((field: unknown, i) => {
      const { name: fieldName, type } = record(field, `types.${name}[${i}]`)
      if (typeof fieldName !== 'string' || typeof type !== 'string') {
        throw invalid(`types.${name}[${i}] must have a string name and type`)
      }
      return { name: fieldName, type }
    })
  }
  const domain = record(root.domain ?? {}, 'domain')
  if (types.EIP712Domain === undefined) {
    types.EIP712Domain = Object.keys(DOMAIN_TYPES)
      .filter((key) => domain[key] !== undefined)
      .map((key) => ({ name: key, type: DOMAIN_TYPES[key] as string }))
  }
  const primaryType = root.primaryType
  if (typeof primaryType !== 'string' || !Object.hasOwn(types, primaryType)) {
    throw invalid('primaryType must name a struct declared in types')
  }
  const budget = { left: MAX_VALUES }
  return {
    types,
    primaryType,
    domain: struct(types, 'EIP712Domain', domain, 'domain', 0, budget),
    message:
      primaryType === 'EIP712Domain'
        ? {}
        : struct(types, primaryType, record(root.message, 'message'), 'message', 0, budget),
  }
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${path} must be an object`)
  }
  return value as Record<string, unknown>
}

type Types = Readonly<Record<string, readonly TypeField[]>>

function struct(
  types: Types,
  name: string,
  value: Record<string, unknown>,
  path: string,
  depth: number,
  budget: { left: number },
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of types[name] ?? []) {
    const fieldPath = `${path}.${field.name}`
    if (!Object.hasOwn(value, field.name) || value[field.name] === undefined) {
      throw invalid(`${fieldPath} is missing`)
    }
    out[field.name] = normalize(types, field.type, value[field.name], fieldPath, depth + 1, budget)
  }
  return out
}

function normalize(
  types: Types,
  type: string,
  value: unknown,
  path: string,
  depth: number,
  budget: { left: number },
): unknown {
  if (depth > MAX_DEPTH) throw invalid(`${path} nests deeper than ${MAX_DEPTH} levels`)
  if (--budget.left < 0)
    throw new ClearSigningError('TooLarge', 'Invalid params: typed data has too many values.')
  const array = ARRAY.exec(type)
  if (array !== null) {
    if (!Array.isArray(value)) throw invalid(`${path} must be an array`)
    if (array[2] !== '' && value.length !== Number(array[2]))
      throw invalid(`${path} has the wrong length`)
    return value.map((item, i) =>
      normalize(types, array[1] as string, item, `${path}[${i}]`, depth + 1, budget),
    )
  }
  if (Object.hasOwn(types, type))
    return struct(types, type, record(value, path), path, depth, budget)
  if (type === 'address') {
    if (typeof value !== 'string' || !isAddress(value, { strict: false }))
      throw invalid(`${path} must be an address`)
    return getAddress(value)
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw invalid(`${path} must be true or false`)
    return value
  }
  if (type === 'string') {
    if (typeof value !== 'string') throw invalid(`${path} must be a string`)
    return value
  }
  const fixed = FIXED_BYTES.exec(type)
  if (type === 'bytes' || fixed !== null) {
    if (typeof value !== 'string' || !/^0x(?:[0-9a-fA-F]{2})*$/.test(value))
      throw invalid(`${path} must be hex bytes`)
    if (fixed !== null && value.length !== 2 + 2 * Number(fixed[1]))
      throw invalid(`${path} has the wrong size`)
    return value.toLowerCase()
  }
  const integer = INTEGER.exec(type)
  if (integer !== null) return integerValue(value, path, integer[1] === 'u', Number(integer[2]))
  throw invalid(`${path} has the unknown type ${type.slice(0, 64)}`)
}

function integerValue(value: unknown, path: string, unsigned: boolean, bits: number): bigint {
  let n: bigint | undefined
  if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value)
  else if (typeof value === 'string' && /^(?:-?[0-9]{1,78}|0x[0-9a-fA-F]{1,64})$/.test(value))
    n = BigInt(value)
  else if (typeof value === 'bigint') n = value
  if (n === undefined || bits === 0 || bits > 256 || bits % 8 !== 0)
    throw invalid(`${path} must be an integer`)
  const min = unsigned ? 0n : -(2n ** BigInt(bits - 1))
  const max = unsigned ? 2n ** BigInt(bits) - 1n : 2n ** BigInt(bits - 1) - 1n
  if (n < min || n > max)
    throw invalid(`${path} is out of range for ${unsigned ? 'u' : ''}int${bits}`)
  return n
}
