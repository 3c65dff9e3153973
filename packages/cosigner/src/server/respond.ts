/**
 * Error responses (JSON bodies are the server kit's `sendJson`). Errors carry a stable code and the precise message of a
 * CosignerError; anything else is an opaque 500 (its detail goes to the log, not the client).
 */
import type { ServerResponse } from 'node:http'
import { sendJson } from '@tessera/server-kit'
import { CosignerError, PolicyDeniedError } from '../errors.ts'

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
