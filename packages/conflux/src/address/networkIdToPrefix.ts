/**
 * CIP-37 §Encoding: the network prefix of a network id (`cfx` 1029, `cfxtest` 1, `net<N>`
 * otherwise). Must never produce a prefix `prefixToNetworkId` would refuse.
 */

import { MAINNET_NETWORK_ID, MAX_NETWORK_ID, TESTNET_NETWORK_ID } from './constants.ts'
import { InvalidAddressError } from './InvalidAddressError.ts'

export function networkIdToPrefix(networkId: number): string {
  checkNetworkId(networkId)
  if (networkId === MAINNET_NETWORK_ID) return 'cfx'
  if (networkId === TESTNET_NETWORK_ID) return 'cfxtest'
  return `net${networkId}`
}

/** Network ids are integers in [1, 2^32 − 1]; `net0` is not decodable by conflux-rust either. */
export function checkNetworkId(networkId: unknown): asserts networkId is number {
  if (typeof networkId !== 'number' || !Number.isInteger(networkId)) {
    throw new TypeError(`"networkId" expected an integer, got ${String(networkId)}`)
  }
  if (networkId < 1 || networkId > MAX_NETWORK_ID) {
    throw new RangeError(
      `"networkId" expected an integer in [1, ${MAX_NETWORK_ID}], got ${networkId}`,
    )
  }
}

/** Same rule for ids that arrive inside strings (CIP-37 `net<N>`), as an address error. */
export function invalidNetId(prefix: string): InvalidAddressError {
  return new InvalidAddressError(
    'BadPrefix',
    `Network prefix "${prefix}" is not "cfx", "cfxtest" or "net<N>" with N a network id in [1, ${MAX_NETWORK_ID}].`,
  )
}
