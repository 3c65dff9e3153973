/**
 * `tessera(parameters)`: the wagmi connector (`@wagmi/core` 3 `createConnector`, docs/CHAINS.md)
 * for a Tessera wallet, over `@tessera/provider`. `connect` pairs (the URI reaches `onPairingUri`
 * and wagmi's `message` event as `display_uri`) or resumes the persisted session; on page load
 * `isAuthorized` is true while a live session exists, so wagmi's `reconnect` restores it without a
 * new QR scan. Its `rdns` is the provider's EIP-6963 `rdns`, so wagmi shows one Tessera entry.
 * Must never create more than one provider per connector, nor swallow a user rejection.
 */

import {
  createTesseraProvider,
  TESSERA_ICON,
  TESSERA_NAME,
  TESSERA_RDNS,
  type TesseraProvider,
  type TesseraProviderParameters,
} from '@tessera/provider'
import { createConnector } from '@wagmi/core'
import {
  type AddEthereumChainParameter,
  type Address,
  getAddress,
  numberToHex,
  type ProviderConnectInfo,
  type ProviderMessage,
  SwitchChainError,
  UserRejectedRequestError,
} from 'viem'

export type TesseraParameters =
  /** Use this provider (e.g. the one also announced over EIP-6963). */
  | { readonly provider: TesseraProvider }
  /** Create one; `chains` default to wagmi's, `rpc` to wagmi's `transports`. */
  | (Omit<TesseraProviderParameters, 'chains' | 'rpc'> &
      Partial<Pick<TesseraProviderParameters, 'chains' | 'rpc'>>)

tessera.type = 'tessera' as const

export function tessera(parameters: TesseraParameters) {
  let provider: TesseraProvider | undefined
  let accountsChanged: ((accounts: Address[]) => void) | undefined
  let chainChanged: ((chainId: string) => void) | undefined
  let connect: ((info: ProviderConnectInfo) => void) | undefined
  let disconnect: ((error?: Error) => void) | undefined
  let message: ((message: ProviderMessage) => void) | undefined

  return createConnector<TesseraProvider>((config) => ({
    id: 'tessera',
    name: TESSERA_NAME,
    type: tessera.type,
    icon: TESSERA_ICON,
    rdns: TESSERA_RDNS,

    async setup() {
      const p = await this.getProvider()
      if (!message) {
        message = this.onMessage?.bind(this)
        if (message) p.on('message', message)
      }
      // A session resumed on page load announces itself with `connect`.
      if (!connect) {
        connect = this.onConnect?.bind(this)
        if (connect) p.on('connect', connect)
      }
    },

    async connect({ chainId, isReconnecting, withCapabilities } = {}) {
      const p = await this.getProvider()
      await p.ready().catch(() => {})
      let accounts: readonly Address[]
      if (isReconnecting) {
        accounts = await this.getAccounts()
        if (accounts.length === 0) throw new Error('No Tessera session to resume.')
      } else {
        accounts = (await p.request({ method: 'eth_requestAccounts' })).map((a) => getAddress(a))
      }
      if (connect) {
        p.removeListener('connect', connect)
        connect = undefined
      }
      if (!accountsChanged) {
        accountsChanged = this.onAccountsChanged.bind(this)
        p.on('accountsChanged', accountsChanged)
      }
      if (!chainChanged) {
        chainChanged = this.onChainChanged.bind(this)
        p.on('chainChanged', chainChanged)
      }
      if (!disconnect) {
        disconnect = this.onDisconnect.bind(this)
        p.on('disconnect', disconnect)
      }
      let current = await this.getChainId()
      if (chainId !== undefined && chainId !== current) {
        const chain = await this.switchChain?.({ chainId }).catch((error: { code?: unknown }) => {
          if (error.code === UserRejectedRequestError.code) throw error
          return { id: current }
        })
        current = chain?.id ?? current
      }
      return {
        accounts: (withCapabilities
          ? accounts.map((address) => ({ address, capabilities: {} }))
          : accounts) as never,
        chainId: current,
      }
    },

    async disconnect() {
      const p = await this.getProvider()
      if (accountsChanged) p.removeListener('accountsChanged', accountsChanged)
      if (chainChanged) p.removeListener('chainChanged', chainChanged)
      if (disconnect) p.removeListener('disconnect', disconnect)
      accountsChanged = chainChanged = disconnect = undefined
      if (!connect) {
        connect = this.onConnect?.bind(this)
        if (connect) p.on('connect', connect)
      }
      await p.disconnect()
    },

    async getAccounts() {
      const p = await this.getProvider()
      return (await p.request({ method: 'eth_accounts' })).map((a) => getAddress(a))
    },

    async getChainId() {
      const p = await this.getProvider()
      return Number(await p.request({ method: 'eth_chainId' }))
    },

    async getProvider() {
      if (provider === undefined) {
        if ('provider' in parameters) provider = parameters.provider
        else {
          const rpc = parameters.rpc ?? config.transports
          if (rpc === undefined) {
            throw new TypeError('tessera(): pass `rpc` or configure wagmi `transports`')
          }
          provider = createTesseraProvider({
            ...parameters,
            chains: parameters.chains ?? config.chains,
            rpc,
          })
        }
      }
      return provider
    },

    async isAuthorized() {
      const p = await this.getProvider()
      await p.ready().catch(() => {})
      return p.connected
    },

    async switchChain({ addEthereumChainParameter, chainId }) {
      const chain = config.chains.find((c) => c.id === chainId)
      if (chain === undefined) {
        throw new SwitchChainError(new Error(`Chain ${chainId} is not configured in wagmi.`))
      }
      const p = await this.getProvider()
      try {
        await p.request({
          method: 'wallet_switchEthereumChain',
          params: [{ chainId: numberToHex(chainId) }],
        })
      } catch (error) {
        const code = (error as { code?: unknown }).code
        if (code === 4902 && addEthereumChainParameter !== undefined) {
          const add: AddEthereumChainParameter = {
            chainId: numberToHex(chainId),
            chainName: addEthereumChainParameter.chainName ?? chain.name,
            nativeCurrency: addEthereumChainParameter.nativeCurrency ?? chain.nativeCurrency,
            rpcUrls: addEthereumChainParameter.rpcUrls ?? [chain.rpcUrls.default?.http[0] ?? ''],
          }
          // Answers 4902 too: a session's chains are fixed when it is paired.
          await p.request({ method: 'wallet_addEthereumChain', params: [add] })
        }
        if (code === UserRejectedRequestError.code)
          throw new UserRejectedRequestError(error as Error)
        throw error instanceof SwitchChainError ? error : new SwitchChainError(error as Error)
      }
      config.emitter.emit('change', { chainId })
      return chain
    },

    onAccountsChanged(accounts) {
      if (accounts.length === 0) this.onDisconnect()
      else config.emitter.emit('change', { accounts: accounts.map((a) => getAddress(a)) })
    },

    onChainChanged(chain) {
      config.emitter.emit('change', { chainId: Number(chain) })
    },

    async onConnect(info) {
      const accounts = await this.getAccounts()
      if (accounts.length === 0) return
      config.emitter.emit('connect', { accounts, chainId: Number(info.chainId) })
    },

    async onDisconnect() {
      const p = await this.getProvider()
      if (accountsChanged) p.removeListener('accountsChanged', accountsChanged)
      if (chainChanged) p.removeListener('chainChanged', chainChanged)
      if (disconnect) p.removeListener('disconnect', disconnect)
      accountsChanged = chainChanged = disconnect = undefined
      if (!connect) {
        connect = this.onConnect?.bind(this)
        if (connect) p.on('connect', connect)
      }
      config.emitter.emit('disconnect')
    },

    onMessage(m) {
      config.emitter.emit('message', { type: m.type, data: m.data })
    },
  }))
}
