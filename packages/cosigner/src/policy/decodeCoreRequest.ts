/**
 * Decodes Conflux Core signing requests from the bytes that will be signed, as decodeRequest.ts
 * does for EVM: Core transactions (`cfx_signTransaction` / `cfx_sendTransaction`: the unsigned
 * encoding, parsed by @tessera/conflux, required to re-serialise to the same bytes), CIP-23 typed
 * data (`cfx_signTypedData_v4`) and Conflux personal sign (`cfx_personal_sign`: the message string
 * as the dapp passed it, hashed as Fluent does). Chains are `cfx:<chain id>`; addresses are the
 * 20-byte hex form of Core addresses, which the policy's lists use. The digest it returns is the
 * only one the MPC run may sign.
 */
import { hexToBytes } from '@noble/hashes/utils.js'
import {
  hashCip23TypedData,
  hashCoreTransaction,
  hashPersonalSignMessage,
  normalizeCip23TypedData,
  parseCoreTransaction,
  serializeCoreTransaction,
} from '@tessera/conflux'
import { getAddress, isHex } from 'viem'
import { CosignerError } from '../errors.ts'
import { decodePermit } from './decodePermit.ts'
import type { DecodedRequest } from './decodeRequest.ts'
import { decodeTokenCall, type TokenMovement } from './decodeTokenCall.ts'

const bad = (why: string): never => {
  throw new CosignerError('BadRequest', `signing request rejected: ${why}`)
}

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/

export function decodeCoreTransaction(
  method: 'cfx_signTransaction' | 'cfx_sendTransaction',
  payload: string | undefined,
  chainId: string | undefined,
): DecodedRequest {
  if (payload === undefined || !isHex(payload, { strict: true }) || payload.length < 4)
    return bad('Core transaction payload is not hex')
  let parsed: ReturnType<typeof parseCoreTransaction>
  try {
    parsed = parseCoreTransaction(payload)
  } catch (error) {
    throw new CosignerError(
      'BadRequest',
      'signing request rejected: Core transaction does not decode',
      { cause: error },
    )
  }
  if (parsed.signature !== undefined) bad('Core transaction is already signed')
  const tx = parsed.transaction
  if (serializeCoreTransaction(tx) !== payload.toLowerCase())
    bad('Core transaction encoding is not canonical')
  const txChain = `cfx:${tx.chainId}`
  if (chainId !== undefined && chainId !== txChain)
    bad(`Core transaction is for ${txChain}, request says ${chainId}`)
  const recipients: `0x${string}`[] = []
  const contracts: `0x${string}`[] = []
  const tokens: TokenMovement[] = []
  const summary: Record<string, string> = {
    type: tx.type,
    chainId: txChain,
    value: tx.value.toString(),
    storageLimit: tx.storageLimit.toString(),
    epochHeight: tx.epochHeight.toString(),
  }
  if (tx.to === null) {
    summary.to = '(contract creation)'
  } else {
    const to = getAddress(tx.to)
    summary.to = to
    if (tx.data === '0x') {
      recipients.push(to)
    } else {
      contracts.push(to)
      summary.selector = tx.data.slice(0, 10)
      const call = decodeTokenCall(to, tx.data)
      if (call !== undefined) {
        summary.function = call.function
        if (call.recipient !== undefined) recipients.push(call.recipient)
        if (call.movement !== undefined) {
          summary.amount = String(call.movement.amount)
          tokens.push(call.movement)
        }
      }
      if (tx.value > 0n) recipients.push(to)
    }
  }
  return {
    method,
    chainId: txChain,
    digest: hexToBytes(hashCoreTransaction(tx).slice(2)),
    value: tx.value,
    recipients,
    contracts,
    createsContract: tx.to === null,
    ...(tokens.length > 0 ? { tokens } : {}),
    summary,
  }
}

export function decodeCip23(
  payload: string | undefined,
  chainId: string | undefined,
): DecodedRequest {
  if (payload === undefined || payload.length > 64 * 1024)
    return bad('typed data missing or larger than 64 KiB')
  let typed: ReturnType<typeof normalizeCip23TypedData>
  let digest: string
  try {
    typed = normalizeCip23TypedData(JSON.parse(payload))
    digest = hashCip23TypedData(typed)
  } catch (error) {
    throw new CosignerError(
      'BadRequest',
      'signing request rejected: typed data does not decode (CIP-23)',
      { cause: error },
    )
  }
  const domain = typed.domain as Record<string, unknown>
  const domainChain = `cfx:${BigInt(domain.chainId as bigint | number | string)}`
  if (chainId !== undefined && chainId !== domainChain)
    bad(`typed data is for ${domainChain}, request says ${chainId}`)
  const contract = domain.verifyingContract
  const contracts =
    typeof contract === 'string' && HEX_ADDRESS.test(contract) ? [getAddress(contract)] : []
  const recipients: `0x${string}`[] = []
  const message = typed.message as Record<string, unknown>
  if (typeof message.spender === 'string' && HEX_ADDRESS.test(message.spender))
    recipients.push(getAddress(message.spender))
  const permit = decodePermit(String(typed.primaryType), message, contracts[0])
  return {
    method: 'cfx_signTypedData_v4',
    chainId: domainChain,
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

export function decodeConfluxPersonalSign(
  payload: string | undefined,
  chainId: string | undefined,
): DecodedRequest {
  if (typeof payload !== 'string' || payload.length > 2 + 2 * 64 * 1024)
    return bad('cfx_personal_sign payload must be the message as the dapp passed it (≤ 64 KiB)')
  return {
    method: 'cfx_personal_sign',
    chainId,
    digest: hexToBytes(hashPersonalSignMessage(payload).slice(2)),
    value: 0n,
    recipients: [],
    contracts: [],
    createsContract: false,
    summary: { characters: String(payload.length) },
  }
}
