/**
 * One ERC-7730 field value formatted for a description: `raw`, `amount` (native currency),
 * `tokenAmount` (decimals and ticker from the token list, the descriptor's `metadata.token`, or
 * native via `nativeCurrencyAddress`; `threshold`/`message` for "Unlimited" with a danger
 * warning), `addressName`, `date` (timestamp; block heights shown as such), `enum`, `unit`,
 * `duration`, `tokenTicker`, `chainId`, `nftName`. Arrays are formatted element by element.
 */
import { formatUnits, getAddress, isAddress } from 'viem'
import { type DecodeContext, warning } from '../context.ts'
import { chainInfo, chainLabel } from '../evm/chains.ts'
import { addressValue, amountValue, dateValue, shortAddress, text } from '../format/fields.ts'
import type { FieldValue, Warning } from '../types.ts'
import type { DescriptorField } from './loadDescriptor.ts'
import { resolvePath, type Subject } from './resolvePath.ts'

export type RenderScope = {
  readonly context: DecodeContext
  readonly chainId: string
  readonly subject: Subject
  readonly warnings: Warning[]
}

/** A parameter: a constant, or a `$.`/`@.`/`#.` path when it is a string starting with a root. */
function param(scope: RenderScope, field: DescriptorField, name: string): unknown {
  const byPath = field.params[`${name}Path`]
  if (typeof byPath === 'string') return resolvePath(scope.subject, byPath)
  const value = field.params[name]
  if (typeof value === 'string' && /^[$@#]\./.test(value)) return resolvePath(scope.subject, value)
  return value
}

function bigintOf(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && /^(?:0x[0-9a-fA-F]{1,64}|\d{1,78})$/.test(value))
    return BigInt(value)
  return undefined
}

function sameAddress(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase()
}

export function renderValue(scope: RenderScope, field: DescriptorField, raw: unknown): FieldValue {
  if (Array.isArray(raw) && field.format !== 'raw') {
    return {
      kind: 'tree',
      fields: raw
        .slice(0, 64)
        .map((item, i) => ({ label: `${i}`, value: renderValue(scope, field, item) })),
    }
  }
  const { context, chainId } = scope
  const n = bigintOf(raw)
  switch (field.format) {
    case 'amount': {
      const native = chainInfo(chainId)
      if (n !== undefined) return amountValue(context, n, native.decimals, native.symbol)
      break
    }
    case 'tokenAmount':
      if (n !== undefined) return tokenAmount(scope, field, n)
      break
    case 'addressName':
    case 'tokenTicker':
      if (typeof raw === 'string' && isAddress(raw, { strict: false })) {
        const address = getAddress(raw)
        if (field.format === 'tokenTicker') {
          const token = context.token(chainId, address)
          if (token !== undefined) return text(token.symbol)
        }
        if (
          sameAddress(address, scope.subject.container.to) &&
          typeof scope.subject.descriptor.metadata === 'object'
        ) {
          const owner = (scope.subject.descriptor.metadata as Record<string, unknown>).owner
          const name =
            context.addressName(chainId, address) ?? (typeof owner === 'string' ? owner : undefined)
          return name === undefined
            ? { kind: 'address', address, chainId }
            : { kind: 'address', address, name, chainId }
        }
        return addressValue(context, chainId, address)
      }
      break
    case 'date':
      if (n !== undefined) {
        if (field.params.encoding === 'blockheight') return text(`block ${n}`)
        return dateValue(n) ?? text(n.toString())
      }
      break
    case 'enum': {
      const ref = field.params.$ref
      const table = typeof ref === 'string' ? resolvePath(scope.subject, ref) : undefined
      const label =
        typeof table === 'object' && table !== null
          ? (table as Record<string, unknown>)[String(raw)]
          : undefined
      if (typeof label === 'string') return text(label)
      break
    }
    case 'unit':
      if (n !== undefined) {
        const decimals = typeof field.params.decimals === 'number' ? field.params.decimals : 0
        const base = typeof field.params.base === 'string' ? field.params.base : ''
        return text(`${formatUnits(n, Math.max(0, Math.min(77, decimals)))}${base}`)
      }
      break
    case 'duration':
      if (n !== undefined) {
        const pad = (v: bigint) => v.toString().padStart(2, '0')
        return text(`${pad(n / 3600n)}:${pad((n / 60n) % 60n)}:${pad(n % 60n)}`)
      }
      break
    case 'chainId':
      if (n !== undefined) return text(chainLabel(`eip155:${n}`))
      break
    case 'nftName':
      if (n !== undefined) return text(`#${n}`)
      break
  }
  return rawValue(chainId, raw)
}

function tokenAmount(scope: RenderScope, field: DescriptorField, amount: bigint): FieldValue {
  const { context, chainId } = scope
  const token = param(scope, field, 'token') ?? param(scope, field, 'tokenPath')
  const natives = field.params.nativeCurrencyAddress
  const nativeList = Array.isArray(natives) ? natives : natives === undefined ? [] : [natives]
  const threshold = bigintOf(param(scope, field, 'threshold'))
  const unlimited = threshold !== undefined && amount >= threshold
  let decimals: number | undefined
  let symbol: string | undefined
  if (typeof token === 'string' && nativeList.some((a) => sameAddress(a, token))) {
    ;({ decimals, symbol } = chainInfo(chainId))
  } else if (typeof token === 'string' && isAddress(token, { strict: false })) {
    const known = context.token(chainId, token)
    const meta = (scope.subject.descriptor.metadata as Record<string, unknown> | undefined)
      ?.token as { ticker?: unknown; decimals?: unknown } | undefined
    if (known !== undefined) ({ decimals, symbol } = known)
    else if (
      sameAddress(token, scope.subject.container.to) &&
      typeof meta?.ticker === 'string' &&
      typeof meta.decimals === 'number'
    ) {
      decimals = meta.decimals
      symbol = meta.ticker
    }
  }
  if (decimals === undefined || symbol === undefined) {
    decimals = 0
    symbol = typeof token === 'string' ? shortAddress(token) : ''
    if (!scope.warnings.some((w) => w.code === 'UnknownToken')) {
      scope.warnings.push(warning(context, 'UnknownToken', 'caution', 'warning.unknownToken'))
    }
  }
  const value = amountValue(context, amount, decimals, symbol)
  if (!unlimited || value.kind !== 'amount') return value
  const message = typeof field.params.message === 'string' ? field.params.message : 'Unlimited'
  scope.warnings.push(
    warning(context, 'UnlimitedAmount', 'danger', 'warning.unlimitedAmount', {
      label: field.label,
      symbol,
    }),
  )
  return { ...value, formatted: `${message} ${symbol}`.trim() }
}

function rawValue(chainId: string, raw: unknown): FieldValue {
  if (typeof raw === 'string' && isAddress(raw, { strict: false }))
    return { kind: 'address', address: getAddress(raw), chainId }
  if (typeof raw === 'string' && /^0x[0-9a-fA-F]*$/.test(raw)) return { kind: 'hex', hex: raw }
  if (Array.isArray(raw))
    return {
      kind: 'tree',
      fields: raw
        .slice(0, 64)
        .map((item, i) => ({ label: `${i}`, value: rawValue(chainId, item) })),
    }
  if (typeof raw === 'object' && raw !== null) {
    return {
      kind: 'tree',
      fields: Object.entries(raw)
        .slice(0, 64)
        .map(([label, item]) => ({ label, value: rawValue(chainId, item) })),
    }
  }
  return text(String(raw))
}
