/**
 * `createConfluxProvider({ transport, rpc, session? })`: the dapp-side Conflux Core provider,
 * compatible with Fluent's injected `window.conflux` (docs/CHAINS.md#conflux-core-space):
 * `request({method, params})`, `isConnected()`, EIP-1193 events with base32 accounts.
 *
 * | method | handled by |
 * |---|---|
 * | `cfx_requestAccounts` | the live session, else `transport.connect()` (pairing) |
 * | `cfx_accounts`, `cfx_chainId` (hex), `cfx_netVersion` (decimal) | session state (the node's `cfx_getStatus` before a session) |
 * | `cfx_sendTransaction` | filled from `rpc`, signed by the signer (`cfx_signTransaction`), broadcast through `rpc` |
 * | `cfx_signTypedData_v4`, `personal_sign` | the signer, after CIP-23 / message checks; signatures checked |
 * | `wallet_switchConfluxChain`, `wallet_addConfluxChain` | the signer (4902 when it does not know the chain) |
 * | other `cfx_*`, `txpool_*`, `trace_*`, `pos_*` without "sign" in the name | forwarded to `rpc` |
 * | anything else (`cfx_sign`, `eth_*`, …) | 4200 (viem's `UnsupportedProviderMethodError`) |
 *
 * Accounts not in the session get 4100, malformed params -32602, no session 4100, a destroyed
 * provider 4900. Must never send a request to the signer that it has not validated, nor return a
 * signature or transaction hash it has not checked.
 */
import {
  createEmitter,
  type Listener,
  providerError,
  RPC_ERROR_CODES,
  toProviderError,
} from '@tessera/protocol'
import { bytesToHex, type Hex } from 'viem'
import { decodeBase32Address } from '../address/decodeBase32Address.ts'
import { encodeBase32Address } from '../address/encodeBase32Address.ts'
import { hexAddressBytes } from '../address/hexAddressBytes.ts'
import type {
  ConfluxProvider,
  ConfluxProviderEvents,
  ConfluxRpc,
  ConfluxSession,
  ConfluxTransport,
  ConfluxTransportEvent,
} from '../types.ts'
import type { ActiveSession, ProviderContext } from './context.ts'
import { nodeQuantity, objectParam, toQuantity } from './params.ts'
import { personalSign } from './personalSign.ts'
import { sendTransaction } from './sendTransaction.ts'
import { signTypedData } from './signTypedData.ts'
import { addChain, switchChain } from './switchChain.ts'

export type CreateConfluxProviderParameters = {
  transport: ConfluxTransport
  rpc: ConfluxRpc
  /** A session restored from storage; the provider starts connected. */
  session?: ConfluxSession
}

/** Reads forwarded to the dapp's node; anything that signs or is not Conflux is refused. */
const FORWARDED = /^(?:cfx|txpool|trace|pos)_[A-Za-z0-9_]{1,64}$/
const SIGNING = /sign/i

type Handler = (context: ProviderContext, params: unknown) => Promise<unknown>

/** What each EIP-1193 event carries: the one argument of its listener. */
type EventData = { [E in keyof ConfluxProviderEvents]: Parameters<ConfluxProviderEvents[E]>[0] }

export function createConfluxProvider(
  parameters: CreateConfluxProviderParameters,
): ConfluxProvider {
  const { transport, rpc } = objectParam(
    parameters,
    'parameters',
  ) as CreateConfluxProviderParameters
  if (
    typeof transport?.request !== 'function' ||
    typeof transport.connect !== 'function' ||
    typeof transport.subscribe !== 'function'
  ) {
    throw new TypeError('"transport" expected { connect, request, subscribe }')
  }
  if (typeof rpc?.request !== 'function') throw new TypeError('"rpc" expected { request }')

  const emitter = createEmitter<EventData>()
  let session: ActiveSession | undefined =
    parameters.session === undefined
      ? undefined
      : toActiveSession(parameters.session, (message) => new TypeError(message))
  let destroyed = false

  const base32Accounts = (s: ActiveSession): string[] =>
    s.accounts.map((a) => encodeBase32Address(a, s.chainId))

  const context: ProviderContext = {
    transport,
    rpc,
    session() {
      if (session === undefined) {
        throw providerError(
          RPC_ERROR_CODES.unauthorized,
          'Not connected: call cfx_requestAccounts first.',
        )
      }
      return session
    },
    async signer(method, params) {
      try {
        return await transport.request({ method, params })
      } catch (error) {
        throw toProviderError(error, `The signer's ${method}`)
      }
    },
    async node(method, params) {
      try {
        return await rpc.request({ method, params })
      } catch (error) {
        throw toProviderError(error, `The node's ${method}`)
      }
    },
    setChain(chainId) {
      if (session === undefined || session.chainId === chainId) return
      session = { ...session, chainId }
      emitter.emit('chainChanged', toQuantity(chainId))
      if (session.accounts.length > 0) emitter.emit('accountsChanged', base32Accounts(session))
    },
  }

  const handlers: Readonly<Record<string, Handler>> = {
    async cfx_requestAccounts() {
      if (session !== undefined && session.accounts.length > 0) return base32Accounts(session)
      let connected: ConfluxSession
      try {
        connected = await transport.connect()
      } catch (error) {
        throw toProviderError(error, 'Connecting to the signer')
      }
      session = toActiveSession(connected, (message) =>
        providerError(RPC_ERROR_CODES.internal, message),
      )
      emitter.emit('connect', { chainId: toQuantity(session.chainId) })
      emitter.emit('accountsChanged', base32Accounts(session))
      return base32Accounts(session)
    },
    async cfx_accounts() {
      return session === undefined ? [] : base32Accounts(session)
    },
    async cfx_chainId(ctx) {
      return toQuantity(session?.chainId ?? (await nodeStatus(ctx)).chainId)
    },
    async cfx_netVersion(ctx) {
      return String(session?.chainId ?? (await nodeStatus(ctx)).networkId)
    },
    cfx_sendTransaction: sendTransaction,
    cfx_signTypedData_v4: signTypedData,
    personal_sign: personalSign,
    wallet_switchConfluxChain: switchChain,
    wallet_addConfluxChain: addChain,
  }

  const unsubscribe = transport.subscribe((event: ConfluxTransportEvent) => {
    if (destroyed || typeof event !== 'object' || event === null) return
    switch (event.type) {
      case 'accountsChanged': {
        if (session === undefined) return
        let accounts: Hex[]
        try {
          accounts = toActiveSession(
            { accounts: event.accounts, chainId: session.chainId },
            (m) => new TypeError(m),
          ).accounts as Hex[]
        } catch {
          return // A malformed notification changes nothing.
        }
        session = { ...session, accounts }
        emitter.emit('accountsChanged', base32Accounts(session))
        return
      }
      case 'chainChanged':
        if (Number.isInteger(event.chainId) && event.chainId >= 1 && event.chainId <= 0xffff_ffff)
          context.setChain(event.chainId)
        return
      case 'disconnect': {
        if (session === undefined) return
        session = undefined
        emitter.emit(
          'disconnect',
          providerError(RPC_ERROR_CODES.disconnected, 'The signer ended the session.', {
            cause: event.error,
          }),
        )
        return
      }
    }
  })

  return {
    async request(args) {
      if (destroyed)
        throw providerError(RPC_ERROR_CODES.disconnected, 'This provider was destroyed.')
      if (typeof args !== 'object' || args === null || typeof args.method !== 'string') {
        throw providerError(
          RPC_ERROR_CODES.invalidParams,
          'request() expects { method: string, params?: unknown[] }.',
        )
      }
      const { method, params } = args
      const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined
      if (handler !== undefined) return handler(context, params)
      if (!FORWARDED.test(method) || SIGNING.test(method)) {
        throw providerError(
          RPC_ERROR_CODES.unsupportedMethod,
          /^[A-Za-z0-9_]{1,64}$/.test(method)
            ? `The method "${method}" is not supported by the Tessera Conflux provider.`
            : 'The method is not supported by the Tessera Conflux provider.',
        )
      }
      if (params !== undefined && !Array.isArray(params)) {
        throw providerError(RPC_ERROR_CODES.invalidParams, `${method} expects params as an array.`)
      }
      return context.node(method, params ?? [])
    },
    isConnected() {
      return !destroyed && session !== undefined
    },
    on(event, listener) {
      emitter.on(event, listener as Listener<EventData[typeof event]>)
    },
    removeListener(event, listener) {
      emitter.off(event, listener as Listener<EventData[typeof event]>)
    },
    destroy() {
      if (destroyed) return
      destroyed = true
      session = undefined
      unsubscribe()
    },
  }
}

/** A session as the provider keeps it: accounts as lower-case hex, a valid chain id. */
function toActiveSession(value: ConfluxSession, fail: (message: string) => Error): ActiveSession {
  if (typeof value !== 'object' || value === null)
    throw fail('The session must be { accounts, chainId }.')
  const { accounts, chainId } = value
  if (!Number.isInteger(chainId) || chainId < 1 || chainId > 0xffff_ffff) {
    throw fail('The session chain id must be an integer in [1, 2^32 − 1].')
  }
  if (!Array.isArray(accounts) || accounts.length > 100)
    throw fail('The session accounts must be an array.')
  const hex = accounts.map((account: unknown) => {
    try {
      if (typeof account === 'string' && account.includes(':')) {
        const decoded = decodeBase32Address(account)
        if (decoded.networkId !== chainId) throw new Error('network mismatch')
        return decoded.hexAddress
      }
      return bytesToHex(hexAddressBytes(account, 'account'))
    } catch (cause) {
      throw Object.assign(fail('A session account is not a Core address of the session chain.'), {
        cause,
      })
    }
  })
  return { chainId, accounts: hex }
}

async function nodeStatus(
  context: ProviderContext,
): Promise<{ chainId: number; networkId: number }> {
  const status = await context.node('cfx_getStatus', [])
  let fields: Record<string, unknown>
  try {
    fields = objectParam(status, 'cfx_getStatus result')
  } catch (cause) {
    throw providerError(
      RPC_ERROR_CODES.internal,
      'The node answered cfx_getStatus with a malformed status.',
      { cause },
    )
  }
  return {
    chainId: Number(nodeQuantity(fields.chainId, 'cfx_getStatus (chainId)')),
    networkId: Number(nodeQuantity(fields.networkId, 'cfx_getStatus (networkId)')),
  }
}
