/**
 * Test-only: the Conflux Core half of core's test wallet (NOT exported from the package). Answers
 * the session requests tagged `cfx:<id>` the way a signer would, with the wallet's plain key and
 * @tessera/conflux's hashing: `personal_sign` (Fluent's prefix), `cfx_signTypedData_v4` (CIP-23),
 * `cfx_signTransaction` (the raw signed Core transaction), `wallet_switchConfluxChain` (4902 for
 * chains it does not know; `chainChanged` `cfx:<id>` on success) and `wallet_addConfluxChain`.
 * Signatures are r ‖ s ‖ v with v ∈ {0, 1}. Must never be used outside tests and benches.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import {
  type Cip23TypedData,
  type CoreTransaction,
  decodeBase32Address,
  encodeBase32Address,
  hashCip23TypedData,
  hashCoreTransaction,
  hashPersonalSignMessage,
  serializeCoreTransaction,
  userAddressFromPublicKey,
} from '@tessera/conflux'
import {
  type JsonValue,
  providerError,
  RPC_ERROR_CODES,
  type SessionRequest,
} from '@tessera/protocol'
import type { Hex } from 'viem'
import type { Session } from '../session/createSession.ts'

export interface ConfluxTestWallet {
  /** The Core user address of the key (lower-case hex, first nibble 1). */
  readonly hexAddress: Hex
  /** Pairing offer: `cfx:<id>` → [base32 address] for every known chain. */
  accounts(): { [chainId: string]: string[] }
  handle(request: SessionRequest, session: Session): Promise<JsonValue>
}

const invalid = (message: string) => providerError(RPC_ERROR_CODES.invalidParams, message)
const quantity = (value: unknown, field: string): bigint => {
  if (typeof value !== 'string' || !/^0x[0-9a-f]{1,64}$/i.test(value))
    throw invalid(`${field} must be a 0x quantity`)
  return BigInt(value)
}
const chainParam = (value: unknown): number => {
  const id = Number(quantity((value as { chainId?: unknown } | undefined)?.chainId, 'chainId'))
  if (!Number.isSafeInteger(id) || id < 1) throw invalid('chainId must be a positive integer')
  return id
}

export function createConfluxTestWallet(
  privateKey: Hex,
  chainIds: readonly number[],
): ConfluxTestWallet {
  const secret = hexToBytes(privateKey.slice(2))
  const hexAddress = userAddressFromPublicKey(secp256k1.getPublicKey(secret, false))
  const known = new Set(chainIds)
  let current = chainIds[0]

  /** r ‖ s ‖ v over a 32-byte digest, v ∈ {0, 1} (docs/CHAINS.md#conflux-core-space). */
  const sign = (digest: Hex): Hex => {
    const sig = secp256k1.sign(hexToBytes(digest.slice(2)), secret, {
      prehash: false,
      format: 'recovered',
    })
    return `0x${bytesToHex(sig.subarray(1))}${bytesToHex(sig.subarray(0, 1))}`
  }
  const own = (address: unknown): void => {
    let hex: string | undefined
    try {
      hex = typeof address === 'string' ? decodeBase32Address(address).hexAddress : undefined
    } catch {
      hex = undefined
    }
    if (hex !== hexAddress) {
      throw providerError(
        RPC_ERROR_CODES.unauthorized,
        'The address is not a Conflux account of this wallet.',
      )
    }
  }
  const core = (address: unknown, field: string): string => {
    if (typeof address !== 'string') throw invalid(`${field} must be a base32 address`)
    return decodeBase32Address(address).hexAddress
  }

  /** The signer's reading of `cfx_signTransaction`'s param (RPC form, base32 addresses). */
  const transaction = (tx: Record<string, unknown>): CoreTransaction => {
    own(tx.from)
    const chainId = Number(quantity(tx.chainId, 'chainId'))
    if (!known.has(chainId)) throw invalid(`chain ${chainId} is not known to the wallet`)
    const data = tx.data ?? '0x'
    if (typeof data !== 'string' || !/^0x(?:[0-9a-f]{2})*$/i.test(data))
      throw invalid('data must be 0x bytes')
    const common = {
      nonce: quantity(tx.nonce, 'nonce'),
      gas: quantity(tx.gas, 'gas'),
      to: tx.to === null || tx.to === undefined ? null : core(tx.to, 'to'),
      value: quantity(tx.value ?? '0x0', 'value'),
      storageLimit: quantity(tx.storageLimit, 'storageLimit'),
      epochHeight: quantity(tx.epochHeight, 'epochHeight'),
      chainId,
      data: data as Hex,
    }
    const accessList = ((tx.accessList ?? []) as { address: string; storageKeys: Hex[] }[]).map(
      (entry) => ({ address: core(entry.address, 'accessList'), storageKeys: entry.storageKeys }),
    )
    switch (tx.type) {
      case '0x2':
        return {
          type: 'cip1559',
          ...common,
          maxFeePerGas: quantity(tx.maxFeePerGas, 'maxFeePerGas'),
          maxPriorityFeePerGas: quantity(tx.maxPriorityFeePerGas, 'maxPriorityFeePerGas'),
          accessList,
        }
      case '0x1':
        return {
          type: 'cip2930',
          ...common,
          gasPrice: quantity(tx.gasPrice, 'gasPrice'),
          accessList,
        }
      case '0x0':
        return { type: 'legacy', ...common, gasPrice: quantity(tx.gasPrice, 'gasPrice') }
      default:
        throw invalid('type must be 0x0, 0x1 or 0x2')
    }
  }

  return {
    hexAddress,
    accounts: () =>
      Object.fromEntries(
        [...known].map((id) => [`cfx:${id}`, [encodeBase32Address(hexAddress, id)]]),
      ),
    async handle(request, session) {
      const params = Array.isArray(request.params) ? request.params : []
      switch (request.method) {
        case 'personal_sign': {
          const [message, address] = params
          own(address)
          if (typeof message !== 'string') throw invalid('message must be a string')
          return sign(hashPersonalSignMessage(message))
        }
        case 'cfx_signTypedData_v4': {
          const [address, json] = params
          own(address)
          if (typeof json !== 'string') throw invalid('typed data must be JSON text')
          return sign(hashCip23TypedData(JSON.parse(json) as Cip23TypedData))
        }
        case 'cfx_signTransaction': {
          const [tx] = params
          if (typeof tx !== 'object' || tx === null || Array.isArray(tx))
            throw invalid('a transaction is required')
          const unsigned = transaction(tx as Record<string, unknown>)
          const rsv = sign(hashCoreTransaction(unsigned))
          return serializeCoreTransaction(unsigned, {
            r: `0x${rsv.slice(2, 66)}`,
            s: `0x${rsv.slice(66, 130)}`,
            yParity: rsv.endsWith('00') ? 0 : 1,
          })
        }
        case 'wallet_switchConfluxChain': {
          const wanted = chainParam(params[0])
          if (!known.has(wanted)) {
            throw providerError(
              RPC_ERROR_CODES.unrecognizedChain,
              `Conflux chain ${wanted} is not known to the wallet.`,
            )
          }
          if (wanted !== current) {
            current = wanted
            await session.notify({ method: 'chainChanged', params: [`cfx:${wanted}`] })
          }
          return null
        }
        case 'wallet_addConfluxChain':
          known.add(chainParam(params[0]))
          return null
        default:
          throw providerError(
            RPC_ERROR_CODES.unsupportedMethod,
            `The test wallet does not support ${request.method} on Conflux Core.`,
          )
      }
    },
  }
}
