/**
 * CIP-37 §Decoding: `prefix[:key.value…]:payload` → hex address, network id and type. Each rule
 * has its own `InvalidAddressError` code: mixed case, no separator, bad or reserved prefix, bad
 * length, characters outside the alphabet, bad checksum, non-zero padding, unknown version byte,
 * a `type.` option that contradicts the address. Unknown options are ignored (§Decoding step 6).
 * Must never return bytes from an address whose checksum did not verify.
 */
import { bytesToHex } from 'viem'
import { polyMod, prefixSymbols, stringToSymbols, symbolsToBytes } from './base32.ts'
import { CHECKSUM_LENGTH, PAYLOAD_LENGTH, VERSION_BYTE } from './constants.ts'
import { typeOfBytes } from './getCoreAddressType.ts'
import { InvalidAddressError } from './InvalidAddressError.ts'
import { prefixToNetworkId } from './prefixToNetworkId.ts'
import type { DecodedBase32Address } from './types.ts'

/** Longer inputs are refused before any work: no valid address comes near it. */
const MAX_ADDRESS_LENGTH = 256

export function decodeBase32Address(address: string): DecodedBase32Address {
  if (typeof address !== 'string') {
    throw new TypeError(
      `"address" expected a string, got ${address === null ? 'null' : typeof address}`,
    )
  }
  if (address.length > MAX_ADDRESS_LENGTH) {
    throw new InvalidAddressError(
      'BadLength',
      `Address is longer than ${MAX_ADDRESS_LENGTH} characters.`,
    )
  }
  // §Decoding step 1: mixed case is rejected, then everything is read in lower case.
  const lower = address.toLowerCase()
  if (address !== lower && address !== address.toUpperCase()) {
    throw new InvalidAddressError(
      'MixedCase',
      'Address mixes upper and lower case (CIP-37 §Decoding).',
    )
  }
  const parts = lower.split(':')
  if (parts.length < 2) {
    throw new InvalidAddressError(
      'MissingSeparator',
      'Address has no ":" after its network prefix.',
    )
  }
  const prefix = parts[0] as string
  const body = parts[parts.length - 1] as string
  const options = parts.slice(1, -1)

  // §Decoding step 2.
  const networkId = prefixToNetworkId(prefix)

  // §Decoding step 3: alphabet, length and checksum over prefix ‖ 0 ‖ payload ‖ checksum.
  if (body.length !== PAYLOAD_LENGTH + CHECKSUM_LENGTH) {
    throw new InvalidAddressError(
      'BadLength',
      `Address payload has ${body.length} characters; a 20-byte address has ${PAYLOAD_LENGTH + CHECKSUM_LENGTH}.`,
    )
  }
  const symbols = stringToSymbols(body)
  if (!Array.isArray(symbols)) {
    throw new InvalidAddressError(
      'BadCharacter',
      `Address payload has a character outside the CIP-37 alphabet at position ${symbols.badIndex + 1} (i, l, o, q are never used).`,
    )
  }
  if (polyMod([...prefixSymbols(prefix), ...symbols]) !== 0n) {
    throw new InvalidAddressError(
      'BadChecksum',
      'Address checksum does not match: the address has a typo.',
    )
  }

  // §Decoding steps 4–5: version byte, then exactly 20 address bytes.
  const bytes = symbolsToBytes(symbols.slice(0, PAYLOAD_LENGTH))
  if (bytes === undefined) {
    throw new InvalidAddressError('BadPadding', 'Address payload has non-zero padding bits.')
  }
  if (bytes[0] !== VERSION_BYTE) {
    throw new InvalidAddressError(
      'BadVersion',
      `Address version byte is ${bytes[0]}; only version 0 (160-bit Conflux address) exists.`,
    )
  }
  const hex = bytes.subarray(1)
  const type = typeOfBytes(hex)

  // §Decoding step 6: `type.*` must match; other options are ignored.
  for (const option of options) {
    if (!/^[a-z0-9]+\.[a-z0-9]+$/.test(option)) {
      throw new InvalidAddressError('BadOption', 'Address option is not of the form "key.value".')
    }
    if (option.startsWith('type.') && option !== `type.${type}`) {
      throw new InvalidAddressError(
        'TypeMismatch',
        `Address says "${option}" but its first byte makes it "type.${type}".`,
      )
    }
  }
  return { hexAddress: bytesToHex(hex), networkId, type }
}
