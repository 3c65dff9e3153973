/**
 * The Solana programs the signer reads: System (transfers, account creation, `Assign` flagged as
 * danger), SPL Token and Token-2022 (transfer, transferChecked, approve, approveChecked with the
 * unlimited warning, revoke, close, `SetAuthority` flagged), Associated Token Account and Compute
 * Budget. Instruction layouts from the programs' published instruction enums; anything else is
 * returned as unknown so the transaction is marked blind.
 */
import { base58 } from '@scure/base'
import { type DecodeContext, t, warning } from '../context.ts'
import { amountValue, field, formatAmount, text } from '../format/fields.ts'
import type { Field, FieldValue, Warning } from '../types.ts'

export const SYSTEM_PROGRAM = '11111111111111111111111111111111'
export const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA'
export const TOKEN_2022_PROGRAM = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb'
export const ATA_PROGRAM = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL'
export const COMPUTE_BUDGET_PROGRAM = 'ComputeBudget111111111111111111111111111111'

export const PROGRAM_NAMES: Readonly<Record<string, string>> = {
  [SYSTEM_PROGRAM]: 'System Program',
  [TOKEN_PROGRAM]: 'Token Program',
  [TOKEN_2022_PROGRAM]: 'Token-2022 Program',
  [ATA_PROGRAM]: 'Associated Token Account Program',
  [COMPUTE_BUDGET_PROGRAM]: 'Compute Budget Program',
}

const SYSTEM_NAMES = [
  'CreateAccount',
  'Assign',
  'Transfer',
  'CreateAccountWithSeed',
  'AdvanceNonceAccount',
  'WithdrawNonceAccount',
  'InitializeNonceAccount',
  'AuthorizeNonceAccount',
  'Allocate',
  'AllocateWithSeed',
  'AssignWithSeed',
  'TransferWithSeed',
  'UpgradeNonceAccount',
]
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

export type Instruction = {
  readonly programId: string
  /** The instruction's account addresses; undefined for one loaded from a lookup table. */
  readonly accounts: readonly (string | undefined)[]
  readonly data: Uint8Array
}

export type DecodedInstruction = {
  /** "System Program: Transfer", or the program id for an unknown program. */
  readonly title: string
  readonly kind: string
  readonly known: boolean
  /** True for bookkeeping (compute budget, token-account creation): not what the user "does". */
  readonly auxiliary: boolean
  readonly fields: readonly Field[]
  readonly warnings: readonly Warning[]
  /** Set for transfers and approvals: the intent line of a single-action transaction. */
  readonly intent?: string
  /** Compute budget values, for the fee. */
  readonly computeUnitLimit?: number
  readonly microLamportsPerUnit?: bigint
}

function u64(data: Uint8Array, offset: number): bigint | undefined {
  if (data.length < offset + 8) return undefined
  return new DataView(data.buffer, data.byteOffset + offset, 8).getBigUint64(0, true)
}

function u32(data: Uint8Array, offset: number): number | undefined {
  if (data.length < offset + 4) return undefined
  return new DataView(data.buffer, data.byteOffset + offset, 4).getUint32(0, true)
}

export function decodeInstruction(
  context: DecodeContext,
  chainId: string,
  instruction: Instruction,
): DecodedInstruction {
  const { programId, accounts, data } = instruction
  const account = (i: number): FieldValue => {
    const address = accounts[i]
    return address === undefined
      ? text(t(context, 'value.lookupAccount'))
      : { kind: 'address', address, chainId, ...nameOf(context, chainId, address) }
  }
  const show = (i: number) => {
    const value = account(i)
    return value.kind === 'address'
      ? (value.name ?? short(value.address))
      : t(context, 'value.lookupAccount')
  }
  const name = PROGRAM_NAMES[programId]
  const unknown = (): DecodedInstruction => ({
    title: name ?? programId,
    kind: 'solana.unknown',
    known: false,
    auxiliary: false,
    fields: [
      field(t(context, 'label.program'), { kind: 'address', address: programId, chainId }),
      field(t(context, 'label.data'), { kind: 'hex', hex: hex(data) }),
    ],
    warnings: [
      warning(context, 'UnknownInstruction', 'caution', 'warning.unknownInstruction', {
        program: name ?? short(programId),
      }),
    ],
  })
  const sol = (lamports: bigint) => amountValue(context, lamports, 9, 'SOL')
  if (programId === SYSTEM_PROGRAM) {
    const index = u32(data, 0)
    const op = index === undefined ? undefined : SYSTEM_NAMES[index]
    if (op === undefined) return unknown()
    const base = {
      title: `${name}: ${op}`,
      kind: `solana.system.${op}`,
      known: true,
      auxiliary: false,
    }
    if (op === 'Transfer' && data.length === 12) {
      const lamports = u64(data, 4) as bigint
      return {
        ...base,
        kind: 'solana.transfer',
        fields: [
          field(t(context, 'label.from'), account(0)),
          field(t(context, 'label.to'), account(1)),
          field(t(context, 'label.amount'), sol(lamports)),
        ],
        warnings: [],
        intent: t(context, 'intent.send', {
          amount: formatAmount(lamports, 9, 'SOL'),
          to: show(1),
        }),
      }
    }
    if (op === 'CreateAccount' && data.length === 52) {
      return {
        ...base,
        fields: [
          field(t(context, 'label.from'), account(0)),
          field(t(context, 'label.newAccount'), account(1)),
          field(t(context, 'label.amount'), sol(u64(data, 4) as bigint)),
          field(t(context, 'label.owner'), {
            kind: 'address',
            address: base58.encode(data.subarray(20, 52)),
            chainId,
          }),
        ],
        warnings: [],
      }
    }
    const warnings =
      op === 'Assign' || op === 'AssignWithSeed'
        ? [
            warning(context, 'AssignAccount', 'danger', 'warning.assignAccount', {
              account: show(0),
            }),
          ]
        : []
    return { ...base, fields: accounts.map((_, i) => field(`#${i}`, account(i))), warnings }
  }
  if (programId === TOKEN_PROGRAM || programId === TOKEN_2022_PROGRAM) {
    const op = data[0] === undefined ? undefined : TOKEN_NAMES[data[0]]
    if (op === undefined) return unknown()
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
        account,
        show,
      )
    }
    if (checked && data.length === 10) {
      const mint = accounts[1]
      return splAmount(
        context,
        chainId,
        base,
        op,
        u64(data, 1) as bigint,
        data[9] as number,
        mint,
        account,
        show,
      )
    }
    const warnings =
      op === 'SetAuthority'
        ? [warning(context, 'SetAuthority', 'danger', 'warning.setAuthority', { account: show(0) })]
        : []
    return { ...base, fields: accounts.map((_, i) => field(`#${i}`, account(i))), warnings }
  }
  if (programId === ATA_PROGRAM && data.length <= 1 && (data[0] ?? 0) <= 1) {
    return {
      title: `${name}: ${data[0] === 1 ? 'CreateIdempotent' : 'Create'}`,
      kind: 'solana.ata.create',
      known: true,
      auxiliary: true,
      fields: [
        field(t(context, 'label.owner'), account(2)),
        field(t(context, 'label.mint'), account(3)),
        field(t(context, 'label.tokenAccount'), account(1)),
      ],
      warnings: [],
    }
  }
  if (programId === COMPUTE_BUDGET_PROGRAM) {
    if (data[0] === 2 && data.length === 5) {
      const limit = u32(data, 1) as number
      return {
        title: `${name}: SetComputeUnitLimit`,
        kind: 'solana.computeBudget',
        known: true,
        auxiliary: true,
        fields: [field(t(context, 'label.computeUnits'), text(String(limit)))],
        warnings: [],
        computeUnitLimit: limit,
      }
    }
    if (data[0] === 3 && data.length === 9) {
      const price = u64(data, 1) as bigint
      return {
        title: `${name}: SetComputeUnitPrice`,
        kind: 'solana.computeBudget',
        known: true,
        auxiliary: true,
        fields: [field(t(context, 'label.computeUnitPrice'), text(`${price} µlamports`))],
        warnings: [],
        microLamportsPerUnit: price,
      }
    }
  }
  return unknown()
}

function splAmount(
  context: DecodeContext,
  chainId: string,
  base: { title: string; kind: string; known: boolean; auxiliary: boolean },
  op: string,
  amount: bigint,
  decimals: number | undefined,
  mint: string | undefined,
  account: (i: number) => FieldValue,
  show: (i: number) => string,
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
  if (!transfer && amount === U64_MAX) {
    warnings.unshift(
      warning(context, 'UnlimitedAllowance', 'danger', 'warning.unlimitedAllowance', {
        spender: show(target),
        symbol: symbol || t(context, 'value.thisToken'),
      }),
    )
  }
  const fields: Field[] = [
    field(t(context, transfer ? 'label.toTokenAccount' : 'label.delegate'), account(target)),
    field(t(context, 'label.amount'), amountValue(context, amount, places, symbol, !transfer)),
    field(t(context, 'label.fromTokenAccount'), account(0)),
    field(t(context, 'label.owner'), account(owner)),
  ]
  if (checked) fields.splice(2, 0, field(t(context, 'label.mint'), account(1)))
  return {
    ...base,
    kind: transfer ? 'solana.spl.transfer' : 'solana.spl.approve',
    fields,
    warnings,
    intent: transfer
      ? t(context, 'intent.send', { amount: formatted, to: show(target) })
      : t(context, 'intent.approve', { spender: show(target), amount: formatted }),
  }
}

function nameOf(context: DecodeContext, chainId: string, address: string): { name?: string } {
  const name = PROGRAM_NAMES[address] ?? context.addressName(chainId, address)
  return name === undefined ? {} : { name }
}

function short(address: string): string {
  return address.length <= 13 ? address : `${address.slice(0, 4)}…${address.slice(-4)}`
}

function hex(bytes: Uint8Array): string {
  let out = '0x'
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}
