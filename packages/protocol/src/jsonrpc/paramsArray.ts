/**
 * `paramsArray(method, params, min, max)`: the params of a dapp's request as an array of `min` to
 * `max` values, or viem's `InvalidParamsRpcError` (-32602) naming the method and the count.
 * Shared by the EVM and Conflux providers. Must never echo the params themselves.
 */
import { RPC_ERROR_CODES } from '../errors/codes.ts'
import { providerError } from '../errors/providerError.ts'

export function paramsArray(
  method: string,
  params: unknown,
  min: number,
  max: number = min,
): unknown[] {
  if (!Array.isArray(params) || params.length < min || params.length > max) {
    const count = min === max ? `${min}` : `${min} to ${max}`
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `${method}: expected params as an array of ${count} values.`,
    )
  }
  return params
}
