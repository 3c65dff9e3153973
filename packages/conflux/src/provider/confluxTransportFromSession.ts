/**
 * `confluxTransportFromSession({ session, connect?, chainId? })`: the `ConfluxTransport` of a
 * Tessera session, so one pairing serves EVM (eSpace included) and Conflux Core. The signer
 * methods travel as session requests tagged with the Conflux chain (`chainId: "cfx:<id>"`, the
 * CAIP-2 namespace docs/SESSION.md uses; `personal_sign` is told apart from EVM's by it); the
 * Core accounts are the session's `cfx:<id>` accounts. Session events become transport events:
 * `chainChanged` only for `cfx:` chains, `accountsChanged` only when it lists base32 addresses (the
 * notification names no chain, and EVM accounts are never Core accounts).
 * The session is structural (core's `Session` fits) so this package needs no `@tessera/core`.
 * Must never send a request without a live session, nor tag one with a non-Conflux chain.
 */
import {
  type Emitter,
  type JsonArray,
  type JsonValue,
  type ProviderError,
  providerError,
  RPC_ERROR_CODES,
} from '@tessera/protocol'
import type {
  ConfluxSession,
  ConfluxSignerMethod,
  ConfluxTransport,
  ConfluxTransportEvent,
} from '../types.ts'

/** The events of a Tessera session (core's `SessionEvents`). */
export type TesseraSessionEvents = {
  accountsChanged: readonly string[]
  chainChanged: string
  disconnect: ProviderError
}

/** What the transport uses of a Tessera session: `@tessera/core`'s `Session` fits as is. */
export type TesseraSessionLike = {
  readonly active: boolean
  /** CAIP-2 chain id → accounts, as the signer offered them at pairing. */
  readonly accounts: { readonly [chainId: string]: readonly string[] }
  readonly chains: readonly string[]
  readonly events: Pick<Emitter<TesseraSessionEvents>, 'on'>
  request(args: {
    readonly method: string
    readonly params: JsonArray
    readonly chainId?: string
  }): Promise<JsonValue>
}

export type ConfluxTransportFromSessionParameters = {
  /** The live session shared with the EVM side, or `undefined` when there is none. */
  session: () => TesseraSessionLike | undefined
  /** Pairs (or resumes) when there is no live session; resolves with it. Default: 4100. */
  connect?: () => Promise<TesseraSessionLike>
  /** Preferred Conflux chain when the session offers several (default: the first offered). */
  chainId?: number
}

const CFX = /^cfx:([1-9][0-9]{0,9})$/

/** The Conflux chain ids of a CAIP-2 list, in order (`cfx:2029` → 2029). */
function confluxChains(caip: Iterable<string>): number[] {
  const ids: number[] = []
  for (const id of caip) {
    const match = CFX.exec(id)
    if (match !== null && !ids.includes(Number(match[1]))) ids.push(Number(match[1]))
  }
  return ids
}

export function confluxTransportFromSession(
  parameters: ConfluxTransportFromSessionParameters,
): ConfluxTransport {
  if (typeof parameters?.session !== 'function') {
    throw new TypeError('"session" expected a function returning the live session')
  }
  const preferred = parameters.chainId
  if (preferred !== undefined && (!Number.isSafeInteger(preferred) || preferred < 1)) {
    throw new TypeError('"chainId" expected a positive integer')
  }
  const listeners = new Set<(event: ConfluxTransportEvent) => void>()
  let bound: TesseraSessionLike | undefined
  let unbind: (() => void) | undefined
  let chainId: number | undefined

  const emit = (event: ConfluxTransportEvent): void => {
    for (const listener of listeners) listener(event)
  }

  /** Follows the session's events (once per session object). */
  const bind = (session: TesseraSessionLike): void => {
    if (bound === session) return
    unbind?.()
    bound = session
    const offs = [
      session.events.on('chainChanged', (caip) => {
        const [id] = confluxChains([caip])
        if (id === undefined || id === chainId) return
        chainId = id
        emit({ type: 'chainChanged', chainId: id })
      }),
      session.events.on('accountsChanged', (accounts) => {
        if (accounts.every((a) => a.includes(':'))) emit({ type: 'accountsChanged', accounts })
      }),
      session.events.on('disconnect', (error) => {
        if (bound !== session) return
        unbind?.()
        bound = undefined
        chainId = undefined
        emit({ type: 'disconnect', error })
      }),
    ]
    unbind = () => {
      for (const off of offs) off()
      unbind = undefined
    }
  }

  /** The Core accounts of the session on `chainId`, base32 or hex as the signer gave them. */
  const adopt = (session: TesseraSessionLike): ConfluxSession => {
    const offered = confluxChains(Object.keys(session.accounts)).filter(
      (id) => (session.accounts[`cfx:${id}`]?.length ?? 0) > 0,
    )
    const known = chainId !== undefined && offered.includes(chainId) ? chainId : undefined
    const chosen =
      known ??
      (preferred !== undefined && offered.includes(preferred) ? preferred : undefined) ??
      confluxChains(session.chains).find((id) => offered.includes(id)) ??
      offered[0]
    if (chosen === undefined) {
      throw providerError(
        RPC_ERROR_CODES.unauthorized,
        'The wallet offered no Conflux Core account in this session; pair with a wallet that has one.',
      )
    }
    bind(session)
    chainId = chosen
    return { accounts: [...(session.accounts[`cfx:${chosen}`] ?? [])], chainId: chosen }
  }

  const live = (): TesseraSessionLike | undefined => {
    const session = parameters.session()
    return session?.active === true ? session : undefined
  }

  return {
    async connect() {
      const current = live()
      if (current !== undefined) return adopt(current)
      if (parameters.connect === undefined) {
        throw providerError(
          RPC_ERROR_CODES.unauthorized,
          'No Tessera session: connect the wallet first.',
        )
      }
      return adopt(await parameters.connect())
    },
    async request({ method, params }: { method: ConfluxSignerMethod; params: readonly unknown[] }) {
      const session = live()
      if (session === undefined || chainId === undefined) {
        throw providerError(RPC_ERROR_CODES.disconnected, 'The Tessera session has ended.')
      }
      if (session !== bound) adopt(session)
      // The provider validated the params; they are JSON (strings, objects of strings).
      return session.request({ method, params: params as JsonArray, chainId: `cfx:${chainId}` })
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
