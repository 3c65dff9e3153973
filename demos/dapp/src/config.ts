/**
 * `readDemoConfig(search, env)`: the demo's settings, each from the query string first, then a
 * `VITE_*` build variable, then a local default (the relay and chain that `npm start` runs):
 *
 * | query | variable | default |
 * |---|---|---|
 * | `relay` | `VITE_TESSERA_RELAY_URL` | `ws://127.0.0.1:8787` |
 * | `rpc` | `VITE_TESSERA_RPC_URL` | `http://127.0.0.1:8545` |
 * | `chainId` | `VITE_TESSERA_CHAIN_ID` | `31337` (a local hardhat/anvil chain) |
 * | `token` | `VITE_TESSERA_TOKEN` | none (the ERC-20 form asks for one) |
 * | `signer` | `VITE_TESSERA_SIGNER_URL` | none (no universal link in the modal) |
 * | `devchain` | `VITE_TESSERA_DEVCHAIN_URL` | none (no faucet, no Conflux Core node) |
 * | `cfxChainId` | `VITE_TESSERA_CONFLUX_CHAIN_ID` | `2029` (the devchain's Conflux Core chain) |
 * | `requestTimeout` | — | the provider's (5 minutes): each wallet request's deadline, in ms |
 * | `pairingTtl` | — | the provider's (5 minutes): each pairing code's lifetime, in seconds |
 * | `lang` | — | the browser's languages |
 *
 * Every value is checked; a bad one is an error naming it (shown on the page).
 */
import { type Address, getAddress } from 'viem'
import type { Locale } from './i18n.ts'

export interface DemoConfig {
  readonly relayUrl: string
  readonly rpcUrl: string
  readonly chainId: number
  readonly token: Address | undefined
  readonly signerUrl: string | undefined
  /** demos/devchain: `POST /faucet`, the Conflux Core JSON-RPC at `/conflux`. */
  readonly devchainUrl: string | undefined
  readonly confluxChainId: number
  /** Each wallet request's deadline in ms; undefined: the provider's default. */
  readonly requestTimeoutMs: number | undefined
  /** Each pairing URI's lifetime in seconds; undefined: the provider's default. */
  readonly pairingTtlSeconds: number | undefined
  readonly locale: Locale | undefined
}

export const DEFAULTS = {
  relayUrl: 'ws://127.0.0.1:8787',
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 31337,
  confluxChainId: 2029,
} as const

export function readDemoConfig(
  search: string,
  env: Readonly<Record<string, string | undefined>>,
): DemoConfig {
  const query = new URLSearchParams(search)
  const pick = (name: string, variable: string): string | undefined => {
    const value = query.get(name) ?? env[variable]
    return value === undefined || value === '' ? undefined : value
  }
  const relayUrl = pick('relay', 'VITE_TESSERA_RELAY_URL') ?? DEFAULTS.relayUrl
  if (!/^wss?:\/\/\S+$/.test(relayUrl)) throw new Error(`relay: expected a ws:// or wss:// URL`)
  const rpcUrl = pick('rpc', 'VITE_TESSERA_RPC_URL') ?? DEFAULTS.rpcUrl
  if (!/^https?:\/\/\S+$/.test(rpcUrl)) throw new Error(`rpc: expected an http:// or https:// URL`)
  const chainText = pick('chainId', 'VITE_TESSERA_CHAIN_ID')
  const chainId = chainText === undefined ? DEFAULTS.chainId : Number(chainText)
  if (!Number.isSafeInteger(chainId) || chainId < 1) {
    throw new Error('chainId: expected a positive integer')
  }
  const tokenText = pick('token', 'VITE_TESSERA_TOKEN')
  let token: Address | undefined
  if (tokenText !== undefined) {
    try {
      token = getAddress(tokenText)
    } catch {
      throw new Error('token: expected a 0x address')
    }
  }
  const signerUrl = pick('signer', 'VITE_TESSERA_SIGNER_URL')
  const devchainUrl = pick('devchain', 'VITE_TESSERA_DEVCHAIN_URL')?.replace(/\/+$/, '')
  if (devchainUrl !== undefined && !/^https?:\/\/\S+$/.test(devchainUrl)) {
    throw new Error('devchain: expected an http:// or https:// URL')
  }
  const cfxText = pick('cfxChainId', 'VITE_TESSERA_CONFLUX_CHAIN_ID')
  const confluxChainId = cfxText === undefined ? DEFAULTS.confluxChainId : Number(cfxText)
  if (
    (cfxText !== undefined && !/^[1-9][0-9]{0,9}$/.test(cfxText)) ||
    confluxChainId > 0xffff_ffff
  ) {
    throw new Error('cfxChainId: expected a positive integer below 2^32')
  }
  const timeoutText = query.get('requestTimeout') ?? undefined
  if (timeoutText !== undefined && !/^[1-9][0-9]{0,8}$/.test(timeoutText)) {
    throw new Error('requestTimeout: expected a positive integer (milliseconds)')
  }
  const requestTimeoutMs = timeoutText === undefined ? undefined : Number(timeoutText)
  const ttlText = query.get('pairingTtl') ?? undefined
  if (ttlText !== undefined && (!/^[1-9][0-9]{0,4}$/.test(ttlText) || Number(ttlText) > 86_400)) {
    throw new Error('pairingTtl: expected seconds from 1 to 86400')
  }
  const pairingTtlSeconds = ttlText === undefined ? undefined : Number(ttlText)
  const lang = query.get('lang') ?? undefined
  if (lang !== undefined && lang !== 'en' && lang !== 'zh-CN') {
    throw new Error("lang: expected 'en' or 'zh-CN'")
  }
  return {
    relayUrl,
    rpcUrl,
    chainId,
    token,
    signerUrl,
    devchainUrl,
    confluxChainId,
    requestTimeoutMs,
    pairingTtlSeconds,
    locale: lang,
  }
}
