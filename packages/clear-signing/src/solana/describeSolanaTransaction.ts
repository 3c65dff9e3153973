/**
 * `solana_signTransaction` / `solana_signAndSendTransaction`: the serialized transaction
 * (`{ transaction }` as WalletConnect sends it, or the text alone; base64 or base58) parsed, each
 * instruction decoded, the programs touched listed, unknown instructions flagged (caution, blind).
 * A transaction whose only action is a SOL or SPL transfer or approval gets that as its intent.
 */
import { ClearSigningError } from '../ClearSigningError.ts'
import { type DecodeContext, sortWarnings, t } from '../context.ts'
import { chainLabel } from '../evm/chains.ts'
import { amountValue, field, text } from '../format/fields.ts'
import type { Description, Field, Warning } from '../types.ts'
import { decodeWireText, parseSolanaTransaction } from './parseSolanaTransaction.ts'
import { decodeInstruction, PROGRAM_NAMES } from './programs.ts'

/** Lamports per signature (Solana's base fee). */
const LAMPORTS_PER_SIGNATURE = 5000n

export function solanaChain(context: DecodeContext): string {
  if (!context.chainId.startsWith('solana:')) {
    throw new ClearSigningError('UnsupportedChain', 'Solana methods need a solana: session.')
  }
  return context.chainId
}

/** The serialized transaction text from `{ transaction }`, `[text]`, `[{ transaction }]` or the text. */
function transactionText(params: unknown): unknown {
  const first = Array.isArray(params) ? params[0] : params
  if (typeof first === 'object' && first !== null && 'transaction' in first) {
    return (first as { transaction: unknown }).transaction
  }
  return first
}

export function describeSolanaTransaction(context: DecodeContext, params: unknown): Description {
  const chainId = solanaChain(context)
  const { message } = parseSolanaTransaction(decodeWireText(transactionText(params), 'transaction'))
  const decoded = message.instructions.map((instruction) =>
    decodeInstruction(context, chainId, {
      programId: message.accountKeys[instruction.programIndex] as string,
      accounts: instruction.accounts.map((i) => message.accountKeys[i]),
      data: instruction.data,
    }),
  )
  const warnings: Warning[] = decoded.flatMap((d) => d.warnings)
  const blind = decoded.some((d) => !d.known)
  const actions = decoded.filter((d) => !d.auxiliary)
  const single = actions.length === 1 && actions[0]?.intent !== undefined ? actions[0] : undefined
  const programs = [
    ...new Set(message.instructions.map((i) => message.accountKeys[i.programIndex] as string)),
  ]
  const fields: Field[] = [
    ...(single?.fields ?? []),
    field(t(context, 'label.chain'), text(chainLabel(chainId))),
    field(t(context, 'label.feePayer'), {
      kind: 'address',
      address: message.accountKeys[0] as string,
      chainId,
    }),
    field(
      t(context, 'label.fee'),
      amountValue(context, fee(message.requiredSignatures, decoded), 9, 'SOL'),
    ),
    field(t(context, 'label.programs'), {
      kind: 'tree',
      fields: programs.map((id, i) => {
        const name = PROGRAM_NAMES[id] ?? context.addressName(chainId, id)
        return field(
          `${i + 1}`,
          name === undefined
            ? { kind: 'address', address: id, chainId }
            : { kind: 'address', address: id, name, chainId },
        )
      }),
    }),
    field(t(context, 'label.instructions'), {
      kind: 'tree',
      fields: decoded.map((d, i) =>
        field(`${i + 1}. ${d.title}`, { kind: 'tree', fields: d.fields }),
      ),
    }),
    field(t(context, 'label.recentBlockhash'), text(message.recentBlockhash)),
    field(t(context, 'label.version'), text(String(message.version))),
  ]
  return {
    kind: single?.kind ?? 'solana.transaction',
    intent:
      single?.intent ??
      t(context, 'intent.solanaTransaction', {
        count: message.instructions.length,
        programs: programs
          .map((id) => PROGRAM_NAMES[id] ?? `${id.slice(0, 4)}…${id.slice(-4)}`)
          .join(', '),
      }),
    chainId,
    fields,
    warnings: sortWarnings(warnings),
    blind,
  }
}

/** Base fee per signature plus the priority fee when the compute budget sets both values. */
function fee(
  signatures: number,
  decoded: readonly { computeUnitLimit?: number; microLamportsPerUnit?: bigint }[],
): bigint {
  const limit = decoded.find((d) => d.computeUnitLimit !== undefined)?.computeUnitLimit
  const price = decoded.find((d) => d.microLamportsPerUnit !== undefined)?.microLamportsPerUnit
  const priority =
    limit === undefined || price === undefined
      ? 0n
      : (BigInt(limit) * price + 999_999n) / 1_000_000n
  return BigInt(signatures) * LAMPORTS_PER_SIGNATURE + priority
}
