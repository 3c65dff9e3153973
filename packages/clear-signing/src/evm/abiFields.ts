/**
 * Decoded ABI arguments as description fields: addresses named and in the chain's own form,
 * integers in decimal (or token units when the caller knows the token), bytes as hex, arrays and
 * tuples as trees. Bounded: at most MAX_FIELDS values are shown, the rest summarised, so hostile
 * calldata with huge arrays cannot flood a screen.
 */
import type { AbiParameter } from 'viem'
import type { DecodeContext } from '../context.ts'
import { addressValue, amountValue, field, text } from '../format/fields.ts'
import type { Field, FieldValue } from '../types.ts'

const MAX_FIELDS = 256

export type ArgsContext = {
  readonly context: DecodeContext
  readonly chainId: string
  /** The chain's display form of a 0x address (checksummed hex, or base32 on Conflux Core). */
  readonly address: (hex: string) => string
  /** Argument path ("amountIn", "params.amountIn") → token address whose units it is in. */
  readonly amounts: Readonly<Record<string, unknown>>
}

type Budget = { left: number }

export function argsFields(
  args: ArgsContext,
  inputs: readonly AbiParameter[],
  values: readonly unknown[],
): Field[] {
  return list(args, inputs, values, '', { left: MAX_FIELDS })
}

function list(
  args: ArgsContext,
  inputs: readonly AbiParameter[],
  values: readonly unknown[],
  prefix: string,
  budget: Budget,
): Field[] {
  return inputs.map((input, index) => {
    const name = input.name ?? `${index}`
    return field(
      name === '' ? `${index}` : name,
      value(args, input, values[index], `${prefix}${name}`, budget),
    )
  })
}

function value(
  args: ArgsContext,
  input: AbiParameter,
  raw: unknown,
  path: string,
  budget: Budget,
): FieldValue {
  budget.left--
  if (budget.left < 0) return text('…')
  const type = input.type
  const array = /^(.*)\[(\d*)\]$/.exec(type)
  if (array !== null && Array.isArray(raw)) {
    const inner = { ...input, type: array[1] ?? '' } as AbiParameter
    const fields: Field[] = []
    for (let i = 0; i < raw.length; i++) {
      if (budget.left <= 0) {
        fields.push(field('…', text(`${raw.length - i} more`)))
        break
      }
      fields.push(field(`${i}`, value(args, inner, raw[i], `${path}.${i}`, budget)))
    }
    return { kind: 'tree', fields }
  }
  if (type === 'tuple' && 'components' in input && typeof raw === 'object' && raw !== null) {
    const record = raw as Record<string, unknown>
    const components = input.components
    const values = components.map((c, i) =>
      c.name !== undefined && c.name in record ? record[c.name] : (raw as unknown[])[i],
    )
    return { kind: 'tree', fields: list(args, components, values, `${path}.`, budget) }
  }
  if (type === 'address' && typeof raw === 'string') {
    return addressValue(args.context, args.chainId, args.address(raw))
  }
  if (typeof raw === 'bigint') {
    const token = args.amounts[path]
    if (typeof token === 'string') {
      const known = args.context.token(args.chainId, args.address(token))
      if (known !== undefined)
        return amountValue(args.context, raw, known.decimals, known.symbol, true)
    }
    return text(raw.toString())
  }
  if (typeof raw === 'number' || typeof raw === 'boolean') return text(String(raw))
  if (typeof raw === 'string')
    return raw.startsWith('0x') && type.startsWith('bytes') ? { kind: 'hex', hex: raw } : text(raw)
  return text(String(raw))
}

/** The value at `path` ("params.amountIn") in decoded args keyed by name. */
export function argAt(args: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = args
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}
