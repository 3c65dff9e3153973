/**
 * Builders for the field values of a description: addresses shortened for intent lines and named
 * from the registry, amounts in token units ("1.5 USDC", "Unlimited USDC"), dates as ISO 8601.
 * Pure formatting; no decoding or validation of requests happens here.
 */
import { formatUnits } from 'viem'
import type { DecodeContext } from '../context.ts'
import type { Field, FieldValue } from '../types.ts'

/** At or above this an allowance or amount is shown as unlimited (2^128 - 1: beyond any supply). */
export const UNLIMITED_THRESHOLD = 2n ** 128n - 1n

export function isUnlimited(amount: bigint): boolean {
  return amount >= UNLIMITED_THRESHOLD
}

/**
 * "0x1234…abcd": the first 6 and last 4 characters of a long address. A prefixed address
 * (Conflux base32, "cfx:aak2…6a2r") keeps its network prefix and shortens what follows it, so
 * the characters shown are the address's own, not the network's name.
 */
export function shortAddress(address: string): string {
  const colon = address.lastIndexOf(':')
  if (colon > 0 && colon < address.length - 1) {
    const body = address.slice(colon + 1)
    return `${address.slice(0, colon + 1)}${body.length <= 9 ? body : `${body.slice(0, 4)}…${body.slice(-4)}`}`
  }
  return address.length <= 13 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`
}

/** The address's known name, else its short form: what an intent line shows. */
export function displayAddress(context: DecodeContext, chainId: string, address: string): string {
  return context.addressName(chainId, address) ?? shortAddress(address)
}

export function addressValue(context: DecodeContext, chainId: string, address: string): FieldValue {
  const name = context.addressName(chainId, address)
  return name === undefined
    ? { kind: 'address', address, chainId }
    : { kind: 'address', address, name, chainId }
}

/** "1.5 USDC"; "Unlimited USDC" when `unlimited` is allowed and the amount is at the threshold. */
export function formatAmount(
  amount: bigint,
  decimals: number,
  symbol: string,
  options: { unlimited?: boolean; locale?: string } = {},
): string {
  if (options.unlimited === true && isUnlimited(amount)) {
    return options.locale === 'zh-CN' ? `无限 ${symbol}` : `Unlimited ${symbol}`
  }
  return `${groupDigits(formatUnits(amount, decimals))} ${symbol}`.trimEnd()
}

/** Thousands separators on the integer part ("1234567.5" → "1,234,567.5"). */
function groupDigits(decimal: string): string {
  const [whole = '0', fraction] = decimal.split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return fraction === undefined ? grouped : `${grouped}.${fraction}`
}

export function amountValue(
  context: DecodeContext,
  amount: bigint,
  decimals: number,
  symbol: string,
  unlimited = false,
): FieldValue {
  return {
    kind: 'amount',
    raw: amount.toString(),
    decimals,
    symbol,
    formatted: formatAmount(amount, decimals, symbol, { unlimited, locale: context.locale }),
  }
}

/** Largest second count a JavaScript Date holds (±8.64e15 ms). */
const MAX_DATE_SECONDS = 8_640_000_000_000n

/** A date value, or undefined when the timestamp is beyond what a calendar shows. */
export function dateValue(unixSeconds: bigint | number): FieldValue | undefined {
  const seconds = BigInt(unixSeconds)
  if (seconds < 0n || seconds > MAX_DATE_SECONDS) return undefined
  const n = Number(seconds)
  return { kind: 'date', unixSeconds: n, iso: new Date(n * 1000).toISOString() }
}

export function text(value: string): FieldValue {
  return { kind: 'text', text: value }
}

export function field(label: string, value: FieldValue): Field {
  return { label, value }
}
