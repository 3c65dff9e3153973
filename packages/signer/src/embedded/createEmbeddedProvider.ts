/**
 * An EIP-1193 provider over the threshold wallet for apps that embed the signer (docs/CHAINS.md#evm
 * method table, signer side): accounts and chain from local state, the signing methods through
 * `onApprove` and the verified threshold signer, `wallet_switchEthereumChain` among the chains
 * configured, everything else forwarded to `rpc` (or 4200 without one). `eth_sendTransaction`
 * fills what the caller left out (nonce, fees, gas) from `rpc`, asks `onApprove` with the filled
 * transaction, signs it and broadcasts it through `rpc` (`eth_sendRawTransaction`), so a dapp
 * library that only speaks EIP-1193 (a wagmi connector) can send. Errors are viem's EIP-1193
 * error classes with their codes.
 */
import {
  type Address,
  type EIP1193Parameters,
  type EIP1193RequestFn,
  type Hex,
  hexToBigInt,
  InvalidParamsRpcError,
  isHex,
  numberToHex,
  SwitchChainError,
  type TypedDataDefinition,
  UnauthorizedProviderError,
  UnsupportedProviderMethodError,
} from 'viem'
import type { WalletSigner } from '../engine/walletSigner.ts'
import { approve, type OnApprove } from './approval.ts'
import { parseRpcTransaction } from './parseRpcTransaction.ts'

type Listener = (...args: unknown[]) => void
export type EmbeddedProviderEvent = 'accountsChanged' | 'chainChanged' | 'connect' | 'disconnect'

export type EmbeddedProvider = {
  request(args: { method: string; params?: unknown }): Promise<unknown>
  on(event: EmbeddedProviderEvent, listener: Listener): void
  removeListener(event: EmbeddedProviderEvent, listener: Listener): void
}

export function createEmbeddedProvider(options: {
  readonly signer: WalletSigner
  /** Chain ids the app may switch between; the first is the initial chain. */
  readonly chains: readonly number[]
  readonly index?: number
  readonly onApprove?: OnApprove
  /** Where read methods go (`eth_call`, `eth_getBalance`, …). */
  readonly rpc?: EIP1193RequestFn
}): EmbeddedProvider {
  const index = options.index ?? 0
  const address = options.signer.account(index).secp256k1?.address as Address
  if (options.chains.length === 0) throw new TypeError('"chains" expected at least one chain id')
  let chainId = options.chains[0] as number
  const listeners = new Map<EmbeddedProviderEvent, Set<Listener>>()
  const emit = (event: EmbeddedProviderEvent, value: unknown) => {
    for (const l of listeners.get(event) ?? []) l(value)
  }
  const params = (value: unknown, length: number): unknown[] => {
    if (!Array.isArray(value) || value.length < length) {
      throw new InvalidParamsRpcError(new Error(`expected ${length} parameters`))
    }
    return value
  }
  const ours = (value: unknown): void => {
    if (typeof value !== 'string' || value.toLowerCase() !== address.toLowerCase()) {
      throw new UnauthorizedProviderError(
        new Error(`${String(value)} is not this wallet's account`),
      )
    }
  }

  async function request({ method, params: raw }: { method: string; params?: unknown }) {
    switch (method) {
      case 'eth_accounts':
      case 'eth_requestAccounts':
        return [address]
      case 'eth_chainId':
        return numberToHex(chainId)
      case 'net_version':
        return String(chainId)
      case 'personal_sign': {
        const [message, from] = params(raw, 2)
        ours(from)
        if (typeof message !== 'string')
          throw new InvalidParamsRpcError(new Error('message expected string'))
        const signable = isHex(message) ? { raw: message as Hex } : message
        await approve(options.onApprove, { method, address, message: signable })
        return options.signer.signMessage(index, signable)
      }
      case 'eth_signTypedData_v4': {
        const [from, json] = params(raw, 2)
        ours(from)
        let typedData: TypedDataDefinition
        try {
          typedData = (typeof json === 'string' ? JSON.parse(json) : json) as TypedDataDefinition
        } catch (cause) {
          throw new InvalidParamsRpcError(cause as Error)
        }
        await approve(options.onApprove, { method, address, typedData })
        return options.signer.signTypedData(index, typedData)
      }
      case 'eth_signTransaction': {
        const [param] = params(raw, 1)
        ours((param as { from?: unknown } | null)?.from)
        const transaction = parseRpcTransaction(param, chainId)
        await approve(options.onApprove, { method, address, transaction })
        return options.signer.signTransaction(index, transaction)
      }
      case 'eth_sendTransaction': {
        const [param] = params(raw, 1)
        ours((param as { from?: unknown } | null)?.from)
        if (options.rpc === undefined) {
          throw new UnsupportedProviderMethodError(
            new Error('eth_sendTransaction needs `rpc` to fill and broadcast the transaction'),
          )
        }
        const transaction = parseRpcTransaction(
          await fillTransaction(options.rpc, address, param),
          chainId,
        )
        await approve(options.onApprove, { method, address, transaction })
        const signed = await options.signer.signTransaction(index, transaction)
        return options.rpc({ method: 'eth_sendRawTransaction', params: [signed] })
      }
      case 'wallet_switchEthereumChain': {
        const [param] = params(raw, 1)
        const wanted = (param as { chainId?: unknown } | null)?.chainId
        const id = typeof wanted === 'string' && isHex(wanted) ? Number(BigInt(wanted)) : Number.NaN
        if (!options.chains.includes(id)) {
          throw new SwitchChainError(new Error(`chain ${String(wanted)} is not configured`))
        }
        if (id !== chainId) {
          chainId = id
          emit('chainChanged', numberToHex(id))
        }
        return null
      }
      default:
        if (options.rpc === undefined) {
          throw new UnsupportedProviderMethodError(new Error(`${method} is not supported`))
        }
        return options.rpc({ method, params: raw } as EIP1193Parameters)
    }
  }

  return {
    request,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener)
    },
  }
}

/**
 * An `eth_sendTransaction` parameter with what the caller left out filled from the chain: the
 * pending nonce; EIP-1559 fees when the latest block has a base fee (tip from
 * `eth_maxPriorityFeePerGas`, else the gas price above the base fee; max fee twice the base fee
 * plus the tip), else the gas price; the gas estimate. What the caller gave is kept as given.
 */
async function fillTransaction(
  rpc: EIP1193RequestFn,
  from: Address,
  param: unknown,
): Promise<Record<string, unknown>> {
  if (param === null || typeof param !== 'object')
    throw new InvalidParamsRpcError(new Error('transaction expected an object'))
  const tx: Record<string, unknown> = { ...(param as Record<string, unknown>) }
  const call = (method: string, params: unknown[] = []) =>
    rpc({ method, params } as EIP1193Parameters) as Promise<unknown>
  if (tx.nonce === undefined || tx.nonce === null)
    tx.nonce = await call('eth_getTransactionCount', [from, 'pending'])
  const priced = [tx.gasPrice, tx.maxFeePerGas].some((v) => v !== undefined && v !== null)
  if (!priced) {
    const block = (await call('eth_getBlockByNumber', ['latest', false])) as {
      baseFeePerGas?: Hex
    } | null
    if (block?.baseFeePerGas !== undefined && tx.accessList === undefined) {
      const base = hexToBigInt(block.baseFeePerGas)
      const tip =
        typeof tx.maxPriorityFeePerGas === 'string'
          ? hexToBigInt(tx.maxPriorityFeePerGas as Hex)
          : await call('eth_maxPriorityFeePerGas').then(
              (v) => hexToBigInt(v as Hex),
              async () => {
                const price = hexToBigInt((await call('eth_gasPrice')) as Hex)
                return price > base ? price - base : 0n
              },
            )
      tx.maxPriorityFeePerGas = numberToHex(tip)
      tx.maxFeePerGas = numberToHex(2n * base + tip)
    } else {
      tx.gasPrice = await call('eth_gasPrice')
    }
  }
  if (tx.gas === undefined || tx.gas === null) {
    const estimate: Record<string, unknown> = { from }
    for (const key of ['to', 'value', 'data', 'input', 'accessList'] as const)
      if (tx[key] !== undefined && tx[key] !== null) estimate[key] = tx[key]
    tx.gas = await call('eth_estimateGas', [estimate])
  }
  return tx
}
