/**
 * `createTesseraProvider(parameters)`: the dapp side of a Tessera session for EVM chains, an
 * EIP-1193 provider (viem's `EIP1193Provider`) with the method table of docs/CHAINS.md:
 *
 * | method | handled by |
 * |---|---|
 * | `eth_requestAccounts`, `wallet_requestPermissions` | the live session, else pairing (URI to `onPairingUri`, by default @tessera/modal's connect modal, and a `message` `display_uri`) |
 * | `eth_accounts`, `eth_chainId`, `net_version`, `wallet_getPermissions` | local session state |
 * | `personal_sign`, `eth_signTypedData_v4`, `eth_signTransaction`, `eth_sign` (off: 4200) | the signer; results checked |
 * | `eth_sendTransaction` | filled from the RPC → `eth_signTransaction` → checked → `eth_sendRawTransaction` |
 * | `wallet_switchEthereumChain`, `wallet_addEthereumChain` | session chains (4902 outside them) |
 * | `wallet_revokePermissions` | ends the session |
 * | other `eth_*`, `net_*`, `web3_*` reads | the dapp's RPC of the current chain |
 * | anything else | 4200 |
 *
 * Events: `connect {chainId}`, `disconnect`, `accountsChanged`, `chainChanged`, `message`
 * (`display_uri` with each pairing URI, `tessera_relay_status` with the relay's status).
 * The session persists in `store` and resumes on the next load. Must never send the signer an
 * unvalidated request, nor return a signature or transaction it has not checked.
 */
import {
  createEmitter,
  createIndexedDbSessionStore,
  createMemorySessionStore,
  type Session,
  type SessionStore,
} from '@tessera/core'
import {
  CONFLUX_SESSION_METHODS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  EVM_SESSION_METHODS,
  providerError,
  SOLANA_SESSION_METHODS,
  toProviderError,
} from '@tessera/protocol'
import {
  type Address,
  type EIP1193EventMap,
  type EIP1193Provider,
  getAddress,
  isAddressEqual,
  numberToHex,
  type ProviderConnectInfo,
  type ProviderMessage,
  type ProviderRpcError,
} from 'viem'
import { createConnectModalUi } from './internal/connectModalUi.ts'
import type { ProviderContext } from './internal/context.ts'
import { createRpcClients } from './internal/createRpcClients.ts'
import { createSessionManager } from './internal/createSessionManager.ts'
import { addressParam, describe, invalidParams } from './internal/params.ts'
import { ethSign } from './methods/ethSign.ts'
import { getPermissions, requestPermissions, revokePermissions } from './methods/permissions.ts'
import { personalSign } from './methods/personalSign.ts'
import { sendTransaction } from './methods/sendTransaction.ts'
import { signTransaction } from './methods/signTransaction.ts'
import { signTypedData } from './methods/signTypedData.ts'
import { addChain, switchChain } from './methods/switchChain.ts'
import type { TesseraProvider, TesseraProviderParameters } from './types.ts'

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
/** Reads forwarded to the dapp's RPC: these namespaces, minus anything that signs or sends. */
const FORWARDED = /^(?:eth|net|web3)_[A-Za-z0-9_]{1,64}$/
const REFUSED = /sign|send(?!Raw)|accounts|coinbase/i

interface Events {
  accountsChanged: Address[]
  chainChanged: string
  connect: ProviderConnectInfo
  disconnect: ProviderRpcError
  message: ProviderMessage
}

type Handler = (context: ProviderContext, params: unknown) => Promise<unknown>

export function createTesseraProvider(parameters: TesseraProviderParameters): TesseraProvider {
  const options = checkParameters(parameters)
  const { chains } = options
  const client = createRpcClients(chains, options.rpc)
  const emitter = createEmitter<Events>()
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  let chainId: number = chains[0].id
  let session: Session | undefined
  let offSession: (() => void) | undefined
  let closed = false

  const sessionChainIds = (s: Session): number[] =>
    s.chains.flatMap((caip) => (caip.startsWith('eip155:') ? [Number(caip.slice(7))] : []))

  const accountsOf = (s: Session): Address[] => {
    const list =
      s.accounts[`eip155:${chainId}`] ??
      Object.entries(s.accounts).find(([k, v]) => k.startsWith('eip155:') && v.length > 0)?.[1] ??
      []
    return list.flatMap((a) => {
      try {
        return [getAddress(a)]
      } catch {
        return [] // not an EVM address: never shown to the dapp
      }
    })
  }

  const setChain = (next: number): void => {
    if (next === chainId) return
    chainId = next
    emitter.emit('chainChanged', numberToHex(next))
  }

  const onSession = (next: Session): void => {
    offSession?.()
    session = next
    const caip = next.chainId
    const id = caip?.startsWith('eip155:') ? Number(caip.slice(7)) : Number.NaN
    if (chains.some((c) => c.id === id)) chainId = id
    const offs = [
      next.events.on('accountsChanged', () => {
        if (session === next) emitter.emit('accountsChanged', accountsOf(next))
      }),
      next.events.on('chainChanged', (changed) => {
        const changedId = changed.startsWith('eip155:') ? Number(changed.slice(7)) : Number.NaN
        if (session === next && chains.some((c) => c.id === changedId)) setChain(changedId)
      }),
      next.events.on('disconnect', (error) => {
        if (session !== next) return
        offSession?.()
        session = undefined
        emitter.emit(
          'disconnect',
          providerError(4900, error.details || error.shortMessage, {
            cause: error,
          }) as ProviderRpcError,
        )
      }),
    ]
    offSession = () => {
      for (const off of offs) off()
      offSession = undefined
    }
    emitter.emit('connect', { chainId: numberToHex(chainId) })
    emitter.emit('accountsChanged', accountsOf(next))
  }

  const manager = createSessionManager({
    relayUrl: options.relayUrl,
    store: options.store ?? defaultStore(),
    metadata: options.metadata,
    origin: options.origin,
    chains: [...chains.map((c) => `eip155:${c.id}`), ...(options.extraChains ?? [])],
    methods: sessionMethods(options.extraChains ?? []),
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
    ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
    ...(options.pairingTtlSeconds === undefined
      ? {}
      : { pairingTtlSeconds: options.pairingTtlSeconds }),
    onSession,
    onPairingUri(uri) {
      emitter.emit('message', { type: 'display_uri', data: uri })
      if (options.onPairingUri === undefined) modalUi?.show(uri)
      else options.onPairingUri(uri)
    },
    onRelayStatus(status) {
      emitter.emit('message', { type: 'tessera_relay_status', data: status })
    },
  })

  // Without the dapp's own `onPairingUri`, pairing shows @tessera/modal (loaded on demand).
  const modalUi =
    options.onPairingUri === undefined
      ? createConnectModalUi({
          options: options.modal ?? {},
          cancel: () => manager.cancelPairing(),
          retry: () => void request({ method: 'eth_requestAccounts' }).catch(() => {}),
        })
      : undefined

  const live = (): Session | undefined => (session?.active ? session : undefined)

  const context: ProviderContext = {
    origin: options.origin,
    ethSign: options.ethSign === true,
    chainId: () => chainId,
    connected: () => live() !== undefined,
    accounts(method) {
      const s = live()
      if (s === undefined) {
        throw providerError(4100, `${method}: not connected; call eth_requestAccounts first.`)
      }
      return accountsOf(s)
    },
    account(method, address, field) {
      const checked = addressParam(method, address, field)
      if (!context.accounts(method).some((a) => isAddressEqual(a, checked))) {
        throw providerError(4100, `${method}: ${checked} is not an account of this session.`)
      }
      return checked
    },
    client: (id = chainId) => client(id),
    async signer(method, params) {
      const s = live()
      if (s === undefined) {
        throw providerError(4100, `${method}: not connected; call eth_requestAccounts first.`)
      }
      try {
        return await s.request(
          { method, params: params as never, chainId: `eip155:${chainId}` },
          { timeoutMs },
        )
      } catch (error) {
        throw toProviderError(error, `The wallet's ${method}`)
      }
    },
    async connect() {
      const pairing = manager.pair()
      modalUi?.track(pairing)
      return accountsOf(await pairing)
    },
    async disconnect() {
      await manager.cancelPairing()
      await live()?.disconnect()
    },
    setChain,
    switchableChains() {
      const s = live()
      const configured = chains.map((c) => c.id)
      return s === undefined
        ? configured
        : sessionChainIds(s).filter((id) => configured.includes(id))
    },
  }

  const handlers: Readonly<Record<string, Handler>> = {
    eth_requestAccounts: (ctx) => ctx.connect(),
    eth_accounts: async (ctx) => (ctx.connected() ? ctx.accounts('eth_accounts') : []),
    eth_chainId: async () => numberToHex(chainId),
    net_version: async () => String(chainId),
    personal_sign: personalSign,
    eth_sign: ethSign,
    eth_signTypedData_v4: signTypedData,
    eth_signTransaction: signTransaction,
    eth_sendTransaction: sendTransaction,
    wallet_switchEthereumChain: switchChain,
    wallet_addEthereumChain: addChain,
    wallet_getPermissions: getPermissions,
    wallet_requestPermissions: requestPermissions,
    wallet_revokePermissions: revokePermissions,
  }

  const request = async (args: unknown): Promise<unknown> => {
    if (
      typeof args !== 'object' ||
      args === null ||
      typeof (args as { method?: unknown }).method !== 'string'
    ) {
      throw providerError(
        -32602,
        'request() expects { method: string, params?: unknown[] | object }.',
      )
    }
    const { method, params } = args as { method: string; params?: unknown }
    if (closed) throw providerError(4900, 'This provider was closed.')
    await manager.ready.catch(() => {})
    const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined
    if (handler !== undefined) return handler(context, params)
    if (!FORWARDED.test(method) || REFUSED.test(method)) {
      throw providerError(
        4200,
        /^[A-Za-z0-9_]{1,64}$/.test(method)
          ? `The method "${method}" is not supported by the Tessera provider.`
          : 'The method is not supported by the Tessera provider.',
      )
    }
    if (params !== undefined && !Array.isArray(params)) {
      throw invalidParams(method, `expected params as an array, got ${describe(params)}.`)
    }
    try {
      return await client(chainId).request({ method, params } as never)
    } catch (error) {
      throw toProviderError(error, `The RPC's ${method}`)
    }
  }

  const provider = {
    isTessera: true as const,
    get connected() {
      return live() !== undefined
    },
    request: request as EIP1193Provider['request'],
    on<E extends keyof EIP1193EventMap>(event: E, listener: EIP1193EventMap[E]): void {
      emitter.on(event, listener as (data: Events[E]) => void)
    },
    removeListener<E extends keyof EIP1193EventMap>(event: E, listener: EIP1193EventMap[E]): void {
      emitter.off(event, listener as (data: Events[E]) => void)
    },
    ready: () => manager.ready,
    session: () => live(),
    disconnect: () => context.disconnect(),
    async close() {
      if (closed) return
      closed = true
      offSession?.()
      session = undefined
      await manager.close()
    },
  }
  return provider
}

function defaultStore(): SessionStore {
  return typeof indexedDB === 'undefined'
    ? createMemorySessionStore()
    : createIndexedDbSessionStore()
}

function checkParameters(
  parameters: TesseraProviderParameters,
): TesseraProviderParameters & { readonly origin: string } {
  if (typeof parameters !== 'object' || parameters === null) {
    throw new TypeError('"parameters" expected an object')
  }
  const { relayUrl, metadata, chains } = parameters
  if (typeof relayUrl !== 'string' || !/^wss?:\/\/[^\s]+$/.test(relayUrl)) {
    throw new TypeError(`"relayUrl" expected a ws:// or wss:// URL, got ${describe(relayUrl)}`)
  }
  if (typeof metadata !== 'object' || metadata === null || typeof metadata.name !== 'string') {
    throw new TypeError('"metadata" expected { name, … }')
  }
  if (!Array.isArray(chains) || chains.length === 0) {
    throw new TypeError('"chains" expected a non-empty array of viem chains')
  }
  for (const chain of chains) {
    if (!Number.isSafeInteger(chain?.id) || chain.id < 1) {
      throw new TypeError('"chains" expected viem chains with a positive integer id')
    }
  }
  for (const chain of parameters.extraChains ?? []) namespaceMethods(chain)
  const origin = parameters.origin ?? globalThis.location?.origin
  if (typeof origin !== 'string' || origin === '' || origin === 'null') {
    throw new TypeError('"origin" expected the dapp origin, e.g. https://app.example')
  }
  const timeout = parameters.requestTimeoutMs
  if (timeout !== undefined && (!Number.isSafeInteger(timeout) || timeout < 1)) {
    throw new TypeError('"requestTimeoutMs" expected a positive integer')
  }
  return { ...parameters, origin }
}

/** The methods a non-EVM chain adds to the session, by its CAIP-2 namespace. */
function namespaceMethods(chain: unknown): readonly string[] {
  if (typeof chain === 'string' && /^cfx:[1-9][0-9]{0,9}$/.test(chain))
    return CONFLUX_SESSION_METHODS
  if (
    typeof chain === 'string' &&
    /^solana:[1-9A-HJ-NP-Za-km-z]{32}$|^solana:localnet$/.test(chain)
  )
    return SOLANA_SESSION_METHODS
  throw new TypeError(
    `"extraChains" expected CAIP-2 ids of a supported namespace (cfx:<network id>, solana:<genesis>), got ${describe(chain)}`,
  )
}

function sessionMethods(extraChains: readonly string[]): readonly string[] {
  return [...new Set([...EVM_SESSION_METHODS, ...extraChains.flatMap(namespaceMethods)])]
}
