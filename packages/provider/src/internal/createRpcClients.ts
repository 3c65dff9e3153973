/**
 * `createRpcClients`: one viem `Client` per configured chain over the dapp's RPC — a viem
 * `Transport` (`http()`, `custom()`, `fallback()`), or an EIP-1193 request function given as
 * `{ request }` — created on first use. Reads and broadcasts go here, never to the signer.
 * Throws `TypeError` at construction for a chain without an RPC.
 */
import {
  type Chain,
  type Client,
  createClient,
  custom,
  type EIP1193RequestFn,
  type Transport,
} from 'viem'

export type ChainRpc = Transport | { readonly request: EIP1193RequestFn }

export function createRpcClients(
  chains: readonly Chain[],
  rpc: { readonly [chainId: number]: ChainRpc },
): (chainId: number) => Client {
  const clients = new Map<number, Client>()
  const transports = new Map<number, Transport>()
  for (const chain of chains) {
    const entry = rpc[chain.id]
    if (typeof entry === 'function') transports.set(chain.id, entry)
    else if (typeof entry === 'object' && entry !== null && typeof entry.request === 'function') {
      transports.set(chain.id, custom({ request: entry.request }))
    } else {
      throw new TypeError(
        `"rpc" expected a viem Transport or { request } for chain ${chain.id} (${chain.name})`,
      )
    }
  }
  return (chainId) => {
    let client = clients.get(chainId)
    if (client !== undefined) return client
    const chain = chains.find((c) => c.id === chainId)
    const transport = transports.get(chainId)
    if (chain === undefined || transport === undefined) {
      throw new TypeError(`chain ${chainId} is not configured`)
    }
    client = createClient({ chain, transport })
    clients.set(chainId, client)
    return client
  }
}
