/**
 * `cfx_sendTransaction` (docs/CHAINS.md): the dapp side fills what the dapp left out — nonce
 * (`cfx_getNextNonce`), `epochHeight` (`cfx_epochNumber`), gas and `storageLimit`
 * (`cfx_estimateGasAndCollateral`), `gasPrice` (`cfx_gasPrice`) or, for CIP-1559,
 * `maxPriorityFeePerGas` (`cfx_maxPriorityFeePerGas`) — asks the signer for `cfx_signTransaction`,
 * checks the raw transaction it gets back (same fields, signed by `from`), broadcasts it with
 * `cfx_sendRawTransaction` and checks the node's hash is keccak256 of those bytes.
 * CIP-1559 is used when the dapp sets `maxFeePerGas`, CIP-2930 when it sets only `accessList`.
 * Must never broadcast bytes it has not parsed and matched against the request.
 */
import { paramsArray, providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import { type Hex, keccak256 } from 'viem'
import { encodeBase32Address } from '../address/encodeBase32Address.ts'
import { parseCoreTransaction } from '../transaction/parseCoreTransaction.ts'
import { recoverCoreTransactionSender } from '../transaction/recoverCoreTransactionSender.ts'
import { serializeCoreTransaction } from '../transaction/serializeCoreTransaction.ts'
import type { CoreAccessList, CoreTransaction } from '../transaction/types.ts'
import type { ConfluxSignTransactionRequest } from '../types.ts'
import type { ProviderContext } from './context.ts'
import {
  base32Param,
  dataParam,
  nodeQuantity,
  objectParam,
  quantityParam,
  sessionAccount,
  toQuantity,
} from './params.ts'

export async function sendTransaction(context: ProviderContext, params: unknown): Promise<Hex> {
  const [request] = paramsArray('cfx_sendTransaction', params, 1)
  const tx = objectParam(request, 'transaction')
  const session = context.session()
  const { chainId } = session
  const from = sessionAccount(tx.from, 'from', session)
  let to: Hex | null = null
  if (tx.to !== undefined && tx.to !== null) {
    const decoded = base32Param(tx.to, 'to')
    if (decoded.networkId !== chainId) {
      throw providerError(
        RPC_ERROR_CODES.invalidParams,
        `"to" is an address of network ${decoded.networkId}; the session is on ${chainId}.`,
      )
    }
    to = decoded.hexAddress
  }
  const value = quantityParam(tx.value, 'value') ?? 0n
  const data = dataParam(tx.data, 'data') ?? '0x'
  const accessList = accessListParam(tx.accessList, chainId)
  const maxFeePerGas = quantityParam(tx.maxFeePerGas, 'maxFeePerGas')
  const type =
    maxFeePerGas !== undefined ? 'cip1559' : accessList !== undefined ? 'cip2930' : 'legacy'
  const fromBase32 = encodeBase32Address(from, chainId)
  const toBase32 = to === null ? null : encodeBase32Address(to, chainId)

  let nonce = quantityParam(tx.nonce, 'nonce')
  let epochHeight = quantityParam(tx.epochHeight, 'epochHeight')
  let gas = quantityParam(tx.gas, 'gas')
  let storageLimit = quantityParam(tx.storageLimit, 'storageLimit')
  let gasPrice = quantityParam(tx.gasPrice, 'gasPrice')
  let maxPriorityFeePerGas = quantityParam(tx.maxPriorityFeePerGas, 'maxPriorityFeePerGas')

  const fills: Promise<void>[] = []
  if (nonce === undefined) {
    fills.push(
      context.node('cfx_getNextNonce', [fromBase32]).then((n) => {
        nonce = nodeQuantity(n, 'cfx_getNextNonce')
      }),
    )
  }
  if (epochHeight === undefined) {
    fills.push(
      context.node('cfx_epochNumber', ['latest_state']).then((e) => {
        epochHeight = nodeQuantity(e, 'cfx_epochNumber')
      }),
    )
  }
  if (gas === undefined || storageLimit === undefined) {
    const call = {
      from: fromBase32,
      ...(toBase32 === null ? {} : { to: toBase32 }),
      value: toQuantity(value),
      data,
    }
    fills.push(
      context.node('cfx_estimateGasAndCollateral', [call, 'latest_state']).then((estimate) => {
        const { gasLimit, storageCollateralized } = objectParam(
          estimate,
          'cfx_estimateGasAndCollateral result',
        )
        gas ??= nodeQuantity(gasLimit, 'cfx_estimateGasAndCollateral (gasLimit)')
        storageLimit ??= nodeQuantity(
          storageCollateralized,
          'cfx_estimateGasAndCollateral (storageCollateralized)',
        )
      }),
    )
  }
  if (type !== 'cip1559' && gasPrice === undefined) {
    fills.push(
      context.node('cfx_gasPrice', []).then((p) => {
        gasPrice = nodeQuantity(p, 'cfx_gasPrice')
      }),
    )
  }
  if (type === 'cip1559' && maxPriorityFeePerGas === undefined) {
    fills.push(
      context.node('cfx_maxPriorityFeePerGas', []).then((p) => {
        const suggested = nodeQuantity(p, 'cfx_maxPriorityFeePerGas')
        maxPriorityFeePerGas =
          maxFeePerGas !== undefined && suggested > maxFeePerGas ? maxFeePerGas : suggested
      }),
    )
  }
  await Promise.all(fills)

  const common = {
    nonce: nonce as bigint,
    gas: gas as bigint,
    to,
    value,
    storageLimit: storageLimit as bigint,
    epochHeight: epochHeight as bigint,
    chainId,
    data,
  }
  const filled: CoreTransaction =
    type === 'cip1559'
      ? {
          type,
          ...common,
          maxFeePerGas: maxFeePerGas as bigint,
          maxPriorityFeePerGas: maxPriorityFeePerGas as bigint,
          accessList: accessList ?? [],
        }
      : type === 'cip2930'
        ? { type, ...common, gasPrice: gasPrice as bigint, accessList: accessList ?? [] }
        : { type, ...common, gasPrice: gasPrice as bigint }
  let unsigned: Hex
  try {
    unsigned = serializeCoreTransaction(filled)
  } catch (cause) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      'The transaction is not valid for Conflux Core.',
      { cause },
    )
  }

  const raw = await context.signer('cfx_signTransaction', [toSignRequest(filled, fromBase32)])
  checkSigned(raw, unsigned, from)
  const hash = await context.node('cfx_sendRawTransaction', [raw])
  if (hash !== keccak256(raw as Hex)) {
    throw providerError(
      RPC_ERROR_CODES.internal,
      'The node answered cfx_sendRawTransaction with a hash that is not the transaction hash.',
    )
  }
  return hash
}

function checkSigned(raw: unknown, unsigned: Hex, from: Hex): asserts raw is Hex {
  let parsed: ReturnType<typeof parseCoreTransaction>
  try {
    parsed = parseCoreTransaction(raw as Hex)
  } catch (cause) {
    throw providerError(
      RPC_ERROR_CODES.internal,
      'The signer returned an invalid raw transaction.',
      { cause },
    )
  }
  if (parsed.signature === undefined || serializeCoreTransaction(parsed.transaction) !== unsigned) {
    throw providerError(
      RPC_ERROR_CODES.internal,
      'The signer returned a transaction other than the one requested.',
    )
  }
  if (recoverCoreTransactionSender(raw as Hex) !== from) {
    throw providerError(
      RPC_ERROR_CODES.internal,
      'The signer signed the transaction with another account.',
    )
  }
}

function toSignRequest(tx: CoreTransaction, from: string): ConfluxSignTransactionRequest {
  const base = {
    from,
    to: tx.to === null ? null : encodeBase32Address(tx.to, tx.chainId),
    value: toQuantity(tx.value),
    gas: toQuantity(tx.gas),
    nonce: toQuantity(tx.nonce),
    storageLimit: toQuantity(tx.storageLimit),
    epochHeight: toQuantity(tx.epochHeight),
    chainId: toQuantity(tx.chainId),
    data: tx.data,
  }
  const list = (accessList: CoreAccessList) =>
    accessList.map((entry) => ({
      address: encodeBase32Address(entry.address, tx.chainId),
      storageKeys: [...entry.storageKeys],
    }))
  switch (tx.type) {
    case 'legacy':
      return { type: '0x0', ...base, gasPrice: toQuantity(tx.gasPrice) }
    case 'cip2930':
      return {
        type: '0x1',
        ...base,
        gasPrice: toQuantity(tx.gasPrice),
        accessList: list(tx.accessList),
      }
    case 'cip1559':
      return {
        type: '0x2',
        ...base,
        maxFeePerGas: toQuantity(tx.maxFeePerGas),
        maxPriorityFeePerGas: toQuantity(tx.maxPriorityFeePerGas),
        accessList: list(tx.accessList),
      }
  }
}

function accessListParam(value: unknown, chainId: number): CoreAccessList | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value))
    throw providerError(RPC_ERROR_CODES.invalidParams, '"accessList" must be an array.')
  return value.map((entry: unknown, index) => {
    const name = `accessList[${index}]`
    const { address, storageKeys } = objectParam(entry, name)
    const decoded = base32Param(address, `${name}.address`)
    if (decoded.networkId !== chainId) {
      throw providerError(
        RPC_ERROR_CODES.invalidParams,
        `"${name}.address" is not an address of the session's network.`,
      )
    }
    if (
      !Array.isArray(storageKeys) ||
      !storageKeys.every((key) => typeof key === 'string' && /^0x[0-9a-fA-F]{64}$/.test(key))
    ) {
      throw providerError(
        RPC_ERROR_CODES.invalidParams,
        `"${name}.storageKeys" must be an array of 32-byte hex keys.`,
      )
    }
    return {
      address: decoded.hexAddress,
      storageKeys: storageKeys.map((key: string) => key.toLowerCase() as Hex),
    }
  })
}
