/**
 * SPL Token and Token-2022 instructions (the programs' instruction enum, first data byte):
 * Transfer / TransferChecked / Approve / ApproveChecked with amount, mint and decimals where the
 * instruction carries them (u64 max approvals are danger), SetAuthority flagged, the rest named.
 */
import { type DecodeContext, t, warning } from '../context.ts'
import { amountValue, field, formatAmount } from '../format/fields.ts'
import type { Field, Warning } from '../types.ts'
import {
  type Accounts,
  type DecodedInstruction,
  hidden,
  type Instruction,
  short,
  u64,
} from './instruction.ts'

const TOKEN_NAMES = [
  'InitializeMint',
  'InitializeAccount',
  'InitializeMultisig',
  'Transfer',
  'Approve',
  'Revoke',
  'SetAuthority',
  'MintTo',
  'Burn',
  'CloseAccount',
  'FreezeAccount',
  'ThawAccount',
  'TransferChecked',
  'ApproveChecked',
  'MintToChecked',
  'BurnChecked',
  'InitializeAccount2',
  'SyncNative',
  'InitializeAccount3',
]

const U64_MAX = 2n ** 64n - 1n

/** The decoded instruction, or undefined when its first byte is no Token instruction. */
export function decodeTokenInstruction(
  context: DecodeContext,
  chainId: string,
  name: string,
  instruction: Instruction,
  accounts: Accounts,
): DecodedInstruction | undefined {
  const { data } = instruction
  const op = data[0] === undefined ? undefined : TOKEN_NAMES[data[0]]
  if (op === undefined) return undefined
  const base = {
    title: `${name}: ${op}`,
    kind: `solana.spl.${op}`,
    known: true,
    auxiliary: false,
  }
  const checked = op === 'TransferChecked' || op === 'ApproveChecked'
  if ((op === 'Transfer' || op === 'Approve') && data.length === 9) {
    return splAmount(
      context,
      chainId,
      base,
      op,
      u64(data, 1) as bigint,
      undefined,
      undefined,
      accounts,
    )
  }
  if (checked && data.length === 10) {
    const mint = instruction.accounts[1]
    return splAmount(
      context,
      chainId,
      base,
      op,
      u64(data, 1) as bigint,
      data[9] as number,
      mint,
      accounts,
    )
  }
  const warnings =
    op === 'SetAuthority'
      ? [
          warning(context, 'SetAuthority', 'danger', 'warning.setAuthority', {
            account: accounts.show(0),
          }),
        ]
      : []
  return {
    ...base,
    fields: instruction.accounts.map((_, i) => field(`#${i}`, accounts.value(i))),
    warnings,
  }
}

function splAmount(
  context: DecodeContext,
  chainId: string,
  base: { title: string; kind: string; known: boolean; auxiliary: boolean },
  op: string,
  amount: bigint,
  decimals: number | undefined,
  mint: string | undefined,
  accounts: Accounts,
): DecodedInstruction {
  const transfer = op.startsWith('Transfer')
  const checked = op.endsWith('Checked')
  const token = mint === undefined ? undefined : context.token(chainId, mint)
  const symbol = token?.symbol ?? (mint === undefined ? '' : short(mint))
  const places = decimals ?? 0
  const formatted = formatAmount(amount, places, symbol, {
    unlimited: !transfer,
    locale: context.locale,
  })
  const warnings: Warning[] = []
  if (decimals === undefined) warnings.push(warning(context, 'NoMint', 'caution', 'warning.noMint'))
  // Accounts: Transfer [source, dest, owner]; TransferChecked [source, mint, dest, owner];
  // Approve [source, delegate, owner]; ApproveChecked [source, mint, delegate, owner].
  const target = checked ? 2 : 1
  const owner = checked ? 3 : 2
  const targetValue = accounts.value(target)
  warnings.push(
    ...hidden(context, targetValue.kind === 'address' ? targetValue.address : undefined),
  )
  if (!transfer && amount === U64_MAX) {
    warnings.unshift(
      warning(context, 'UnlimitedAllowance', 'danger', 'warning.unlimitedAllowance', {
        spender: accounts.show(target),
        symbol: symbol || t(context, 'value.thisToken'),
      }),
    )
  }
  const fields: Field[] = [
    field(t(context, transfer ? 'label.toTokenAccount' : 'label.delegate'), accounts.value(target)),
    field(t(context, 'label.amount'), amountValue(context, amount, places, symbol, !transfer)),
    field(t(context, 'label.fromTokenAccount'), accounts.value(0)),
    field(t(context, 'label.owner'), accounts.value(owner)),
  ]
  if (checked) fields.splice(2, 0, field(t(context, 'label.mint'), accounts.value(1)))
  return {
    ...base,
    kind: transfer ? 'solana.spl.transfer' : 'solana.spl.approve',
    fields,
    warnings,
    intent: transfer
      ? t(context, 'intent.send', { amount: formatted, to: accounts.show(target) })
      : t(context, 'intent.approve', { spender: accounts.show(target), amount: formatted }),
  }
}
