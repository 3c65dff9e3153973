/**
 * CIP-37 §Encoding: a 20-byte Core hex address → `prefix:payloadchecksum`, or with
 * `verbose: true` the upper-case form with the type option (`CFX:TYPE.USER:AAR…`), which is what
 * js-conflux-sdk and Fluent print as "verbose". Must never emit an address `decodeBase32Address`
 * would refuse, and never include optional fields in the checksum (§Encoding step 4).
 */
import { bytesToSymbols, checksumSymbols, symbolsToString } from './base32.ts'
import { VERSION_BYTE } from './constants.ts'
import { typeOfBytes } from './getCoreAddressType.ts'
import { hexAddressBytes } from './hexAddressBytes.ts'
import { networkIdToPrefix } from './networkIdToPrefix.ts'

export type EncodeBase32AddressOptions = {
  /** Upper case with `TYPE.<type>` between prefix and payload (CIP-37 §Encoding step 5). */
  verbose?: boolean
}

export function encodeBase32Address(
  address: string | Uint8Array,
  networkId: number,
  options: EncodeBase32AddressOptions = {},
): string {
  const bytes = hexAddressBytes(address)
  const prefix = networkIdToPrefix(networkId)
  // §Encoding step 3: version byte ‖ address, regrouped into 5-bit symbols.
  const payload = bytesToSymbols(Uint8Array.of(VERSION_BYTE, ...bytes))
  const body = symbolsToString([...payload, ...checksumSymbols(prefix, payload)])
  if (options.verbose !== true) return `${prefix}:${body}`
  return `${prefix}:type.${typeOfBytes(bytes)}:${body}`.toUpperCase()
}
