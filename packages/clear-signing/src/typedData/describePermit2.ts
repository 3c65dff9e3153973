/**
 * Uniswap Permit2 signatures (domain "Permit2" at 0x000000000022D473030F116dDEE9F6B43aC78BA3):
 * `PermitSingle` / `PermitBatch` (allowances with an expiration) and `PermitTransferFrom` /
 * `PermitBatchTransferFrom` (one-time transfers, witness variants included). Each token amount,
 * the spender, the allowance expiration and the signature deadline are shown; unlimited amounts
 * are danger, dates more than 30 days away a caution.
 */
import { type DecodeContext, t } from '../context.ts'
import { addressValue, displayAddress, field, text } from '../format/fields.ts'
import type { Field, Warning } from '../types.ts'
import type { NormalizedTypedData } from './normalizeTypedData.ts'
import { type TypedDescription, tokenAmount, unlimitedWarning } from './permitCommon.ts'
import { deadline, structFields, type TypedDataSource } from './typedDataFields.ts'

export const PERMIT2_ADDRESS = '0x000000000022D473030F116dDEE9F6B43aC78BA3'

type Entry = {
  readonly token: string
  readonly amount: bigint
  readonly expiration?: bigint
  readonly nonce?: bigint
}

function entries(value: unknown): Entry[] | undefined {
  const list = Array.isArray(value) ? value : [value]
  const out: Entry[] = []
  for (const item of list) {
    if (typeof item !== 'object' || item === null) return undefined
    const { token, amount, expiration, nonce } = item as Record<string, unknown>
    if (typeof token !== 'string' || typeof amount !== 'bigint') return undefined
    out.push({
      token,
      amount,
      ...(typeof expiration === 'bigint' ? { expiration } : {}),
      ...(typeof nonce === 'bigint' ? { nonce } : {}),
    })
  }
  return out
}

export function describePermit2(
  context: DecodeContext,
  source: TypedDataSource,
  chainId: string,
  data: NormalizedTypedData,
): TypedDescription | undefined {
  const { domain, message: m, primaryType } = data
  if (
    domain.name !== 'Permit2' ||
    typeof domain.verifyingContract !== 'string' ||
    domain.verifyingContract.toLowerCase() !== PERMIT2_ADDRESS.toLowerCase() ||
    typeof m.spender !== 'string'
  ) {
    return undefined
  }
  const allowance = primaryType === 'PermitSingle' || primaryType === 'PermitBatch'
  const transfer = /^Permit(Batch)?(Witness)?TransferFrom$/.test(primaryType)
  if (!allowance && !transfer) return undefined
  const list = entries(allowance ? m.details : m.permitted)
  const signatureDeadline = allowance ? m.sigDeadline : m.deadline
  if (list === undefined || typeof signatureDeadline !== 'bigint') return undefined
  const spender = source.address(m.spender)
  const warnings: Warning[] = []
  const tokenFields: Field[] = []
  const amounts: string[] = []
  for (const entry of list) {
    const token = source.address(entry.token)
    const amount = tokenAmount(context, chainId, token, entry.amount, warnings)
    amounts.push(amount.formatted)
    const unlimited = unlimitedWarning(context, chainId, entry.amount, spender, amount.symbol)
    if (unlimited !== undefined) warnings.push(unlimited)
    const fields: Field[] = [
      field(t(context, 'label.token'), addressValue(context, chainId, token)),
      field(t(context, 'label.amount'), amount.value),
    ]
    if (entry.expiration !== undefined) {
      const expiry = deadline(
        context,
        t(context, 'label.expiration'),
        entry.expiration,
        entry.expiration === 0n,
      )
      fields.push(expiry.field)
      if (expiry.warning !== undefined) warnings.push(expiry.warning)
    }
    if (entry.nonce !== undefined)
      fields.push(field(t(context, 'label.nonce'), text(entry.nonce.toString())))
    tokenFields.push(field(amount.symbol, { kind: 'tree', fields }))
  }
  const signature = deadline(context, t(context, 'label.signatureDeadline'), signatureDeadline)
  if (signature.warning !== undefined) warnings.push(signature.warning)
  const batch = list.length !== 1 || primaryType.includes('Batch')
  const shown = displayAddress(context, chainId, spender)
  const fields: Field[] = [
    field(t(context, 'label.spender'), addressValue(context, chainId, spender)),
    ...(batch
      ? [field(t(context, 'label.tokens'), { kind: 'tree' as const, fields: tokenFields })]
      : ((tokenFields[0]?.value.kind === 'tree' ? tokenFields[0].value.fields : []) as Field[])),
    signature.field,
  ]
  if (transfer && typeof m.nonce === 'bigint')
    fields.push(field(t(context, 'label.nonce'), text(m.nonce.toString())))
  if (primaryType.includes('Witness') && typeof m.witness === 'object' && m.witness !== null) {
    const witnessType =
      (data.types[primaryType] ?? []).find((f) => f.name === 'witness')?.type ?? ''
    fields.push(
      field(t(context, 'label.witness'), {
        kind: 'tree',
        fields: structFields(
          context,
          source,
          chainId,
          data.types,
          witnessType,
          m.witness as Record<string, unknown>,
        ),
      }),
    )
  }
  const kind = allowance
    ? primaryType === 'PermitBatch'
      ? 'batch'
      : 'single'
    : batch
      ? 'batchTransferFrom'
      : 'transferFrom'
  return {
    kind: `${source.family}.permit2.${kind}`,
    intent: t(context, allowance ? 'intent.approve' : 'intent.permitTransfer', {
      spender: shown,
      amount: amounts.join(', '),
    }),
    fields,
    warnings,
  }
}
