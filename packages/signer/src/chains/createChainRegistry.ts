/**
 * The chains one wallet knows: the built-in table (registry.ts) plus the EVM chains its user
 * approved through `wallet_addEthereumChain`, filtered per platform (platforms.ts). Adding runs
 * in a fixed order: validate (parseAddEthereumChain.ts), refuse built-ins, ask the user, add;
 * so nothing reaches the user unvalidated and nothing is added unapproved.
 */
import { ChainError } from './chainError.ts'
import {
  type AddEthereumChainParameter,
  addEthereumChainParameter,
  parseAddEthereumChain,
} from './parseAddEthereumChain.ts'
import { PLATFORM_CHAINS, type PlatformName } from './platforms.ts'
import { BUILTIN_CHAINS, builtinChain, type ChainInfo } from './registry.ts'

export type ChainRegistryOptions = {
  /** Which platform this signer runs on (its chain set comes from PLATFORM_CHAINS). */
  readonly platform: PlatformName
  /** User-added chains restored from storage (what `added()` returned; each validated again). */
  readonly added?: readonly unknown[]
}

export type ChainRegistry = {
  /** Every chain offered on this platform, built-in first. */
  list(): readonly ChainInfo[]
  /** The chain, or a ChainError `UnknownChain` (also for chains this platform does not offer). */
  get(id: string): ChainInfo
  /**
   * EIP-3085: validates `params`, asks `approve` with the parsed row, adds it when approved.
   * The same parameters again resolve to the existing row without asking.
   */
  addEvmChain(params: unknown, approve: (chain: ChainInfo) => Promise<boolean>): Promise<ChainInfo>
  /** The user-added chains as EIP-3085 parameters, for storage (restored through `added`). */
  added(): readonly AddEthereumChainParameter[]
}

function sameRow(a: ChainInfo, b: ChainInfo): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

export function createChainRegistry(options: ChainRegistryOptions): ChainRegistry {
  const allowed = PLATFORM_CHAINS[options.platform]
  if (allowed === undefined) throw new TypeError(`unknown platform "${String(options.platform)}"`)
  const offered = (id: string): boolean => allowed === '*' || allowed.includes(id)
  const custom = new Map<string, ChainInfo>()
  for (const params of options.added ?? []) {
    const row = parseAddEthereumChain(params)
    if (builtinChain(row.id) === undefined) custom.set(row.id, row)
  }

  return {
    list: () => [...BUILTIN_CHAINS, ...custom.values()].filter((c) => offered(c.id)),
    get(id) {
      const chain = builtinChain(id) ?? custom.get(id)
      if (chain === undefined || !offered(id)) {
        throw new ChainError('UnknownChain', `no chain "${id}" on ${options.platform}`)
      }
      return chain
    },
    async addEvmChain(params, approve) {
      const row = parseAddEthereumChain(params)
      if (!offered(row.id)) {
        throw new ChainError('UnknownChain', `${options.platform} offers no EVM chains`)
      }
      if (builtinChain(row.id) !== undefined) {
        throw new ChainError('ChainExists', `${row.id} is built in and cannot be replaced`)
      }
      const existing = custom.get(row.id)
      if (existing !== undefined) {
        if (sameRow(existing, row)) return existing
        throw new ChainError('ChainExists', `${row.id} was added with other parameters`)
      }
      if ((await approve(row)) !== true) {
        throw new ChainError('Rejected', `the user did not add ${row.id}`)
      }
      custom.set(row.id, row)
      return row
    },
    added: () => [...custom.values()].map(addEthereumChainParameter),
  }
}
