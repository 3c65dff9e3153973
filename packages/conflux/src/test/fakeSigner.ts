/**
 * Test double of the signer behind the session: a plain noble key that signs whatever it is asked,
 * speaking the `ConfluxTransport` contract. It can be told to misbehave (sign with another key,
 * change the transaction) so the provider's checks are exercised. Test-only.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import type { Hex } from 'viem'
import { decodeBase32Address } from '../address/decodeBase32Address.ts'
import { encodeBase32Address } from '../address/encodeBase32Address.ts'
import { userAddressFromPublicKey } from '../address/userAddressFromPublicKey.ts'
import { hashPersonalSignMessage } from '../message/hashPersonalSignMessage.ts'
import type { CoreTransaction } from '../transaction/types.ts'
import { hashCip23TypedData } from '../typedData/hashCip23TypedData.ts'
import type { Cip23TypedData } from '../typedData/types.ts'
import type {
  ConfluxSignerMethod,
  ConfluxSignTransactionRequest,
  ConfluxTransport,
  ConfluxTransportEvent,
} from '../types.ts'
import { signCoreTransaction, signDigest } from './signCore.ts'

export type FakeSigner = ConfluxTransport & {
  readonly address: Hex
  readonly requests: { method: ConfluxSignerMethod; params: readonly unknown[] }[]
  chains: Set<number>
  /** Misbehaviours for negative tests. */
  misbehave: { otherKey?: Uint8Array; bumpNonce?: boolean; reject?: unknown }
  emit(event: ConfluxTransportEvent): void
  listenerCount(): number
}

export function createFakeSigner(secret: Uint8Array, chainId: number): FakeSigner {
  const address = userAddressFromPublicKey(secp256k1.getPublicKey(secret))
  const listeners = new Set<(event: ConfluxTransportEvent) => void>()
  const signer: FakeSigner = {
    address,
    requests: [],
    chains: new Set([chainId]),
    misbehave: {},
    async connect() {
      return { accounts: [encodeBase32Address(address, chainId)], chainId }
    },
    async request({ method, params }) {
      signer.requests.push({ method, params })
      if (signer.misbehave.reject !== undefined) throw signer.misbehave.reject
      const key = signer.misbehave.otherKey ?? secret
      switch (method) {
        case 'cfx_signTransaction': {
          const tx = fromSignRequest(params[0] as ConfluxSignTransactionRequest)
          if (signer.misbehave.bumpNonce === true) tx.nonce += 1n
          return signCoreTransaction(tx, key)
        }
        case 'cfx_signTypedData_v4':
          return signDigest(
            hashCip23TypedData(JSON.parse(params[1] as string) as Cip23TypedData),
            key,
          )
        case 'personal_sign':
          return signDigest(hashPersonalSignMessage(params[0] as string), key)
        case 'wallet_switchConfluxChain': {
          const id = Number((params[0] as { chainId: string }).chainId)
          if (!signer.chains.has(id))
            throw providerError(
              RPC_ERROR_CODES.unrecognizedChain,
              'Unrecognized chain: add it first with wallet_addConfluxChain.',
            )
          return null
        }
        case 'wallet_addConfluxChain':
          signer.chains.add(Number((params[0] as { chainId: string }).chainId))
          return null
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    emit(event) {
      for (const listener of listeners) listener(event)
    },
    listenerCount() {
      return listeners.size
    },
  }
  return signer
}

/** The signer's reading of `cfx_signTransaction`'s param (what a real signer would show). */
export function fromSignRequest(request: ConfluxSignTransactionRequest): CoreTransaction {
  const hex = (a: string) => decodeBase32Address(a).hexAddress
  const common = {
    nonce: BigInt(request.nonce),
    gas: BigInt(request.gas),
    to: request.to === null ? null : hex(request.to),
    value: BigInt(request.value),
    storageLimit: BigInt(request.storageLimit),
    epochHeight: BigInt(request.epochHeight),
    chainId: Number(request.chainId),
    data: request.data,
  }
  const accessList = (request.accessList ?? []).map((e) => ({
    address: hex(e.address),
    storageKeys: e.storageKeys,
  }))
  if (request.type === '0x2') {
    return {
      type: 'cip1559',
      ...common,
      maxFeePerGas: BigInt(request.maxFeePerGas as Hex),
      maxPriorityFeePerGas: BigInt(request.maxPriorityFeePerGas as Hex),
      accessList,
    }
  }
  if (request.type === '0x1')
    return { type: 'cip2930', ...common, gasPrice: BigInt(request.gasPrice as Hex), accessList }
  return { type: 'legacy', ...common, gasPrice: BigInt(request.gasPrice as Hex) }
}
