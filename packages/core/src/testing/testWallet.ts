/**
 * Test-only wallet peer (NOT exported from the package): the signer role of core answering
 * requests with a plain local viem account, so the dapp side is testable before the real
 * threshold signer exists. Answers `personal_sign`, `eth_signTypedData_v4`,
 * `eth_signTransaction`, `eth_accounts` and `wallet_switchEthereumChain` (4902 for chains the
 * wallet does not know); with `confluxChainIds`, requests tagged `cfx:<id>` go to its Conflux Core
 * half (`testWalletConflux.ts`, same key) and the pairing offers the Core account too; with
 * `solanaChainIds`, requests tagged `solana:<genesis>` go to its Solana half
 * (`testWalletSolana.ts`, an Ed25519 key derived from the same one); everything else is 4200. Must never be used outside tests and benches.
 */
import {
  type JsonValue,
  providerError,
  RPC_ERROR_CODES,
  type SessionRequest,
} from '@tessera/protocol'
import type { Hex, TransactionSerializable, TypedDataDefinition } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { pairWithUri } from '../pairing/pairWithUri.ts'
import type { RelayClient } from '../relay/createRelayClient.ts'
import type { Session } from '../session/createSession.ts'
import type { SessionStore } from '../storage/SessionStore.ts'
import { type ConfluxTestWallet, createConfluxTestWallet } from './testWalletConflux.ts'
import { createSolanaTestWallet, type SolanaTestWallet } from './testWalletSolana.ts'

export interface TestWalletOptions {
  readonly privateKey: Hex
  /** EVM chain ids the wallet knows; the first is the current one. */
  readonly chainIds: readonly number[]
  /** Conflux Core chain ids the wallet knows (e.g. 2029); none by default. */
  readonly confluxChainIds?: readonly number[]
  /** Solana CAIP-2 chain ids the wallet offers an account on (e.g. `solana:localnet`); none by default. */
  readonly solanaChainIds?: readonly string[]
}

export interface TestWallet {
  readonly address: Hex
  /** The Conflux Core half, when `confluxChainIds` were given. */
  readonly conflux: ConfluxTestWallet | undefined
  /** The Solana half, when `solanaChainIds` were given. */
  readonly solana: SolanaTestWallet | undefined
  readonly handle: (request: SessionRequest, session: Session) => Promise<JsonValue>
  /** Pairs with a dapp's URI as the signer, answering with `handle`. */
  pair(parameters: { uri: string; relay: RelayClient; store: SessionStore }): Promise<Session>
}

const isHex = (v: unknown): v is Hex => typeof v === 'string' && /^0x[0-9a-fA-F]*$/.test(v)

export function createTestWallet({
  privateKey,
  chainIds,
  confluxChainIds = [],
  solanaChainIds = [],
}: TestWalletOptions): TestWallet {
  const account = privateKeyToAccount(privateKey)
  const conflux =
    confluxChainIds.length === 0 ? undefined : createConfluxTestWallet(privateKey, confluxChainIds)
  const solana =
    solanaChainIds.length === 0 ? undefined : createSolanaTestWallet(privateKey, solanaChainIds)
  let chainId = chainIds[0] ?? 1
  const own = (address: unknown): void => {
    if (typeof address !== 'string' || address.toLowerCase() !== account.address.toLowerCase()) {
      throw providerError(
        RPC_ERROR_CODES.unauthorized,
        'The address is not an account of this wallet.',
      )
    }
  }
  const handle = async (request: SessionRequest, session: Session): Promise<JsonValue> => {
    if (request.chainId?.startsWith('cfx:') === true) {
      if (conflux === undefined) {
        throw providerError(
          RPC_ERROR_CODES.unsupportedMethod,
          'The test wallet has no Conflux Core account.',
        )
      }
      return conflux.handle(request, session)
    }
    if (request.chainId?.startsWith('solana:') === true) {
      if (solana === undefined) {
        throw providerError(
          RPC_ERROR_CODES.unsupportedMethod,
          'The test wallet has no Solana account.',
        )
      }
      return solana.handle(request)
    }
    const params = Array.isArray(request.params) ? request.params : []
    switch (request.method) {
      case 'eth_accounts':
        return [account.address]
      case 'personal_sign': {
        const [message, address] = params
        own(address)
        if (typeof message !== 'string')
          throw providerError(RPC_ERROR_CODES.invalidParams, 'message must be a string')
        return account.signMessage({ message: isHex(message) ? { raw: message } : message })
      }
      case 'eth_signTypedData_v4': {
        const [address, json] = params
        own(address)
        if (typeof json !== 'string')
          throw providerError(RPC_ERROR_CODES.invalidParams, 'typed data must be JSON text')
        return account.signTypedData(JSON.parse(json) as TypedDataDefinition)
      }
      case 'eth_signTransaction': {
        const [tx] = params as [Record<string, string> | undefined]
        if (tx === undefined)
          throw providerError(RPC_ERROR_CODES.invalidParams, 'a transaction is required')
        own(tx.from)
        const big = (v: string | undefined) => (v === undefined ? undefined : BigInt(v))
        const transaction: TransactionSerializable = {
          type: 'eip1559',
          chainId: Number(tx.chainId ?? chainId),
          nonce: Number(tx.nonce ?? '0x0'),
          gas: big(tx.gas) ?? 21_000n,
          maxFeePerGas: big(tx.maxFeePerGas) ?? 1n,
          maxPriorityFeePerGas: big(tx.maxPriorityFeePerGas) ?? 1n,
          ...(isHex(tx.to) ? { to: tx.to } : {}),
          value: big(tx.value) ?? 0n,
          ...(isHex(tx.data) ? { data: tx.data } : {}),
        }
        return account.signTransaction(transaction)
      }
      case 'wallet_switchEthereumChain': {
        const [target] = params as [{ chainId?: unknown } | undefined]
        const wanted = typeof target?.chainId === 'string' ? Number(target.chainId) : Number.NaN
        if (!chainIds.includes(wanted)) {
          throw providerError(
            RPC_ERROR_CODES.unrecognizedChain,
            `Chain ${String(target?.chainId)} is not known to the wallet.`,
          )
        }
        chainId = wanted
        await session.notify({ method: 'chainChanged', params: [`eip155:${wanted}`] })
        return null
      }
      default:
        throw providerError(
          RPC_ERROR_CODES.unsupportedMethod,
          `The test wallet does not support ${request.method}.`,
        )
    }
  }
  return {
    address: account.address,
    conflux,
    solana,
    handle,
    pair: ({ uri, relay, store }) =>
      pairWithUri({
        uri,
        relay,
        store,
        metadata: { name: 'Test wallet' },
        accounts: {
          ...Object.fromEntries(chainIds.map((id) => [`eip155:${id}`, [account.address]])),
          ...conflux?.accounts(),
          ...solana?.accounts(),
        },
        onRequest: handle,
      }),
  }
}
