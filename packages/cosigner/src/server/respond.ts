/**
 * JSON responses and error responses. Errors carry a stable code and the precise message of a
 * CosignerError; anything else is an opaque 500 (its detail goes to the log, not the client).
 */
import type { ServerResponse } from 'node:http'
import { CosignerError, PolicyDeniedError } from '../errors.ts'

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...SECURITY_HEADERS,
    ...headers,
  })
  res.end(text)
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string) {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    ...SECURITY_HEADERS,
  })
  res.end(text)
}

export function sendError(res: ServerResponse, error: unknown): { status: number; code: string } {
  if (error instanceof CosignerError) {
    const body = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.platformCode === undefined ? {} : { platformCode: error.platformCode }),
        ...(error.retryable ? { retryable: true } : {}),
        ...(error instanceof PolicyDeniedError ? { rule: error.rule } : {}),
      },
    }
    sendJson(res, error.status, body, error.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {})
    return { status: error.status, code: error.code }
  }
  sendJson(res, 500, { error: { code: 'Internal', message: 'internal error' } })
  return { status: 500, code: 'Internal' }
}
