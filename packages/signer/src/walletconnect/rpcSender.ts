/**
 * `rpcSender`: how the WalletConnect mode fills and broadcasts `eth_sendTransaction` — the one
 * place the signer talks to a chain, through the RPC URL configured for that chain and nowhere
 * else. Filling: nonce (pending count), gas (estimate) and EIP-1559 fees (estimate) for whatever
 * the dapp left out; a `chainId` the dapp gave must be the request's chain. A chain without a
 * configured URL is refused before anything is sent.
 */
import {
  type Address,
  createPublicClient,
  type Hex,
  hexToBigInt,
  http,
  isAddress,
  isHex,
  type PublicClient,
  type TransactionSerializable,
} from 'viem'
import type { TransactionSender } from '../dapps/signRequest.ts'

const QUANTITY = /^0x(0|[1-9a-fA-F][0-9a-fA-F]{0,63})$/

function quantity(tx: Readonly<Record<string, unknown>>, key: string): bigint | undefined {
  const value = tx[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || !QUANTITY.test(value)) {
    throw new TypeError(`"${key}" expected a hex quantity`)
  }
  return hexToBigInt(value as Hex)
}

/** `rpc`: CAIP-2 chain id (`eip155:<id>`) → HTTP(S) JSON-RPC URL. */
export function rpcSender(rpc: { readonly [chainId: string]: string }): TransactionSender {
  const clients = new Map<number, PublicClient>()
  const client = (chainId: number): PublicClient => {
    let c = clients.get(chainId)
    if (c === undefined) {
      const url = rpc[`eip155:${chainId}`]
      if (url === undefined) throw new Error(`no RPC URL is configured for eip155:${chainId}`)
      c = createPublicClient({ transport: http(url, { retryCount: 0 }) })
      clients.set(chainId, c)
    }
    return c
  }
  return {
    async fill(tx, from, chainId) {
      const rpcClient = client(chainId)
      const given = quantity(tx, 'chainId')
      if (given !== undefined && given !== BigInt(chainId)) {
        throw new TypeError(`"chainId" ${given} is not the request's chain ${chainId}`)
      }
      const to = tx.to ?? undefined
      if (to !== undefined && (typeof to !== 'string' || !isAddress(to))) {
        throw new TypeError('"to" is not an address')
      }
      const data = tx.data ?? tx.input
      if (data !== undefined && (typeof data !== 'string' || !isHex(data))) {
        throw new TypeError('"data" expected hex')
      }
      const value = quantity(tx, 'value') ?? 0n
      const call = {
        account: from as Address,
        value,
        ...(to === undefined ? {} : { to: to as Address }),
        ...(data === undefined ? {} : { data: data as Hex }),
      }
      const nonce =
        quantity(tx, 'nonce') ??
        BigInt(await rpcClient.getTransactionCount({ address: from, blockTag: 'pending' }))
      const gas = quantity(tx, 'gas') ?? (await rpcClient.estimateGas(call))
      let maxFeePerGas = quantity(tx, 'maxFeePerGas')
      let maxPriorityFeePerGas = quantity(tx, 'maxPriorityFeePerGas')
      if (maxFeePerGas === undefined || maxPriorityFeePerGas === undefined) {
        const fees = await rpcClient.estimateFeesPerGas({ type: 'eip1559', chain: null })
        maxFeePerGas ??= fees.maxFeePerGas
        maxPriorityFeePerGas ??= fees.maxPriorityFeePerGas
      }
      const transaction: TransactionSerializable = {
        type: 'eip1559',
        chainId,
        nonce: Number(nonce),
        gas,
        maxFeePerGas,
        maxPriorityFeePerGas,
        value,
        ...(to === undefined ? {} : { to: to as Address }),
        ...(data === undefined ? {} : { data: data as Hex }),
      }
      return transaction
    },
    broadcast: (chainId, signed) =>
      client(chainId).sendRawTransaction({ serializedTransaction: signed }),
  }
}
