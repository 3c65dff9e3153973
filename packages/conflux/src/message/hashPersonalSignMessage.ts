/**
 * The digest a Conflux wallet signs for `personal_sign [message, address]`, as Fluent computes it
 * (Fluent's signer calls js-conflux-sdk's `PersonalMessage.sign(key, message)`):
 *
 * - a string matching /^0x[0-9a-fA-F]*$/ is hex: its bytes are decoded (an odd digit count gets a
 *   leading zero nibble, as js-conflux-sdk's `format.hex` does), then turned into text with UTF-8
 *   decoding — invalid sequences become U+FFFD — and that text is re-encoded as UTF-8 after
 *   "\x19Conflux Signed Message:\n" ‖ <byte count of the *decoded hex*>;
 * - any other string is its own UTF-8 text.
 *
 * For valid UTF-8 the result equals CIP-23's prefix ‖ len ‖ bytes (`hashConfluxMessage({raw})`).
 * For bytes that are not UTF-8 (a hash, binary data) it does not: each bad sequence is hashed as
 * EF BF BD while the length still counts the original bytes. We reproduce that on purpose: a
 * dapp's verifier (js-conflux-sdk `PersonalMessage.recover`, Fluent-signed history) expects it,
 * and a dapp that needs exact binary semantics should sign a hash with CIP-23 typed data instead.
 * Must never be used for anything but the `personal_sign` parameter.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { bytesToHex, type Hex } from 'viem'
import { describeType } from '../internal/describeType.ts'
import { CONFLUX_MESSAGE_PREFIX } from './hashConfluxMessage.ts'

const HEX_MESSAGE = /^0x[0-9a-fA-F]*$/

export function hashPersonalSignMessage(message: string): Hex {
  if (typeof message !== 'string') {
    throw new TypeError(`"message" expected a string, got ${describeType(message)}`)
  }
  let text = message
  let length: number
  if (HEX_MESSAGE.test(message)) {
    const digits = message.length % 2 === 0 ? message.slice(2) : `0${message.slice(2)}`
    const bytes = hexToBytes(digits)
    text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes)
    length = bytes.length
  } else {
    length = utf8ToBytes(message).length
  }
  return bytesToHex(keccak_256(utf8ToBytes(`${CONFLUX_MESSAGE_PREFIX}${length}${text}`)))
}
