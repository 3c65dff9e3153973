/**
 * What every decoder is handed besides the params: locale, session chain, dapp origin, the clock
 * and the token and address-name registries. Built once per request by `describeRequest`, so a
 * decoder never reads globals (the clock comes from `options.now`, default `Date.now()`).
 */
import type { Erc7730Descriptor } from './erc7730/loadDescriptor.ts'
import { type MessageKey, message } from './i18n/messages.ts'
import type { Locale, Severity, Warning } from './types.ts'

export type TokenLookup = {
  readonly symbol: string
  readonly decimals: number
  readonly name?: string
}

export type DecodeContext = {
  readonly locale: Locale
  /** CAIP-2 of the session. */
  readonly chainId: string
  readonly origin: string | undefined
  /** Now, in whole seconds since the epoch. */
  readonly nowSeconds: number
  /** The token at `address` on the CAIP-2 chain, if known (address compared case-insensitively for EVM). */
  readonly token: (chainId: string, address: string) => TokenLookup | undefined
  /** A human name for `address` on the chain, if known. */
  readonly addressName: (chainId: string, address: string) => string | undefined
  /** ERC-7730 descriptors supplied by the caller, loaded and validated. */
  readonly descriptors: readonly Erc7730Descriptor[]
  /** True in describeWithDescriptor: the caller's descriptor must apply, or DescriptorMismatch. */
  readonly requireDescriptor: boolean
}

/** The text of `key` in the request's locale. */
export function t(
  context: DecodeContext,
  key: MessageKey,
  values?: Readonly<Record<string, string | number>>,
): string {
  return message(context.locale, key, values)
}

export function warning(
  context: DecodeContext,
  code: string,
  severity: Severity,
  key: MessageKey,
  values?: Readonly<Record<string, string | number>>,
): Warning {
  return { code, severity, message: t(context, key, values) }
}

const RANK: Record<Severity, number> = { danger: 0, caution: 1, info: 2 }

/** Warnings most severe first, keeping the decoder's order within one severity. */
export function sortWarnings(warnings: readonly Warning[]): readonly Warning[] {
  return warnings
    .map((w, index) => ({ w, index }))
    .sort((a, b) => RANK[a.w.severity] - RANK[b.w.severity] || a.index - b.index)
    .map(({ w }) => w)
}
