/**
 * The demo's Conflux Core side: a Fluent-compatible provider (`@tessera/conflux`) whose transport
 * is the Tessera session the wagmi connector paired — one pairing, one QR scan, for EVM and
 * Conflux Core — and whose node is the devchain's Conflux JSON-RPC. `tesseraSession` reads the
 * live session from the Tessera provider (`session()`); `waitConfluxReceipt` asks the node for a
 * receipt until one arrives or the deadline passes (Core dev blocks come every ~100 ms).
 */
import {
  type ConfluxProvider,
  type ConfluxRpc,
  confluxTransportFromSession,
  createConfluxProvider,
  type TesseraSessionLike,
} from '@tessera/conflux'
import type { Hash } from 'viem'

/** A Tessera provider that hands out its live session. */
type SessionSource = { session?: () => TesseraSessionLike | undefined }

export function tesseraSession(provider: unknown): TesseraSessionLike | undefined {
  const source = provider as SessionSource | undefined
  if (typeof source?.session !== 'function') {
    throw new Error('this Tessera provider does not hand out its session (provider.session())')
  }
  return source.session()
}

export function createDemoConflux(options: {
  readonly rpc: ConfluxRpc
  readonly chainId: number
  /** The Tessera provider of the wagmi connector. */
  readonly tesseraProvider: () => Promise<unknown>
  /** Connects the Tessera connector (pairing with its modal) when no session is live. */
  readonly connect: () => Promise<void>
}): ConfluxProvider {
  let provider: unknown
  const transport = confluxTransportFromSession({
    chainId: options.chainId,
    session: () => (provider === undefined ? undefined : tesseraSession(provider)),
    async connect() {
      provider ??= await options.tesseraProvider()
      if (tesseraSession(provider) === undefined) await options.connect()
      const session = tesseraSession(provider)
      if (session === undefined) throw new Error('the Tessera connection has no session')
      return session
    },
  })
  return createConfluxProvider({ transport, rpc: options.rpc })
}

export async function waitConfluxReceipt(
  rpc: ConfluxRpc,
  hash: Hash,
  deadlineMs = 30_000,
): Promise<{ outcomeStatus: string; epochNumber: string }> {
  const deadline = Date.now() + deadlineMs
  while (Date.now() < deadline) {
    const receipt = (await rpc.request({
      method: 'cfx_getTransactionReceipt',
      params: [hash],
    })) as {
      outcomeStatus?: unknown
      epochNumber?: unknown
    } | null
    if (receipt !== null) {
      if (typeof receipt.outcomeStatus !== 'string' || typeof receipt.epochNumber !== 'string') {
        throw new Error('the node answered a malformed receipt')
      }
      return { outcomeStatus: receipt.outcomeStatus, epochNumber: receipt.epochNumber }
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`no receipt for ${hash} within ${deadlineMs / 1000} s`)
}
