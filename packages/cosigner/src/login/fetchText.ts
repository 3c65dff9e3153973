/**
 * Outgoing HTTP for login adapters: a deadline, a cap on the response size, and network
 * failures turned into LoginUnavailable naming the platform. Never logs URLs (they carry
 * secrets such as the WeChat app secret) or bodies.
 */
import { CosignerError } from '../errors.ts'

export type FetchLike = typeof globalThis.fetch

export interface FetchTextOptions {
  platform: string
  timeoutMs: number
  maxBytes?: number
}

export async function fetchText(
  fetch: FetchLike,
  url: string,
  init: RequestInit,
  options: FetchTextOptions,
): Promise<{ status: number; headers: Headers; text: string }> {
  const maxBytes = options.maxBytes ?? 64 * 1024
  let response: Response
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })
  } catch (error) {
    throw new CosignerError('LoginUnavailable', `${options.platform} is unreachable`, {
      cause: error,
      retryable: true,
    })
  }
  const buffer = new Uint8Array(await response.arrayBuffer())
  if (buffer.length > maxBytes) {
    throw new CosignerError(
      'LoginUnavailable',
      `${options.platform} answered with ${buffer.length} bytes, more than ${maxBytes}`,
    )
  }
  return {
    status: response.status,
    headers: response.headers,
    text: new TextDecoder().decode(buffer),
  }
}
