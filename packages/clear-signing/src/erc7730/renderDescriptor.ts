/**
 * Renders a matched ERC-7730 format: its fields in order (groups flattened with their paths,
 * `visible: never` and `ifNotIn` hidden, `mustMatch` enforced), the intent — `interpolatedIntent`
 * with each `{path}` replaced by its field's formatted value, falling back to `intent` when any
 * placeholder fails (ERC-7730 "Value interpolation") — and the warnings the formats raised.
 */
import { ClearSigningError } from '../ClearSigningError.ts'
import type { DecodeContext } from '../context.ts'
import { shortAddress } from '../format/fields.ts'
import type { Field, FieldValue, Warning } from '../types.ts'
import { translateLabel } from './labels.ts'
import type { DescriptorField, DescriptorFormat } from './loadDescriptor.ts'
import { renderValue } from './renderField.ts'
import { joinPath, resolvePath, type Subject } from './resolvePath.ts'

export type Rendered = {
  readonly intent: string | undefined
  readonly fields: readonly Field[]
  readonly warnings: readonly Warning[]
}

export function renderFormat(
  context: DecodeContext,
  chainId: string,
  subject: Subject,
  format: DescriptorFormat,
): Rendered {
  const scope = { context, chainId, subject, warnings: [] as Warning[] }
  const byPath = new Map<string, FieldValue>()
  const fields: Field[] = []
  const walk = (list: readonly DescriptorField[], base: string) => {
    for (const field of list) {
      const path = field.path === undefined ? base : joinPath(base, field.path)
      if (field.fields !== undefined) {
        walk(field.fields, path)
        continue
      }
      const raw = field.path === undefined ? field.value : resolvePath(subject, path)
      if (raw === undefined) {
        throw new ClearSigningError(
          'DescriptorMismatch',
          `ERC-7730 descriptor: the path "${path.slice(0, 64)}" is not in the data.`,
        )
      }
      if (!visible(field, raw)) continue
      const value = renderValue(scope, field, raw)
      byPath.set(field.path ?? '', value)
      byPath.set(path, value)
      fields.push({ label: translateLabel(context.locale, field.label), value })
    }
  }
  walk(format.fields, '')
  return { intent: interpolate(context, format, byPath), fields, warnings: scope.warnings }
}

function visible(field: DescriptorField, raw: unknown): boolean {
  const rule = field.visible
  if (rule === 'never') return false
  if (typeof rule === 'object' && rule !== null) {
    const { ifNotIn, mustMatch } = rule as { ifNotIn?: unknown; mustMatch?: unknown }
    const same = (list: unknown) =>
      Array.isArray(list) && list.some((v) => String(v).toLowerCase() === String(raw).toLowerCase())
    if (mustMatch !== undefined) {
      if (!same(mustMatch)) {
        throw new ClearSigningError(
          'DescriptorMismatch',
          `ERC-7730 descriptor: "${field.label}" is not one of the values it must match.`,
        )
      }
      return false
    }
    if (ifNotIn !== undefined && same(ifNotIn)) return false
  }
  return true
}

function show(value: FieldValue): string | undefined {
  switch (value.kind) {
    case 'text':
      return value.text
    case 'amount':
      return value.formatted
    case 'address':
      return value.name ?? shortAddress(value.address)
    case 'date':
      return value.iso
    case 'hex':
      return value.hex
    default:
      return undefined
  }
}

function interpolate(
  context: DecodeContext,
  format: DescriptorFormat,
  byPath: ReadonlyMap<string, FieldValue>,
): string | undefined {
  const intent =
    format.intent === undefined ? undefined : translateLabel(context.locale, format.intent)
  // Interpolated sentences are in the descriptor's language: used for English only.
  if (format.interpolatedIntent === undefined || context.locale !== 'en') return intent
  let failed = false
  const text = format.interpolatedIntent.replace(
    /\{\{|\}\}|\{([^{}]*)\}/g,
    (whole, path: string | undefined) => {
      if (whole === '{{') return '{'
      if (whole === '}}') return '}'
      const value = byPath.get(path ?? '')
      const shown = value === undefined ? undefined : show(value)
      if (shown === undefined) failed = true
      return shown ?? ''
    },
  )
  return failed ? intent : text
}
