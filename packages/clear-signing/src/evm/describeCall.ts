/**
 * One EVM-style call (EVM chains and Conflux Core share the ABI): contract creation, a native
 * transfer, a call described by the caller's ERC-7730 descriptors, a token-standard call, one of
 * our shipped descriptors, a token-standard call, a known function with its
 * arguments, or — last — an unknown selector shown raw with the blind-signing warning.
 */
import { decodeAbiParameters } from 'viem'
import { type DecodeContext, t, warning } from '../context.ts'
import { shippedDescriptors } from '../descriptors/shippedDescriptors.ts'
import { describeCallByDescriptor } from '../erc7730/matchDescriptor.ts'
import {
  addressValue,
  amountValue,
  displayAddress,
  field,
  formatAmount,
  isUnlimited,
  text,
} from '../format/fields.ts'
import type { Field, Warning } from '../types.ts'
import { argAt, argsFields } from './abiFields.ts'
import type { Call, CallDescription } from './call.ts'
import { chainInfo } from './chains.ts'
import { describeTokenCall } from './describeTokenCall.ts'
import { KNOWN_FUNCTIONS } from './knownAbis.ts'

/** transferFrom(address,address,uint256) and approve(address,uint256). */
const AMBIGUOUS_SELECTORS = new Set(['0x23b872dd', '0x095ea7b3'])

export function describeCall(context: DecodeContext, call: Call): CallDescription {
  if (context.requireDescriptor) {
    const described = describeCallByDescriptor(context, call, context.descriptors, true)
    return withBuiltInWarnings(described as CallDescription, describeTokenCall(context, call))
  }
  const native = chainInfo(call.chainId)
  const family = call.family
  if (call.to === undefined) {
    return {
      kind: `${family}.deploy`,
      intent: t(context, 'intent.deploy'),
      fields: [
        field(
          t(context, 'label.code'),
          text(t(context, 'value.bytes', { count: (call.data.length - 2) / 2 })),
        ),
      ],
      warnings: [warning(context, 'ContractCreation', 'caution', 'warning.contractCreation')],
      blind: false,
    }
  }
  const to = call.address(call.to)
  if (call.data === '0x') {
    return {
      kind: `${family}.transfer`,
      intent: t(context, 'intent.send', {
        amount: formatAmount(call.value, native.decimals, native.symbol, {}),
        to: displayAddress(context, call.chainId, to),
      }),
      fields: [
        field(t(context, 'label.to'), addressValue(context, call.chainId, to)),
        field(
          t(context, 'label.amount'),
          amountValue(context, call.value, native.decimals, native.symbol),
        ),
      ],
      warnings: [],
      blind: false,
    }
  }
  // The caller's descriptors first, then the token standards, then our shipped descriptors.
  const token = describeTokenCall(context, call)
  // transferFrom and approve have one selector in ERC-20 and ERC-721: for a token not in the list,
  // a descriptor that knows the contract (e.g. an NFT collection) speaks first.
  const ambiguous =
    token !== undefined &&
    AMBIGUOUS_SELECTORS.has(call.data.slice(0, 10)) &&
    token.warnings.some((w) => w.code === 'UnknownToken')
  const described =
    describeCallByDescriptor(context, call, context.descriptors, false) ??
    (ambiguous ? undefined : token) ??
    describeCallByDescriptor(context, call, shippedDescriptors(), false) ??
    token
  if (described !== undefined) return withBuiltInWarnings(described, token)
  return describeKnownCall(context, call, to) ?? describeUnknownCall(context, call, to)
}

/**
 * A descriptor decides the wording, never the safety checks: the token-standard decoder's
 * warnings (unlimited allowance, approval for all) are kept on a descriptor-described call.
 */
export function withBuiltInWarnings<T extends { readonly warnings: readonly Warning[] }>(
  described: T,
  builtIn: { readonly warnings: readonly Warning[] } | undefined,
): T {
  if (builtIn === undefined || builtIn === (described as unknown)) return described
  const codes = new Set(described.warnings.map((w) => w.code))
  const extra = builtIn.warnings.filter(
    (w) =>
      !codes.has(w.code) &&
      w.code !== 'UnknownToken' &&
      !(w.code === 'UnlimitedAllowance' && codes.has('UnlimitedAmount')),
  )
  return { ...described, warnings: [...extra, ...described.warnings] }
}

function describeKnownCall(
  context: DecodeContext,
  call: Call,
  to: string,
): CallDescription | undefined {
  const known = KNOWN_FUNCTIONS.get(call.data.slice(0, 10).toLowerCase())
  if (known === undefined) return undefined
  let values: readonly unknown[]
  try {
    values = decodeAbiParameters(known.abi.inputs, `0x${call.data.slice(10)}`)
  } catch {
    return undefined
  }
  const named: Record<string, unknown> = { value: call.value }
  known.abi.inputs.forEach((input, i) => {
    named[input.name ?? `${i}`] = values[i]
  })
  const amounts = known.amounts?.(named) ?? {}
  const args = { context, chainId: call.chainId, address: call.address, amounts }
  const signature = `${known.abi.name}(${known.abi.inputs.map((i) => i.type).join(',')})`
  const fields: Field[] = [
    field(t(context, 'label.contract'), addressValue(context, call.chainId, to)),
    field(t(context, 'label.function'), text(signature)),
    ...argsFields(args, known.abi.inputs, values),
  ]
  const warnings: Warning[] = []
  const contract = displayAddress(context, call.chainId, to)
  for (const path of known.unlimited ?? []) {
    const amount = argAt(named, path)
    if (typeof amount === 'bigint' && isUnlimited(amount)) {
      const tokenAddress = amounts[path]
      const symbol =
        typeof tokenAddress === 'string'
          ? (context.token(call.chainId, call.address(tokenAddress))?.symbol ??
            call.address(tokenAddress))
          : '?'
      const spender = argAt(named, known.spender ?? '')
      warnings.push(
        warning(context, 'UnlimitedAllowance', 'danger', 'warning.unlimitedAllowance', {
          spender:
            typeof spender === 'string'
              ? displayAddress(context, call.chainId, call.address(spender))
              : '?',
          symbol,
        }),
      )
    }
  }
  const swap =
    known.swap === undefined ? undefined : swapIntent(context, call, named, amounts, known.swap)
  return {
    kind: `${call.family}.call`,
    intent: swap ?? t(context, 'intent.call', { fn: known.abi.name, contract }),
    fields,
    warnings,
    blind: false,
  }
}

/** "Swap 1,000 USDC for at least 0.25 WETH", when both amounts' tokens are known. */
function swapIntent(
  context: DecodeContext,
  call: Call,
  named: Readonly<Record<string, unknown>>,
  amounts: Readonly<Record<string, unknown>>,
  swap: { readonly sell: string; readonly buy: string },
): string | undefined {
  const format = (path: string): string | undefined => {
    const amount = argAt(named, path)
    if (typeof amount !== 'bigint') return undefined
    if (path === 'value') {
      const native = chainInfo(call.chainId)
      return formatAmount(amount, native.decimals, native.symbol)
    }
    const tokenAddress = amounts[path]
    if (typeof tokenAddress !== 'string') return undefined
    const token = context.token(call.chainId, call.address(tokenAddress))
    return token === undefined ? undefined : formatAmount(amount, token.decimals, token.symbol)
  }
  const sell = format(swap.sell)
  const buy = format(swap.buy)
  return sell === undefined || buy === undefined
    ? undefined
    : t(context, 'intent.swap', { sell, buy })
}

function describeUnknownCall(context: DecodeContext, call: Call, to: string): CallDescription {
  const contract = displayAddress(context, call.chainId, to)
  return {
    kind: `${call.family}.unknown`,
    intent: t(context, 'intent.unknownCall', { contract }),
    fields: [
      field(t(context, 'label.contract'), addressValue(context, call.chainId, to)),
      field(t(context, 'label.data'), { kind: 'hex', hex: call.data }),
    ],
    warnings: [warning(context, 'BlindSigning', 'danger', 'warning.blindCall')],
    blind: true,
  }
}
