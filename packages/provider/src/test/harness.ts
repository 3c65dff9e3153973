/**
 * Test-only harness for the provider's integration tests: a real relay in this process
 * (loopback, port 0, temporary data directory, restartable), a real hardhat 2 chain in process
 * (`hre.network.provider`, chain 31337), and core's test wallet peer answering as the signer
 * over its own relay client. Never used by package code; not exported.
 */
import {
  createMemorySessionStore,
  createRelayClient,
  type Session,
  type SessionStore,
} from '@tessera/core'
import {
  NodeWebSocket,
  type RelayHarness,
  startRelayHarness,
} from '@tessera/core/testing/relayHarness'
import { createTestIdentity } from '@tessera/core/testing/testIdentity'
import { createTestWallet, type TestWallet } from '@tessera/core/testing/testWallet'
import { type Chain, defineChain, type EIP1193RequestFn, type Hex, parseEther } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import { createTesseraProvider } from '../createTesseraProvider.ts'
import type { TesseraProvider, TesseraProviderParameters } from '../types.ts'

export { NodeWebSocket }
export const ORIGIN = 'https://dapp.test'
/** A second session chain (Conflux eSpace's id), served by the same hardhat node: switching only. */
export const ESPACE = defineChain({
  id: 1030,
  name: 'Conflux eSpace (test)',
  nativeCurrency: { name: 'CFX', symbol: 'CFX', decimals: 18 },
  rpcUrls: { default: { http: ['http://127.0.0.1:1'] } },
})
export const CHAINS = [hardhat, ESPACE] as const satisfies readonly [Chain, ...Chain[]]

export interface Hardhat {
  readonly request: EIP1193RequestFn
  /** Sends `ether` from hardhat account #0 and waits for it to be mined (automine). */
  fund(address: Hex, ether: string): Promise<void>
}

let hardhatNode: Promise<Hardhat> | undefined

/** One in-process hardhat chain per test file (Vitest isolates files in their own workers). */
export function startHardhat(): Promise<Hardhat> {
  hardhatNode ??= (async () => {
    process.env.HARDHAT_CONFIG = new URL('./hardhat.config.cjs', import.meta.url).pathname
    const { default: hre } = await import('hardhat')
    const node = hre.network.provider
    const request = ((args: { method: string; params?: unknown[] }) =>
      node.request(args)) as EIP1193RequestFn
    const [funder] = (await node.request({ method: 'eth_accounts' })) as Hex[]
    return {
      request,
      async fund(address, ether) {
        const hash = await node.request({
          method: 'eth_sendTransaction',
          params: [{ from: funder, to: address, value: `0x${parseEther(ether).toString(16)}` }],
        })
        const receipt = await node.request({ method: 'eth_getTransactionReceipt', params: [hash] })
        if (receipt === null) throw new Error('hardhat did not mine the funding transaction')
      },
    }
  })()
  return hardhatNode
}

export interface Peer {
  readonly wallet: TestWallet
  readonly store: SessionStore
  /** Sessions the wallet paired, newest last. */
  readonly sessions: Session[]
  /** Pairs with a URI (what a user scanning the QR code does). */
  pair(uri: string): Promise<Session>
  close(): Promise<void>
}

/** The signer side: core's test wallet on its own relay client and store. */
export function createPeer(relay: RelayHarness, chainIds: readonly number[] = [31337, 1030]): Peer {
  const wallet = createTestWallet({ privateKey: generatePrivateKey(), chainIds })
  const store = createMemorySessionStore()
  const client = createRelayClient({
    url: relay.url,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
    backoff: { initialMs: 50, maxMs: 200 },
  })
  const sessions: Session[] = []
  return {
    wallet,
    store,
    sessions,
    async pair(uri) {
      const session = await wallet.pair({ uri, relay: client, store })
      sessions.push(session)
      return session
    },
    close: () => client.close(),
  }
}

export type DappOverrides = Partial<TesseraProviderParameters>

/** The dapp side over `store`; a second call with the same store is a page reload. */
export function createDapp(
  relay: RelayHarness,
  node: Hardhat,
  store: SessionStore,
  overrides: DappOverrides = {},
): TesseraProvider {
  return createTesseraProvider({
    relayUrl: relay.url,
    metadata: { name: 'Test dapp', url: ORIGIN },
    origin: ORIGIN,
    chains: CHAINS,
    rpc: { 31337: { request: node.request }, 1030: { request: node.request } },
    store,
    WebSocket: NodeWebSocket,
    reconnect: { initialMs: 50, maxMs: 200 },
    ...overrides,
  })
}

/** Pairs `provider` with `peer` through `eth_requestAccounts`, as a user scanning the code. */
export async function connect(provider: TesseraProvider, peer: Peer): Promise<readonly Hex[]> {
  let paired: Promise<Session> | undefined
  const onMessage = (message: { type: string; data: unknown }): void => {
    if (message.type === 'display_uri') paired = peer.pair(String(message.data))
  }
  provider.on('message', onMessage)
  try {
    const accounts = await provider.request({ method: 'eth_requestAccounts' })
    await paired
    return accounts
  } finally {
    provider.removeListener('message', onMessage)
  }
}

/** Resolves with the first provider event of a kind that matches, or rejects at the deadline. */
export function nextProviderEvent<T>(
  provider: TesseraProvider,
  event: 'accountsChanged' | 'chainChanged' | 'connect' | 'disconnect' | 'message',
  match: (data: T) => boolean = () => true,
  deadlineMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (data: T): void => {
      if (!match(data)) return
      clearTimeout(timer)
      provider.removeListener(event, listener as never)
      resolve(data)
    }
    const timer = setTimeout(() => {
      provider.removeListener(event, listener as never)
      reject(new Error(`waiting for "${event}": deadline of ${deadlineMs} ms exceeded`))
    }, deadlineMs)
    provider.on(event, listener as never)
  })
}

export type { RelayHarness }
export { createMemorySessionStore, startRelayHarness }
