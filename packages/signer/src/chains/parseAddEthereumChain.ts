/**
 * `wallet_addEthereumChain` parameters (EIP-3085) from a dapp → a `ChainInfo` row, validated
 * before the user is ever asked: `chainId` canonical hex within 2^53 − 1, a name, native currency
 * (symbol 2–6 characters, decimals 0–36), `rpcUrls` https or loopback http only (a dapp must not
 * make the wallet talk plain http to the internet), explorer https. Never adds anything itself.
 */
import { ChainError } from './chainError.ts'
import type { ChainInfo } from './registry.ts'

/** EIP-3085's parameter object, as stored for a user-added chain. */
export type AddEthereumChainParameter = {
  readonly chainId: string
  readonly chainName: string
  readonly nativeCurrency: {
    readonly name: string
    readonly symbol: string
    readonly decimals: number
  }
  readonly rpcUrls: readonly string[]
  readonly blockExplorerUrls?: readonly string[]
}

const MAX_URLS = 8
const MAX_TEXT = 64

function bad(message: string): ChainError {
  return new ChainError('InvalidChainParameters', `wallet_addEthereumChain: ${message}`)
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad(`${what} expected an object`)
  }
  return value as Record<string, unknown>
}

function text(value: unknown, what: string, min = 1, max = MAX_TEXT): string {
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw bad(`${what} expected a string of ${min}–${max} characters`)
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) throw bad(`${what} contains control characters`)
  return value
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname)
}

function urls(value: unknown, what: string, allowLoopbackHttp: boolean): string[] {
  if (!Array.isArray(value) || value.length > MAX_URLS) {
    throw bad(`${what} expected an array of at most ${MAX_URLS} URLs`)
  }
  return value.map((item, i) => {
    const raw = text(item, `${what}[${i}]`, 1, 2048)
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      throw bad(`${what}[${i}] is not a URL`)
    }
    const ok =
      url.protocol === 'https:' ||
      (allowLoopbackHttp && url.protocol === 'http:' && isLoopback(url.hostname))
    if (!ok || url.username !== '' || url.password !== '') {
      throw bad(`${what}[${i}] must be https${allowLoopbackHttp ? ' (or http on loopback)' : ''}`)
    }
    return raw
  })
}

/** Validates one EIP-3085 parameter object (the first element of `params`). */
export function parseAddEthereumChain(params: unknown): ChainInfo {
  const p = record(params, 'params[0]')
  const chainIdHex = p.chainId
  if (typeof chainIdHex !== 'string' || !/^0x[1-9a-f][0-9a-f]{0,13}$/.test(chainIdHex)) {
    throw bad('chainId expected lower-case hex without leading zeros, e.g. "0x1"')
  }
  const chainId = Number.parseInt(chainIdHex.slice(2), 16)
  if (!Number.isSafeInteger(chainId)) throw bad('chainId above 2^53 - 1')
  const name = text(p.chainName, 'chainName')
  const currency = record(p.nativeCurrency, 'nativeCurrency')
  const decimals = currency.decimals
  if (
    typeof decimals !== 'number' ||
    !Number.isInteger(decimals) ||
    decimals < 0 ||
    decimals > 36
  ) {
    throw bad('nativeCurrency.decimals expected an integer in [0, 36]')
  }
  const rpcUrls = urls(p.rpcUrls, 'rpcUrls', true)
  if (rpcUrls.length === 0) throw bad('rpcUrls expected at least one URL')
  const explorers =
    p.blockExplorerUrls === undefined ? [] : urls(p.blockExplorerUrls, 'blockExplorerUrls', false)
  const explorer = explorers[0]?.replace(/\/+$/, '')
  return Object.freeze({
    id: `eip155:${chainId}`,
    name,
    family: 'evm',
    curve: 'secp256k1',
    addressFormat: 'evm-hex',
    nativeCurrency: Object.freeze({
      name: text(currency.name, 'nativeCurrency.name'),
      symbol: text(currency.symbol, 'nativeCurrency.symbol', 2, 6),
      decimals,
    }),
    decoders: Object.freeze(['evm']),
    ...(explorer === undefined ? {} : { explorer }),
    testnet: false,
    custom: true,
    rpcUrls: Object.freeze(rpcUrls),
  })
}

/** The EIP-3085 parameters of a user-added row (what the registry stores and restores). */
export function addEthereumChainParameter(chain: ChainInfo): AddEthereumChainParameter {
  return {
    chainId: `0x${Number(chain.id.slice('eip155:'.length)).toString(16)}`,
    chainName: chain.name,
    nativeCurrency: { ...chain.nativeCurrency },
    rpcUrls: [...(chain.rpcUrls ?? [])],
    ...(chain.explorer === undefined ? {} : { blockExplorerUrls: [chain.explorer] }),
  }
}
