/**
 * The relay's JSON-RPC error codes, one table. Standard JSON-RPC 2.0 codes for malformed frames;
 * codes in the implementation-defined -32000..-32099 band for limits. Messages are fixed strings
 * so clients and tests can match them; details never include message contents.
 */

export const RpcErrors = {
  parse: { code: -32700, message: 'Parse error: frame is not valid JSON' },
  invalidRequest: { code: -32600, message: 'Invalid request' },
  binaryFrame: { code: -32600, message: 'Invalid request: binary frames are not accepted' },
  methodNotFound: { code: -32601, message: 'Method not found' },
  invalidParams: { code: -32602, message: 'Invalid params' },
  rateLimited: { code: -32001, message: 'Rate limited: too many publishes' },
  messageTooLarge: { code: -32002, message: 'Message too large' },
  tooManyTopics: { code: -32003, message: 'Too many topics for this client' },
  mailboxFull: { code: -32004, message: 'Mailbox full for this topic' },
  quotaExceeded: { code: -32005, message: 'Relay storage quota exceeded' },
  internal: { code: -32603, message: 'Internal error' },
} as const

export type RpcErrorKind = keyof typeof RpcErrors

export interface RpcErrorBody {
  code: number
  message: string
}

/** The error object for `kind`, with an optional short, content-free detail appended. */
export function rpcError(kind: RpcErrorKind, detail?: string): RpcErrorBody {
  const base = RpcErrors[kind]
  return detail === undefined
    ? { ...base }
    : { code: base.code, message: `${base.message}: ${detail}` }
}
