/**
 * Alipay RSA2 (docs/AUTH.md#alipay-mini-program §3–4): the request string to sign is every
 * parameter except `sign` (`sign_type` included), empty values dropped, keys sorted by ASCII,
 * `k=v` joined with `&`, raw values (not URL-encoded); SHA256withRSA, base64. Responses are
 * verified over the raw JSON substring of the `*_response` object, cut from the body before
 * any parsing. Uses node:crypto for RSA. Never logs keys or signed content.
 */
import { createSign, createVerify, type KeyObject } from 'node:crypto'

export function alipaySigningString(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((key) => key !== 'sign' && params[key] !== undefined && params[key] !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}=${params[key]}`)
    .join('&')
}

export function signAlipayParams(
  params: Record<string, string | undefined>,
  privateKey: KeyObject | string,
): string {
  return createSign('RSA-SHA256')
    .update(alipaySigningString(params), 'utf8')
    .sign(privateKey, 'base64')
}

export function verifyRsa2(
  content: string,
  signature: string,
  publicKey: KeyObject | string,
): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false
  return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64')
}

/**
 * The exact text of the JSON value at top-level key `name`, as it appears in `body`, or
 * undefined. Scans strings with their escapes so braces inside strings do not count.
 */
export function rawJsonMember(body: string, name: string): string | undefined {
  let depth = 0
  let i = 0
  const n = body.length
  while (i < n) {
    const c = body[i]
    if (c === '"') {
      const start = i
      i++
      while (i < n && body[i] !== '"') i += body[i] === '\\' ? 2 : 1
      const key = body.slice(start + 1, i)
      i++
      if (depth === 1 && key === name) {
        let j = i
        while (j < n && /\s/.test(body[j] as string)) j++
        if (body[j] !== ':') continue
        j++
        while (j < n && /\s/.test(body[j] as string)) j++
        if (body[j] !== '{') return undefined
        return body.slice(j, endOfObject(body, j))
      }
      continue
    }
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
    i++
  }
  return undefined
}

function endOfObject(body: string, start: number): number {
  let depth = 0
  let i = start
  while (i < body.length) {
    const c = body[i]
    if (c === '"') {
      i++
      while (i < body.length && body[i] !== '"') i += body[i] === '\\' ? 2 : 1
    } else if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) return i + 1
    }
    i++
  }
  return body.length + 1
}
