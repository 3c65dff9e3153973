/**
 * CIP-23 §Encoding method, bytestrings: keccak256("\x19Conflux Signed Message:\n" ‖ len ‖
 * message), `len` the unpadded decimal byte count. A string is hashed as its UTF-8 bytes, `raw`
 * as exactly the given bytes. This is the spec's encoding; for the `personal_sign` parameter as
 * wallets read it, use `hashPersonalSignMessage`. Must never guess whether a string is hex.
 */

import { keccak_256 } from '@noble/hashes/sha3.js'
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { bytesToHex, type Hex } from 'viem'
import { describeType } from '../internal/describeType.ts'
import { hexOrBytes } from '../internal/hexOrBytes.ts'

export const CONFLUX_MESSAGE_PREFIX = '\x19Conflux Signed Message:\n'

export type ConfluxMessage = string | { raw: Hex | Uint8Array }

export function hashConfluxMessage(message: ConfluxMessage): Hex {
  return bytesToHex(keccak_256(confluxMessageBytes(message)))
}

/** The bytes that are hashed: prefix ‖ decimal length ‖ message. */
export function confluxMessageBytes(message: ConfluxMessage): Uint8Array {
  let body: Uint8Array
  if (typeof message === 'string') body = utf8ToBytes(message)
  else if (typeof message === 'object' && message !== null && 'raw' in message) {
    body = hexOrBytes(message.raw, 'message.raw')
  } else {
    throw new TypeError(`"message" expected a string or { raw }, got ${describeType(message)}`)
  }
  const head = utf8ToBytes(`${CONFLUX_MESSAGE_PREFIX}${body.length}`)
  return concatBytes(head, body)
}
