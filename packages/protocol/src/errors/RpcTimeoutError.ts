/**
 * `RpcTimeoutError`: a request's deadline passed without an answer
 * (docs/SESSION.md#json-rpc-inside-the-session: the dapp side rejects with a timeout error). Raised
 * locally, never sent by a peer. The dapp sees it as the cause of viem's `InternalRpcError`
 * (-32603): 4001 would claim the user rejected and 4900 that the session is gone, when the session
 * is alive and the next request may well succeed. `error.walk((e) => e instanceof RpcTimeoutError)`
 * tells a timeout apart.
 */
import { BaseError } from './base.ts'

export class RpcTimeoutError extends BaseError {
  override name = 'RpcTimeoutError'
  readonly code = 'RpcTimeout'
  /**
   * The deadline that passed, in milliseconds (docs/SESSION.md#json-rpc-inside-the-session: 5
   * minutes by default).
   */
  readonly timeoutMs: number

  constructor({ timeoutMs, cause }: { timeoutMs: number; cause?: unknown }) {
    super(`The wallet did not answer within ${formatSeconds(timeoutMs)}; the request timed out.`, {
      docsPath: 'docs/errors.md#rpctimeouterror',
      cause,
    })
    this.timeoutMs = timeoutMs
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return `${Number.isFinite(seconds) ? seconds : 'an unknown number of'} s`
}
