/**
 * Request bodies: read up to a size limit (413 beyond it, without buffering the rest), parsed
 * as a JSON object, and field helpers that validate before anything uses a value.
 */
import type { IncomingMessage } from 'node:http'
import { base64urlnopad } from '@scure/base'
import { CosignerError } from '../errors.ts'

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > maxBytes)
    throw new CosignerError('PayloadTooLarge', `request body larger than ${maxBytes} bytes`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBytes)
      throw new CosignerError('PayloadTooLarge', `request body larger than ${maxBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

export async function readJsonObject(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? ''
  if (!/^application\/json(\s*;|$)/i.test(type))
    throw new CosignerError('BadRequest', 'Content-Type must be application/json')
  const raw = await readBody(req, maxBytes)
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch {
    throw new CosignerError('BadRequest', 'request body is not JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CosignerError('BadRequest', 'request body must be a JSON object')
  return value as Record<string, unknown>
}

export function stringField(
  body: Record<string, unknown>,
  name: string,
  pattern: RegExp,
  optional: true,
): string | undefined
export function stringField(
  body: Record<string, unknown>,
  name: string,
  pattern: RegExp,
  optional?: false,
): string
export function stringField(
  body: Record<string, unknown>,
  name: string,
  pattern: RegExp,
  optional = false,
): string | undefined {
  const value = body[name]
  if (value === undefined && optional) return undefined
  if (typeof value !== 'string' || !pattern.test(value))
    throw new CosignerError('BadRequest', `"${name}" is missing or malformed`)
  return value
}

export const DAPP_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/

/** The device's X25519 static key for the JWT `cnf` claim (32 bytes, base64url). */
export function deviceKeyField(body: Record<string, unknown>): string | undefined {
  const value = stringField(body, 'deviceKey', /^[A-Za-z0-9_-]{43}$/, true)
  if (value === undefined) return undefined
  try {
    base64urlnopad.decode(value)
  } catch {
    // 43 characters whose last one carries bits past the 32 bytes: not a canonical encoding.
    throw new CosignerError('BadRequest', '"deviceKey" is missing or malformed')
  }
  return value
}
