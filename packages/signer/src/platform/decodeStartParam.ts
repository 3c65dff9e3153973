/**
 * The pairing URI carried in a Telegram `startapp` parameter (`t.me/<bot>/<app>?startapp=…`):
 * Telegram allows only A-Z a-z 0-9 _ - and at most 512 characters there, so the URI travels as
 * unpadded base64url of its UTF-8. Returns the URI text; its fields and expiry are checked by
 * `parsePairingUri` with the current time. Never returns text that failed to decode.
 */
import { base64urlnopad, utf8 } from '@scure/base'

export function decodeStartParam(param: string): string {
  if (typeof param !== 'string' || !/^[A-Za-z0-9_-]{1,512}$/.test(param)) {
    throw new RangeError('"startapp" expected 1–512 characters of A-Z a-z 0-9 _ -')
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(base64urlnopad.decode(param))
  } catch (cause) {
    throw new RangeError('"startapp" is not base64url of UTF-8 text', { cause })
  }
  return text
}

/** The `startapp` value for a pairing URI (for a dapp's or a bot's t.me link). */
export function encodeStartParam(uri: string): string {
  const param = base64urlnopad.encode(utf8.decode(uri))
  if (param.length > 512) throw new RangeError('the pairing URI is too long for a startapp link')
  return param
}
