/**
 * The ERC-7730 loader and validator: takes a descriptor as parsed JSON and returns it checked —
 * a `context` binding either contract calls (`contract.deployments`, optional inline
 * `contract.abi`) or EIP-712 messages (`eip712.domain` / `eip712.deployments`), `metadata`
 * (owner, enums, constants, token), and `display.formats` whose keys are ABI function fragments
 * (contracts) or `encodeType` strings (messages). A format key that is not in an inline ABI, two
 * keys with one selector, an unsupported field format or a malformed field are refused with
 * ClearSigningError. Remote ABIs (URLs) and `includes` are never fetched.
 */
import { type AbiFunction, getAddress, isAddress, parseAbiItem, toFunctionSelector } from 'viem'
import { ClearSigningError } from '../ClearSigningError.ts'

export const FIELD_FORMATS = [
  'raw',
  'amount',
  'tokenAmount',
  'addressName',
  'date',
  'enum',
  'unit',
  'duration',
  'tokenTicker',
  'chainId',
  'nftName',
] as const
export type FieldFormat = (typeof FIELD_FORMATS)[number]

export type DescriptorField = {
  readonly path?: string
  readonly value?: unknown
  readonly label: string
  readonly format?: FieldFormat
  readonly params: Readonly<Record<string, unknown>>
  readonly visible?: unknown
  /** A group: its own fields, with paths relative to `path`. */
  readonly fields?: readonly DescriptorField[]
}

export type DescriptorFormat = {
  readonly key: string
  /** Contract formats: the function (names from the key) and its selector. */
  readonly abi?: AbiFunction
  readonly selector?: string
  readonly intent: string | undefined
  readonly interpolatedIntent: string | undefined
  readonly fields: readonly DescriptorField[]
}

export type Deployment = { readonly chainId: number; readonly address: `0x${string}` }

export type Erc7730Descriptor = {
  readonly id: string | undefined
  readonly binding: 'contract' | 'eip712'
  readonly deployments: readonly Deployment[]
  /** EIP-712 only: key/values the message domain must match. */
  readonly domain: Readonly<Record<string, unknown>>
  readonly owner: string | undefined
  readonly metadata: Readonly<Record<string, unknown>>
  readonly json: Readonly<Record<string, unknown>>
  readonly formats: readonly DescriptorFormat[]
}

const MAX_FIELDS = 256

function bad(what: string): ClearSigningError {
  return new ClearSigningError('InvalidDescriptor', `Invalid ERC-7730 descriptor: ${what}.`)
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(`${what} must be an object`)
  return value as Record<string, unknown>
}

function deployments(value: unknown, what: string): Deployment[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw bad(`${what} must be an array`)
  return value.map((entry, i) => {
    const { chainId, address } = object(entry, `${what}[${i}]`)
    if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0) {
      throw bad(`${what}[${i}].chainId must be a positive integer`)
    }
    if (typeof address !== 'string' || !isAddress(address, { strict: false })) {
      throw bad(`${what}[${i}].address must be an address`)
    }
    return { chainId, address: getAddress(address) }
  })
}

/** Descriptors this module returned, so a loaded one is not validated again (a flag could be forged). */
const loaded = new WeakSet<object>()

export function loadErc7730Descriptor(json: unknown): Erc7730Descriptor {
  if (typeof json === 'object' && json !== null && loaded.has(json))
    return json as Erc7730Descriptor
  const descriptor = load(json)
  loaded.add(descriptor)
  return descriptor
}

function load(json: unknown): Erc7730Descriptor {
  const root = object(json, 'the descriptor')
  if (root.includes !== undefined)
    throw bad('includes are not supported (merge them before loading)')
  const context = object(root.context, 'context')
  const metadata = root.metadata === undefined ? {} : object(root.metadata, 'metadata')
  const display = object(root.display, 'display')
  const rawFormats = object(display.formats, 'display.formats')
  const definitions =
    display.definitions === undefined ? {} : object(display.definitions, 'display.definitions')
  if ((context.contract === undefined) === (context.eip712 === undefined)) {
    throw bad('context must have exactly one of contract and eip712')
  }
  const binding = context.contract !== undefined ? 'contract' : 'eip712'
  const bound = object(
    binding === 'contract' ? context.contract : context.eip712,
    `context.${binding}`,
  )
  const deployed = deployments(bound.deployments, `context.${binding}.deployments`)
  const domain =
    binding === 'eip712' && bound.domain !== undefined
      ? object(bound.domain, 'context.eip712.domain')
      : {}
  if (binding === 'contract' && deployed.length === 0)
    throw bad('context.contract.deployments must list a deployment')
  if (binding === 'eip712' && deployed.length === 0 && Object.keys(domain).length === 0) {
    throw bad('context.eip712 must bind deployments or a domain')
  }
  const budget = { left: MAX_FIELDS }
  const selectors = new Set<string>()
  const formats = Object.entries(rawFormats).map(([key, value]): DescriptorFormat => {
    const format = object(value, `display.formats["${key}"]`)
    const intent = format.intent
    const intentText =
      typeof intent === 'string'
        ? intent
        : typeof intent === 'object' && intent !== null
          ? Object.entries(intent as Record<string, unknown>)
              .map(([k, v]) => `${k}: ${String(v)}`)
              .join(', ')
          : undefined
    if (format.interpolatedIntent !== undefined && typeof format.interpolatedIntent !== 'string') {
      throw bad(`display.formats["${key}"].interpolatedIntent must be a string`)
    }
    if (!Array.isArray(format.fields))
      throw bad(`display.formats["${key}"].fields must be an array`)
    const fields = format.fields.map((f, i) =>
      readField(f, `display.formats["${key}"].fields[${i}]`, definitions, budget, 0),
    )
    const base = {
      key,
      intent: intentText,
      interpolatedIntent: format.interpolatedIntent as string | undefined,
      fields,
    }
    if (binding === 'eip712') {
      if (!/^[A-Za-z_$][\w$]*\(.*\)$/.test(key))
        throw bad(`display.formats key "${key.slice(0, 64)}" is not an encodeType string`)
      return base
    }
    let abi: AbiFunction
    try {
      abi = parseAbiItem(`function ${key}`) as AbiFunction
    } catch (cause) {
      throw new ClearSigningError(
        'InvalidDescriptor',
        `Invalid ERC-7730 descriptor: "${key.slice(0, 64)}" is not a function fragment.`,
        { cause },
      )
    }
    const selector = toFunctionSelector(abi)
    if (selectors.has(selector))
      throw bad(`two display.formats keys share the selector ${selector}`)
    selectors.add(selector)
    return { ...base, abi, selector }
  })
  if (binding === 'contract' && Array.isArray(bound.abi)) checkAbi(bound.abi, formats)
  return Object.freeze({
    id: typeof context.$id === 'string' ? context.$id : undefined,
    binding,
    deployments: deployed,
    domain,
    owner: typeof metadata.owner === 'string' ? metadata.owner : undefined,
    metadata,
    json: root,
    formats,
  })
}

/** Every format's selector must be a function of the inline ABI ("does not match its contract's ABI"). */
function checkAbi(abi: readonly unknown[], formats: readonly DescriptorFormat[]): void {
  const known = new Set<string>()
  for (const item of abi) {
    if (
      typeof item !== 'object' ||
      item === null ||
      (item as { type?: unknown }).type !== 'function'
    )
      continue
    try {
      known.add(toFunctionSelector(item as AbiFunction))
    } catch {
      throw bad('context.contract.abi has a malformed function')
    }
  }
  for (const format of formats) {
    if (format.selector !== undefined && !known.has(format.selector)) {
      throw new ClearSigningError(
        'DescriptorMismatch',
        `ERC-7730 descriptor: "${format.key.slice(0, 64)}" is not a function of its contract's ABI.`,
      )
    }
  }
}

function readField(
  value: unknown,
  what: string,
  definitions: Readonly<Record<string, unknown>>,
  budget: { left: number },
  depth: number,
): DescriptorField {
  if (--budget.left < 0) throw bad(`more than ${MAX_FIELDS} fields`)
  if (depth > 4) throw bad(`${what} nests groups too deeply`)
  let field = object(value, what)
  if (typeof field.$ref === 'string') {
    const match = /^\$\.display\.definitions\.([\w$-]+)$/.exec(field.$ref)
    const definition = match === null ? undefined : definitions[match[1] as string]
    if (definition === undefined) throw bad(`${what}.$ref does not name a display definition`)
    const base = object(definition, `definition ${match?.[1]}`)
    field = {
      ...base,
      ...field,
      params: { ...object(base.params ?? {}, 'params'), ...object(field.params ?? {}, 'params') },
    }
  }
  const path = field.path
  if (path !== undefined && (typeof path !== 'string' || path.length > 256))
    throw bad(`${what}.path must be a string`)
  const label = typeof field.label === 'string' ? field.label : ''
  const params = field.params === undefined ? {} : object(field.params, `${what}.params`)
  if (Array.isArray(field.fields)) {
    return {
      ...(path === undefined ? {} : { path }),
      label,
      params,
      fields: field.fields.map((f, i) =>
        readField(f, `${what}.fields[${i}]`, definitions, budget, depth + 1),
      ),
    }
  }
  if (path === undefined && !('value' in field)) throw bad(`${what} needs a path or a value`)
  const format = field.format ?? 'raw'
  if (typeof format !== 'string' || !(FIELD_FORMATS as readonly string[]).includes(format)) {
    throw bad(`${what}.format "${String(format).slice(0, 32)}" is not supported`)
  }
  return {
    ...(path === undefined ? {} : { path }),
    ...('value' in field ? { value: field.value } : {}),
    label,
    format: format as FieldFormat,
    params,
    ...(field.visible === undefined ? {} : { visible: field.visible }),
  }
}
