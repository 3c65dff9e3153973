/**
 * EIP-2612 `Permit(owner, spender, value, nonce, deadline)` and DAI's
 * `Permit(holder, spender, nonce, expiry, allowed)`: the token is the domain's verifying contract.
 * Unlimited amounts (and DAI's `allowed: true`, which is unlimited) are danger; a deadline more
 * than 30 days away, or DAI's `expiry: 0` (never), is a caution.
 */
import { maxUint256 } from 'viem'
import { type DecodeContext, t } from '../context.ts'
import { addressValue, displayAddress, field, text } from '../format/fields.ts'
import type { Warning } from '../types.ts'
import type { NormalizedTypedData } from './normalizeTypedData.ts'
import { type TypedDescription, tokenAmount, unlimitedWarning } from './permitCommon.ts'
import { deadline, type TypedDataSource } from './typedDataFields.ts'

export function describePermit(
  context: DecodeContext,
  source: TypedDataSource,
  chainId: string,
  data: NormalizedTypedData,
): TypedDescription | undefined {
  const m = data.message
  const contract = data.domain.verifyingContract
  if (data.primaryType !== 'Permit' || typeof contract !== 'string') return undefined
  const token = source.address(contract)
  const warnings: Warning[] = []
  const addr = (hex: string) => addressValue(context, chainId, source.address(hex))
  if (
    typeof m.owner === 'string' &&
    typeof m.spender === 'string' &&
    typeof m.value === 'bigint' &&
    typeof m.deadline === 'bigint'
  ) {
    const spender = source.address(m.spender)
    const amount = tokenAmount(context, chainId, token, m.value, warnings)
    const limit = deadline(context, t(context, 'label.deadline'), m.deadline)
    for (const w of [
      unlimitedWarning(context, chainId, m.value, spender, amount.symbol),
      limit.warning,
    ]) {
      if (w !== undefined) warnings.push(w)
    }
    return {
      kind: `${source.family}.permit`,
      intent: t(context, 'intent.approve', {
        spender: displayAddress(context, chainId, spender),
        amount: amount.formatted,
      }),
      fields: [
        field(t(context, 'label.spender'), addr(m.spender)),
        field(t(context, 'label.amount'), amount.value),
        limit.field,
        field(t(context, 'label.token'), addressValue(context, chainId, token)),
        field(t(context, 'label.owner'), addr(m.owner)),
        field(t(context, 'label.nonce'), text(String(m.nonce))),
      ],
      warnings,
    }
  }
  if (
    typeof m.holder === 'string' &&
    typeof m.spender === 'string' &&
    typeof m.allowed === 'boolean' &&
    typeof m.expiry === 'bigint'
  ) {
    const spender = source.address(m.spender)
    const amount = tokenAmount(context, chainId, token, m.allowed ? maxUint256 : 0n, warnings)
    const limit = deadline(context, t(context, 'label.deadline'), m.expiry, m.expiry === 0n)
    if (m.allowed) {
      for (const w of [
        unlimitedWarning(context, chainId, maxUint256, spender, amount.symbol),
        limit.warning,
      ]) {
        if (w !== undefined) warnings.push(w)
      }
    }
    const shown = displayAddress(context, chainId, spender)
    return {
      kind: `${source.family}.permit.dai`,
      intent: m.allowed
        ? t(context, 'intent.approve', { spender: shown, amount: amount.formatted })
        : t(context, 'intent.revokeAllowance', { spender: shown, symbol: amount.symbol }),
      fields: [
        field(t(context, 'label.spender'), addr(m.spender)),
        field(t(context, 'label.amount'), amount.value),
        limit.field,
        field(t(context, 'label.token'), addressValue(context, chainId, token)),
        field(t(context, 'label.owner'), addr(m.holder)),
        field(t(context, 'label.nonce'), text(String(m.nonce))),
      ],
      warnings,
    }
  }
  return undefined
}
