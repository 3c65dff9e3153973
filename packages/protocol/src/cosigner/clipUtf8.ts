/**
 * `text` as well-formed UTF-8 of at most `maxBytes` bytes, cut on a character boundary with `…`
 * marking a cut (a lone surrogate becomes U+FFFD, as it would on the wire). Used for error
 * messages and WebSocket close reasons, which must fit their limits rather than be refused.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'

const decoder = new TextDecoder()

export function clipUtf8(text: string, maxBytes: number): string {
  const bytes = utf8ToBytes(text)
  if (bytes.length <= maxBytes) return decoder.decode(bytes)
  let cut = maxBytes - 3
  // Back off over continuation bytes (0b10xxxxxx) to the start of a character.
  while (cut > 0 && ((bytes[cut] as number) & 0xc0) === 0x80) cut--
  return `${decoder.decode(bytes.subarray(0, cut))}…`
}
