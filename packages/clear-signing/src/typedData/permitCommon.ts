/**
 * What the permit decoders share: the result shape before the domain and chain are added, token
 * amounts from the list (unknown tokens in raw units with a caution), and the unlimited-amount
 * warning.
 */
import { type DecodeContext, warning } from '../context.ts'
import {
  amountValue,
  displayAddress,
  formatAmount,
  isUnlimited,
  shortAddress,
} from '../format/fields.ts'
import type { FieldValue, Warning } from '../types.ts'

export type TypedDescription = {
  readonly kind: string
  readonly intent: string
  readonly fields: readonly import('../types.ts').Field[]
  readonly warnings: readonly Warning[]
}

export function tokenAmount(
  context: DecodeContext,
  chainId: string,
  token: string,
  amount: bigint,
  warnings: Warning[],
): { readonly value: FieldValue; readonly formatted: string; readonly symbol: string } {
  const known = context.token(chainId, token)
  const decimals = known?.decimals ?? 0
  const symbol = known?.symbol ?? shortAddress(token)
  if (known === undefined && !warnings.some((w) => w.code === 'UnknownToken')) {
    warnings.push(warning(context, 'UnknownToken', 'caution', 'warning.unknownToken'))
  }
  return {
    value: amountValue(context, amount, decimals, symbol, true),
    formatted: formatAmount(amount, decimals, symbol, { unlimited: true, locale: context.locale }),
    symbol,
  }
}

export function unlimitedWarning(
  context: DecodeContext,
  chainId: string,
  amount: bigint,
  spender: string,
  symbol: string,
): Warning | undefined {
  return isUnlimited(amount)
    ? warning(context, 'UnlimitedAllowance', 'danger', 'warning.unlimitedAllowance', {
        spender: displayAddress(context, chainId, spender),
        symbol,
      })
    : undefined
}
