/**
 * Decodes Solana signing requests (FROST Ed25519) from the bytes that will be signed, as
 * decodeRequest.ts does for EVM. The device declares the form and sends the signed bytes as the
 * payload (hex); the FROST run signs only if they are exactly the bytes of its round 1.
 * - `solana_signTransaction`: a transaction message (legacy or v0, parsed by
 *   @tessera/clear-signing's `parseSolanaMessage`, no trailing bytes) on a `solana:<genesis>`
 *   chain the request must name. Programs invoked are the policy's `contracts`; System
 *   `Transfer`/`TransferWithSeed` destinations, accounts funded by `CreateAccount(WithSeed)` and
 *   SPL Token / Token-2022 `Transfer(Checked)` destinations and `Approve(Checked)` delegates are
 *   its `recipients`; the lamports those System instructions move are the value counted against
 *   `dailyLimits`. The SPL amounts are `tokens` counted against `tokenLimits` by mint: the
 *   `Checked` forms name their mint, the plain `Transfer`/`Approve` do not (an unknown mint, which a
 *   chain with token limits refuses). A recipient loaded from an address lookup table cannot be read: it is marked so
 *   the policy can refuse it.
 * - `solana_signMessage`: an off-chain text message (UTF-8, no control characters, as the signer
 *   shows it): bytes that are not such text — a transaction message among them — are refused.
 * Addresses are base58, as Solana writes them.
 */
import { hexToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { parseSolanaMessage, type SolanaMessage } from '@tessera/clear-signing'
import { isHex } from 'viem'
import { CosignerError } from '../errors.ts'
import type { DecodedRequest } from './decodeRequest.ts'
import type { TokenMovement } from './decodeTokenCall.ts'

export const SOLANA_CHAIN = /^solana:[1-9A-HJ-NP-Za-km-z]{32}$/

const SYSTEM = '11111111111111111111111111111111'
const TOKEN = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA'
const TOKEN_2022 = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb'

/** Solana caps a transaction at 1232 bytes; an off-chain message here at 64 KiB. */
const MAX_MESSAGE_BYTES = 64 * 1024

const bad = (why: string): never => {
  throw new CosignerError('BadRequest', `signing request rejected: ${why}`)
}

function payloadBytes(method: string, payload: string | undefined): Uint8Array {
  if (
    payload === undefined ||
    !isHex(payload, { strict: true }) ||
    payload.length < 4 ||
    payload.length % 2 !== 0 ||
    payload.length > 2 + 2 * MAX_MESSAGE_BYTES
  )
    return bad(`${method} payload must be the signed bytes as hex (1 byte to 64 KiB)`)
  return hexToBytes(payload.slice(2))
}

const le64 = (data: Uint8Array, at: number): bigint =>
  new DataView(data.buffer, data.byteOffset + at, 8).getBigUint64(0, true)
const le32 = (data: Uint8Array): number =>
  new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true)

/**
 * SPL Token / Token-2022 instructions that move no tokens out of the signer's accounts:
 * initialisations, Revoke, MintTo(Checked), Burn(Checked), Freeze/Thaw, SyncNative and the
 * read-only amount conversions. Transfer/Approve(Checked) are decoded; every other instruction
 * is an unlisted movement (docs/COSIGNER.md#token-limits).
 */
const HARMLESS_TOKEN_OPS: ReadonlySet<number> = new Set([
  0, 1, 2, 5, 7, 8, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
])

/** What one instruction moves: lamports, the accounts (by position) that receive value, tokens. */
function effects(
  programId: string,
  data: Uint8Array,
): {
  lamports: bigint
  to: number[]
  /** An SPL amount moved or granted; `mint` is the position of the mint account when named. */
  token?:
    | {
        call: TokenMovement['call']
        grant: boolean
        amount: bigint
        mint?: number
        op?: number | undefined
      }
    | undefined
} {
  if (programId === SYSTEM && data.length >= 4) {
    const op = le32(data)
    // CreateAccount {lamports, space, owner}: the new account (#1) is funded.
    if (op === 0 && data.length === 52) return { lamports: le64(data, 4), to: [1] }
    // Transfer {lamports}: #0 → #1.
    if (op === 2 && data.length === 12) return { lamports: le64(data, 4), to: [1] }
    // CreateAccountWithSeed {base, seed, lamports, space, owner}: the new account (#1) is funded.
    if (op === 3 && data.length >= 4 + 32 + 8) {
      const seedLength = Number(le64(data, 36))
      const at = 44 + seedLength
      if (seedLength <= 32 && data.length === at + 8 + 8 + 32)
        return { lamports: le64(data, at), to: [1] }
    }
    // TransferWithSeed {lamports, seed, owner}: #0 → #2.
    if (op === 11 && data.length >= 12) return { lamports: le64(data, 4), to: [2] }
    return { lamports: 0n, to: [] }
  }
  if (programId === TOKEN || programId === TOKEN_2022) {
    // Transfer (3) and Approve (4) {amount}: [source, destination|delegate, owner];
    // TransferChecked (12) and ApproveChecked (13) {amount, decimals}:
    // [source, mint, destination|delegate, owner]. The programs read the amount from bytes 1..9
    // and ignore what follows; shorter data fails on chain, so nothing is counted for it.
    const op = data[0]
    const amount = data.length >= 9 ? le64(data, 1) : undefined
    const token = (call: TokenMovement['call'], mint: number | undefined) =>
      amount === undefined
        ? undefined
        : {
            call,
            grant: call.startsWith('Approve'),
            amount,
            ...(mint === undefined ? {} : { mint }),
          }
    if (op === 3) return { lamports: 0n, to: [1], token: token('Transfer', undefined) }
    if (op === 4) return { lamports: 0n, to: [1], token: token('Approve', undefined) }
    if (op === 12) return { lamports: 0n, to: [2], token: token('TransferChecked', 1) }
    if (op === 13) return { lamports: 0n, to: [2], token: token('ApproveChecked', 1) }
    // Anything else that can hand tokens over without naming an amount and a mint
    // (SetAuthority, CloseAccount of a wrapped-SOL account, Token-2022 extensions such as
    // TransferCheckedWithFee or confidential transfers) is an unlisted movement: refused where the
    // chain has token limits, since it cannot be counted.
    if (op === undefined || !HARMLESS_TOKEN_OPS.has(op))
      return { lamports: 0n, to: [], token: { call: 'unlisted', grant: true, amount: 0n, op } }
  }
  return { lamports: 0n, to: [] }
}

export function decodeSolanaTransaction(
  payload: string | undefined,
  chainId: string | undefined,
): DecodedRequest {
  const bytes = payloadBytes('solana_signTransaction', payload)
  if (chainId === undefined || !SOLANA_CHAIN.test(chainId))
    bad('solana_signTransaction must name its solana:<genesis hash> chain')
  let message: SolanaMessage
  try {
    message = parseSolanaMessage(bytes)
  } catch (error) {
    throw new CosignerError(
      'BadRequest',
      'signing request rejected: solana_signTransaction payload is not a Solana transaction message',
      { cause: error },
    )
  }
  const keys = message.accountKeys
  const programs: string[] = []
  const recipients: string[] = []
  let hidden = 0
  let value = 0n
  let transfers = 0
  const tokens: TokenMovement[] = []
  for (const instruction of message.instructions) {
    const programId = keys[instruction.programIndex] as string
    if (!programs.includes(programId)) programs.push(programId)
    const moved = effects(programId, instruction.data)
    value += moved.lamports
    if (moved.to.length > 0) transfers++
    for (const position of moved.to) {
      const index = instruction.accounts[position]
      // An index past the static keys is an account from an address lookup table.
      const address = index === undefined ? undefined : keys[index]
      if (address === undefined) hidden++
      else if (!recipients.includes(address)) recipients.push(address)
    }
    if (moved.token !== undefined) {
      const { mint, ...rest } = moved.token
      const index = mint === undefined ? undefined : instruction.accounts[mint]
      // A mint from an address lookup table cannot be read: an unknown mint, as a plain Transfer.
      tokens.push({ ...rest, token: index === undefined ? undefined : keys[index] })
    }
  }
  return {
    method: 'solana_signTransaction',
    chainId,
    digest: undefined,
    value,
    recipients,
    contracts: programs,
    createsContract: false,
    ...(tokens.length > 0 ? { tokens } : {}),
    ...(hidden > 0 ? { hiddenRecipients: hidden } : {}),
    summary: {
      chainId: chainId as string,
      version: String(message.version),
      feePayer: keys[0] as string,
      programs: programs.join(','),
      instructions: String(message.instructions.length),
      lamports: value.toString(),
      ...(recipients.length > 0 ? { recipients: recipients.join(',') } : {}),
      ...(transfers > 0 ? { transfers: String(transfers) } : {}),
      ...(hidden > 0 ? { lookupTableRecipients: String(hidden) } : {}),
    },
  }
}

const CONTROL = (b: number): boolean =>
  (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f

export function decodeSolanaMessage(
  payload: string | undefined,
  chainId: string | undefined,
): DecodedRequest {
  const bytes = payloadBytes('solana_signMessage', payload)
  if (chainId !== undefined && !SOLANA_CHAIN.test(chainId))
    bad(`solana_signMessage chain ${chainId} is not a solana:<genesis hash> chain`)
  // A transaction message starts with a control byte (legacy) or 0x80 (v0): both refused.
  if (bytes.some(CONTROL))
    bad('solana_signMessage payload has control characters (only text messages are signed)')
  let text = ''
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    bad('solana_signMessage payload is not UTF-8 text (a transaction is signed as a transaction)')
  }
  return {
    method: 'solana_signMessage',
    chainId,
    digest: undefined,
    value: 0n,
    recipients: [],
    contracts: [],
    createsContract: false,
    summary: { bytes: String(bytes.length), characters: String([...text].length) },
  }
}

/** The base58 form of a 32-byte Solana address, or undefined when `text` is not one. */
export function solanaAddress(text: string): string | undefined {
  if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(text)) return undefined
  try {
    const bytes = base58.decode(text)
    return bytes.length === 32 && base58.encode(bytes) === text ? text : undefined
  } catch {
    return undefined
  }
}
