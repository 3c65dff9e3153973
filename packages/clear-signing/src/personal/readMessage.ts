/**
 * The bytes of a `personal_sign` message and whether they are text a person can read: valid UTF-8
 * without control characters other than tab and line breaks. Dapps send 0x-hex (EIP-1193) and
 * sometimes a plain string, which is signed as its UTF-8 bytes (as MetaMask does).
 */
import { hexToBytes } from 'viem'
import { ClearSigningError } from '../ClearSigningError.ts'
import { asHexBytes } from '../params.ts'

/** Messages above 64 KiB are refused: nobody reviews more, and SIWE/permits are far smaller. */
export const MAX_MESSAGE_BYTES = 64 * 1024

export type PersonalMessage =
  | { readonly kind: 'text'; readonly text: string; readonly bytes: Uint8Array }
  | { readonly kind: 'bytes'; readonly hex: `0x${string}`; readonly bytes: Uint8Array }

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
/** C0/C1 controls other than tab, LF and CR, and the bidirectional overrides that reorder text. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true
    if (c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e)) return true
    if (c >= 0x2066 && c <= 0x2069) return true
  }
  return false
}

export function readMessage(value: unknown, what: string): PersonalMessage {
  if (typeof value === 'string' && !value.startsWith('0x')) {
    const bytes = new TextEncoder().encode(value)
    if (bytes.length > MAX_MESSAGE_BYTES) throw tooLarge(what)
    return classifyMessage(bytes)
  }
  const hex = asHexBytes(value, what)
  if ((hex.length - 2) / 2 > MAX_MESSAGE_BYTES) throw tooLarge(what)
  return classifyMessage(hexToBytes(hex))
}

/** Text when the bytes are readable UTF-8 (see hasControl), otherwise hex. */
export function classifyMessage(bytes: Uint8Array): PersonalMessage {
  let decoded: string | undefined
  try {
    decoded = utf8.decode(bytes)
  } catch {
    decoded = undefined
  }
  if (decoded !== undefined && bytes.length > 0 && !hasControl(decoded)) {
    return { kind: 'text', text: decoded, bytes }
  }
  let hex = '0x'
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return { kind: 'bytes', hex: hex as `0x${string}`, bytes }
}

function tooLarge(what: string): ClearSigningError {
  return new ClearSigningError('TooLarge', `Invalid params: ${what} is larger than 64 KiB.`)
}
