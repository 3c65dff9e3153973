/**
 * Normalized typed-data values as description fields: the domain (name, version, chain,
 * verifying contract, salt) and any struct as a tree following its declared types. Also the
 * deadline rule shared by the permit decoders: a date more than 30 days away, or none, is a
 * caution. Bounded like the ABI fields.
 */
import { type DecodeContext, t, warning } from '../context.ts'
import { chainLabel } from '../evm/chains.ts'
import { addressValue, dateValue, field, text } from '../format/fields.ts'
import type { Field, FieldValue, Warning } from '../types.ts'
import type { TypeField } from './normalizeTypedData.ts'

export type TypedDataSource = {
  readonly family: 'evm' | 'cfx'
  /** CAIP-2 namespace of the chain ids in this kind of typed data. */
  readonly namespace: 'eip155' | 'cfx'
  readonly domainType: 'EIP712Domain' | 'CIP23Domain'
  /** Display form of a 0x address on this chain family. */
  readonly address: (hex: string) => string
  /** The signing account the request names (ERC-7730 `@.from`). */
  readonly signer: string | undefined
}

const MAX_FIELDS = 512
const THIRTY_DAYS = 30n * 24n * 3600n

export function domainField(
  context: DecodeContext,
  source: TypedDataSource,
  chainId: string,
  domain: Readonly<Record<string, unknown>>,
): Field {
  const fields: Field[] = []
  if (typeof domain.name === 'string')
    fields.push(field(t(context, 'label.name'), text(domain.name)))
  if (typeof domain.version === 'string')
    fields.push(field(t(context, 'label.version'), text(domain.version)))
  if (typeof domain.chainId === 'bigint') {
    fields.push(
      field(t(context, 'label.chain'), text(chainLabel(`${source.namespace}:${domain.chainId}`))),
    )
  }
  if (typeof domain.verifyingContract === 'string') {
    fields.push(
      field(
        t(context, 'label.verifyingContract'),
        addressValue(context, chainId, source.address(domain.verifyingContract)),
      ),
    )
  }
  if (typeof domain.salt === 'string')
    fields.push(field(t(context, 'label.salt'), { kind: 'hex', hex: domain.salt }))
  return field(t(context, 'label.domainSection'), { kind: 'tree', fields })
}

/** The fields of `value`, a struct of type `type`, as a tree. */
export function structFields(
  context: DecodeContext,
  source: TypedDataSource,
  chainId: string,
  types: Readonly<Record<string, readonly TypeField[]>>,
  type: string,
  value: Readonly<Record<string, unknown>>,
): Field[] {
  const budget = { left: MAX_FIELDS }
  const render = (fieldType: string, raw: unknown): FieldValue => {
    if (--budget.left < 0) return text('…')
    const array = /^(.+)\[\d*\]$/.exec(fieldType)
    if (array !== null && Array.isArray(raw)) {
      return {
        kind: 'tree',
        fields: raw.map((item, i) => field(`${i}`, render(array[1] as string, item))),
      }
    }
    const struct = types[fieldType]
    if (struct !== undefined && typeof raw === 'object' && raw !== null) {
      const record = raw as Record<string, unknown>
      return {
        kind: 'tree',
        fields: struct.map((f) => field(f.name, render(f.type, record[f.name]))),
      }
    }
    if (fieldType === 'address' && typeof raw === 'string') {
      return addressValue(context, chainId, source.address(raw))
    }
    if (typeof raw === 'string' && fieldType.startsWith('bytes')) return { kind: 'hex', hex: raw }
    return text(String(raw))
  }
  return (types[type] ?? []).map((f) => field(f.name, render(f.type, value[f.name])))
}

/**
 * A deadline field, with a LongDeadline caution when it is more than 30 days away or never
 * (`never`: values that mean "no expiry", e.g. DAI's 0).
 */
export function deadline(
  context: DecodeContext,
  label: string,
  seconds: bigint,
  never = false,
): { readonly field: Field; readonly warning: Warning | undefined } {
  const date = never ? undefined : dateValue(seconds)
  if (date === undefined || date.kind !== 'date') {
    return {
      field: field(label, text(t(context, 'value.never'))),
      warning: warning(context, 'LongDeadline', 'caution', 'warning.neverExpires', { label }),
    }
  }
  const long = seconds - BigInt(context.nowSeconds) > THIRTY_DAYS
  return {
    field: field(label, date),
    warning: long
      ? warning(context, 'LongDeadline', 'caution', 'warning.longDeadline', {
          label,
          time: date.iso,
        })
      : undefined,
  }
}
