/**
 * `eth_signTransaction`'s parameter (JSON-RPC hex quantities) → viem's TransactionSerializable,
 * validated: the signer only signs, so nonce, gas and fees must be filled by the caller
 * (docs/CHAINS.md); the type follows the fields (EIP-1559 fees → eip1559, an access list →
 * eip2930).
 */
import {
  type Address,
  type Hex,
  hexToBigInt,
  InvalidParamsRpcError,
  isAddress,
  isHex,
  type TransactionSerializable,
} from 'viem'

function bad(message: string): never {
  throw new InvalidParamsRpcError(new Error(message))
}

function quantity(tx: Record<string, unknown>, key: string, required: boolean): bigint | undefined {
  const value = tx[key]
  if (value === undefined || value === null) {
    if (required) bad(`transaction "${key}" is required: the caller fills it`)
    return undefined
  }
  if (typeof value !== 'string' || !/^0x(0|[1-9a-fA-F][0-9a-fA-F]{0,63})$/.test(value)) {
    bad(`transaction "${key}" expected a hex quantity`)
  }
  return hexToBigInt(value as Hex)
}

export function parseRpcTransaction(param: unknown, chainId: number): TransactionSerializable {
  if (param === null || typeof param !== 'object') bad('transaction expected an object')
  const tx = param as Record<string, unknown>
  const to = tx.to === undefined || tx.to === null ? undefined : tx.to
  if (to !== undefined && (typeof to !== 'string' || !isAddress(to)))
    bad('transaction "to" is not an address')
  const data = tx.data ?? tx.input
  if (data !== undefined && (typeof data !== 'string' || !isHex(data)))
    bad('transaction "data" expected hex')
  const given = quantity(tx, 'chainId', false)
  if (given !== undefined && given !== BigInt(chainId)) {
    bad(`transaction "chainId" ${given} is not the current chain ${chainId}`)
  }
  const common = {
    chainId,
    nonce: Number(quantity(tx, 'nonce', true)),
    gas: quantity(tx, 'gas', true) as bigint,
    value: quantity(tx, 'value', false) ?? 0n,
    ...(to === undefined ? {} : { to: to as Address }),
    ...(data === undefined ? {} : { data: data as Hex }),
  }
  const accessList = tx.accessList as TransactionSerializable['accessList']
  if (tx.maxFeePerGas !== undefined) {
    return {
      ...common,
      type: 'eip1559',
      maxFeePerGas: quantity(tx, 'maxFeePerGas', true) as bigint,
      maxPriorityFeePerGas: quantity(tx, 'maxPriorityFeePerGas', true) as bigint,
      ...(accessList === undefined ? {} : { accessList }),
    }
  }
  const gasPrice = quantity(tx, 'gasPrice', true) as bigint
  if (accessList !== undefined) return { ...common, type: 'eip2930', gasPrice, accessList }
  return { ...common, type: 'legacy', gasPrice }
}
