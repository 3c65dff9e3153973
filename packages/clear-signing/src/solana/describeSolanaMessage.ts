/**
 * `solana_signMessage`: `{ message, pubkey }` with the message in base58 (WalletConnect's form).
 * Readable UTF-8 is shown as text; other bytes as hex with a warning and `blind: true`, and bytes
 * that parse as a Solana transaction are danger (a transaction disguised as a message).
 */
import { base58 } from '@scure/base'
import { type DecodeContext, sortWarnings, t, warning } from '../context.ts'
import { field, text } from '../format/fields.ts'
import { invalid } from '../params.ts'
import { classifyMessage, MAX_MESSAGE_BYTES } from '../personal/readMessage.ts'
import type { Description, Field, Warning } from '../types.ts'
import { solanaChain } from './describeSolanaTransaction.ts'
import { parseSolanaTransaction } from './parseSolanaTransaction.ts'

export function describeSolanaMessage(context: DecodeContext, params: unknown): Description {
  const chainId = solanaChain(context)
  const first = Array.isArray(params) ? params[0] : params
  const { message, pubkey } = (
    typeof first === 'object' && first !== null ? first : { message: first }
  ) as {
    message?: unknown
    pubkey?: unknown
  }
  if (typeof message !== 'string' || !/^[1-9A-HJ-NP-Za-km-z]*$/.test(message)) {
    throw invalid('solana_signMessage message must be base58 text')
  }
  if (message.length > MAX_MESSAGE_BYTES * 2)
    throw invalid('solana_signMessage message is too long')
  const bytes = base58.decode(message)
  const read = classifyMessage(bytes)
  const account: Field[] =
    typeof pubkey === 'string'
      ? [field(t(context, 'label.account'), { kind: 'address', address: pubkey, chainId })]
      : []
  if (read.kind === 'text') {
    return {
      kind: 'solana.message.text',
      intent: t(context, 'intent.signText'),
      chainId,
      fields: [field(t(context, 'label.message'), text(read.text)), ...account],
      warnings: [],
      blind: false,
    }
  }
  const warnings: Warning[] = [
    warning(context, 'BinaryMessage', 'caution', 'warning.binaryMessage'),
  ]
  if (looksLikeTransaction(bytes)) {
    warnings.unshift(
      warning(context, 'TransactionAsMessage', 'danger', 'warning.transactionAsMessage'),
    )
  }
  return {
    kind: 'solana.message.bytes',
    intent: t(context, 'intent.signBytes', { count: bytes.length }),
    chainId,
    fields: [
      field(t(context, 'label.data'), {
        kind: 'hex',
        hex: read.kind === 'bytes' ? read.hex : '0x',
      }),
      ...account,
    ],
    warnings: sortWarnings(warnings),
    blind: true,
  }
}

function looksLikeTransaction(bytes: Uint8Array): boolean {
  try {
    parseSolanaTransaction(Uint8Array.of(1, ...new Uint8Array(64), ...bytes))
    return true
  } catch {
    return false
  }
}
