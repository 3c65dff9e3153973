/**
 * CIP-37 §Encoding / §Decoding step 2: the network id of a lower-case network prefix. `net1` and
 * `net1029` are refused (they must be spelled `cfxtest` and `cfx`), as are leading zeros
 * (`net017` would be a second spelling of `net17`). Must never accept anything but the canonical
 * spelling of a prefix.
 */

import { MAINNET_NETWORK_ID, MAX_NETWORK_ID, TESTNET_NETWORK_ID } from './constants.ts'
import { InvalidAddressError } from './InvalidAddressError.ts'
import { invalidNetId } from './networkIdToPrefix.ts'

const NET_PREFIX = /^net([1-9][0-9]{0,9})$/

export function prefixToNetworkId(prefix: string): number {
  if (typeof prefix !== 'string') {
    throw new TypeError(`"prefix" expected a string, got ${typeof prefix}`)
  }
  if (prefix === 'cfx') return MAINNET_NETWORK_ID
  if (prefix === 'cfxtest') return TESTNET_NETWORK_ID
  const match = NET_PREFIX.exec(prefix)
  if (match === null) throw invalidNetId(safePrefix(prefix))
  const id = Number(match[1])
  if (id > MAX_NETWORK_ID) throw invalidNetId(prefix)
  if (id === MAINNET_NETWORK_ID || id === TESTNET_NETWORK_ID) {
    throw new InvalidAddressError(
      'ReservedPrefix',
      `Network prefix "${prefix}" is invalid: network ${id} must be written "${id === 1 ? 'cfxtest' : 'cfx'}" (CIP-37).`,
    )
  }
  return id
}

/** Echo a prefix only when it is short and plain; anything else is described, not printed. */
function safePrefix(prefix: string): string {
  return /^[a-z0-9]{1,16}$/.test(prefix) ? prefix : '(malformed)'
}
