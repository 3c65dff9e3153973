/**
 * Decodes what the co-signer is asked to sign, from the bytes that will be signed — never from a
 * client summary: EVM transactions (viem `parseTransaction`, required to re-serialise to the
 * same bytes and to carry an EIP-155 chain id), EIP-191 messages and EIP-712 typed data, and
 * Conflux Core's transactions, CIP-23 typed data and personal sign (decodeCoreRequest.ts), and
 * Solana transactions and text messages (decodeSolanaRequest.ts). The digest it returns is the one
 * the MPC run must sign (FROST signs the Solana bytes themselves: no digest); recipients and
 * contracts feed the policy.
 */

import { hexToBytes } from '@noble/hashes/utils.js'
import {
  getAddress,
  type Hex,
  hashMessage,
  hashTypedData,
  isHex,
  keccak256,
  parseTransaction,
  serializeTransaction,
  type TypedDataDefinition,
} from 'viem'
import { CosignerError } from '../errors.ts'
import {
  decodeCip23,
  decodeConfluxPersonalSign,
  decodeCoreTransaction,
} from './decodeCoreRequest.ts'
import { decodePermit } from './decodePermit.ts'
import { decodeSolanaMessage, decodeSolanaTransaction } from './decodeSolanaRequest.ts'
import { decodeTokenCall, type TokenMovement } from './decodeTokenCall.ts'
import type { SigningMethod } from './policy.ts'

export interface SigningRequest {
  method: SigningMethod
  /** CAIP-2 chain the dapp says it is on; must agree with what the payload says. */
  chainId?: string
  /**
   * Transaction: unsigned serialized tx, hex (Solana: the transaction message). personal_sign and
   * solana_signMessage: message bytes, hex. Typed data: JSON text.
   */
  payload?: string
  /**
   * The canonical origin of the dapp session the request came from (@tessera/protocol
   * `dappOrigin.ts`), as the device put it in the request; absent for the wallet's own actions.
   * Not decoded here: it selects the policy (authorizeSigning.ts).
   */
  origin?: string
}

export interface DecodedRequest {
  method: SigningMethod
  chainId: string | undefined
  /** 32 bytes to sign; undefined for export. */
  digest: Uint8Array | undefined
  /** Native value moved, wei. */
  value: bigint
  /** EVM/Core: checksummed hex; Solana: base58. */
  recipients: string[]
  /** Contracts called; on Solana, every program an instruction invokes. */
  contracts: string[]
  createsContract: boolean
  /**
   * Token amounts moved or granted: decoded ERC-20/CRC-20 calls (decodeTokenCall.ts) and SPL
   * Token instructions (decodeSolanaRequest.ts), counted against `tokenLimits`. Absent: none.
   */
  tokens?: TokenMovement[]
  /** Solana: recipients loaded from address lookup tables, which cannot be read offline. */
  hiddenRecipients?: number
  /** What was decoded, for the audit log (strings only). */
  summary: Record<string, string>
}

const bad = (why: string): never => {
  throw new CosignerError('BadRequest', `signing request rejected: ${why}`)
}

function decodeTransaction(
  payload: string | undefined,
  chainId: string | undefined,
): DecodedRequest {
  if (payload === undefined || !isHex(payload, { strict: true }) || payload.length < 4)
    return bad('transaction payload is not hex')
  let tx: ReturnType<typeof parseTransaction>
  try {
    tx = parseTransaction(payload)
  } catch (error) {
    throw new CosignerError('BadRequest', 'signing request rejected: transaction does not decode', {
      cause: error,
    })
  }
  if (tx.r !== undefined || tx.s !== undefined || ('yParity' in tx && tx.yParity !== undefined)) {
    bad('transaction is already signed')
  }
  if (tx.chainId === undefined)
    bad('transaction has no chain id (EIP-155 replay protection required)')
  if (serializeTransaction(tx) !== payload.toLowerCase())
    bad('transaction encoding is not canonical')
  const txChain = `eip155:${tx.chainId}`
  if (chainId !== undefined && chainId !== txChain)
    bad(`transaction is for ${txChain}, request says ${chainId}`)
  const value = tx.value ?? 0n
  const data = tx.data ?? '0x'
  const recipients: `0x${string}`[] = []
  const contracts: `0x${string}`[] = []
  const tokens: TokenMovement[] = []
  const summary: Record<string, string> = {
    type: String(tx.type),
    chainId: txChain,
    value: value.toString(),
  }
  if (tx.to === undefined || tx.to === null) {
    summary.to = '(contract creation)'
  } else {
    const to = getAddress(tx.to)
    summary.to = to
    if (data === '0x') {
      recipients.push(to)
    } else {
      contracts.push(to)
      summary.selector = data.slice(0, 10)
      const call = decodeTokenCall(to, data)
      if (call !== undefined) {
        summary.function = call.function
        if (call.recipient !== undefined) recipients.push(call.recipient)
        if (call.movement !== undefined) {
          summary.amount = String(call.movement.amount)
          tokens.push(call.movement)
        }
      }
      if (value > 0n) recipients.push(to)
    }
  }
  return {
    method: 'eth_sendTransaction',
    chainId: txChain,
    digest: hexToBytes(keccak256(payload).slice(2)),
    value,
    recipients,
    contracts,
    createsContract: tx.to === undefined || tx.to === null,
    ...(tokens.length > 0 ? { tokens } : {}),
    summary,
  }
}

function decodeTypedData(payload: string | undefined, chainId: string | undefined): DecodedRequest {
  if (payload === undefined || payload.length > 64 * 1024)
    return bad('typed data missing or larger than 64 KiB')
  let typed: TypedDataDefinition & {
    domain?: { chainId?: number | bigint; verifyingContract?: Hex }
  }
  let digest: Hex
  try {
    typed = JSON.parse(payload)
    digest = hashTypedData(typed)
  } catch (error) {
    throw new CosignerError(
      'BadRequest',
      'signing request rejected: typed data does not decode (EIP-712)',
      { cause: error },
    )
  }
  const domainChain =
    typed.domain?.chainId === undefined ? undefined : `eip155:${typed.domain.chainId}`
  if (chainId !== undefined && domainChain !== undefined && chainId !== domainChain) {
    bad(`typed data is for ${domainChain}, request says ${chainId}`)
  }
  const contracts =
    typed.domain?.verifyingContract === undefined
      ? []
      : [getAddress(typed.domain.verifyingContract)]
  const recipients: `0x${string}`[] = []
  const message = (typed as { message?: Record<string, unknown> }).message ?? {}
  // EIP-2612 Permit and Permit2 grant a spender: treat it as where value goes.
  if (typeof message.spender === 'string' && /^0x[0-9a-fA-F]{40}$/.test(message.spender)) {
    recipients.push(getAddress(message.spender))
  }
  const permit = decodePermit(String(typed.primaryType), message, contracts[0])
  return {
    method: 'eth_signTypedData_v4',
    chainId: domainChain ?? chainId,
    digest: hexToBytes(digest.slice(2)),
    value: 0n,
    recipients,
    contracts,
    createsContract: false,
    ...(permit === undefined ? {} : { tokens: [permit] }),
    summary: {
      primaryType: String(typed.primaryType),
      ...(contracts[0] ? { verifyingContract: contracts[0] } : {}),
    },
  }
}

export function decodeSigningRequest(request: SigningRequest): DecodedRequest {
  switch (request.method) {
    case 'eth_sendTransaction':
    case 'eth_signTransaction':
      return { ...decodeTransaction(request.payload, request.chainId), method: request.method }
    case 'eth_signTypedData_v4':
      return decodeTypedData(request.payload, request.chainId)
    case 'cfx_signTransaction':
    case 'cfx_sendTransaction':
      return decodeCoreTransaction(request.method, request.payload, request.chainId)
    case 'cfx_signTypedData_v4':
      return decodeCip23(request.payload, request.chainId)
    case 'cfx_personal_sign':
      return decodeConfluxPersonalSign(request.payload, request.chainId)
    case 'personal_sign': {
      const payload = request.payload
      if (
        payload === undefined ||
        !isHex(payload, { strict: true }) ||
        payload.length > 2 + 2 * 64 * 1024
      ) {
        return bad('personal_sign payload must be the message bytes as hex (≤ 64 KiB)')
      }
      return {
        method: 'personal_sign',
        chainId: request.chainId,
        // EIP-191 version 0x45: "\x19Ethereum Signed Message:\n" + len + message.
        digest: hexToBytes(hashMessage({ raw: payload }).slice(2)),
        value: 0n,
        recipients: [],
        contracts: [],
        createsContract: false,
        summary: { bytes: String((payload.length - 2) / 2) },
      }
    }
    case 'solana_signTransaction':
      return decodeSolanaTransaction(request.payload, request.chainId)
    case 'solana_signMessage':
      return decodeSolanaMessage(request.payload, request.chainId)
    case 'export':
      return {
        method: 'export',
        chainId: undefined,
        digest: undefined,
        value: 0n,
        recipients: [],
        contracts: [],
        createsContract: false,
        summary: {},
      }
    default:
      return bad(`method "${String(request.method)}" is not a signing method`)
  }
}
