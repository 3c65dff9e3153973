/**
 * The Solana programs the signer reads: System (transfers, account creation, `Assign` flagged as
 * danger), SPL Token and Token-2022 (in tokenInstruction.ts), Associated Token Account and Compute
 * Budget. Instruction layouts from the programs' published instruction enums; anything else is
 * returned as unknown so the transaction is marked blind.
 */
import { base58 } from '@scure/base'
import { type DecodeContext, t, warning } from '../context.ts'
import { amountValue, field, formatAmount, text } from '../format/fields.ts'
import type { FieldValue } from '../types.ts'
import {
  type DecodedInstruction,
  hex,
  hidden,
  type Instruction,
  short,
  u32,
  u64,
} from './instruction.ts'
import { decodeTokenInstruction } from './tokenInstruction.ts'

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
        warnings: hidden(context, instruction.accounts[1]),
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
    return (
      decodeTokenInstruction(context, chainId, name as string, instruction, {
        value: account,
        show,
      }) ?? unknown()
    )
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

function nameOf(context: DecodeContext, chainId: string, address: string): { name?: string } {
  const name = PROGRAM_NAMES[address] ?? context.addressName(chainId, address)
  return name === undefined ? {} : { name }
}
