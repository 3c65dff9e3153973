/**
 * Test-only harness for the signer's dapp tests: the signer side (a fresh threshold wallet from
 * the DKG with the in-process co-signer double, its own relay client and store, and
 * `createDappConnections`), the real decoder with one refusal for the bad-input tests, an
 * in-process hardhat chain served over HTTP on loopback (the RPC URL the WalletConnect mode is
 * configured with), and a wait for the inbox's next item. Never used by package code.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ClearSigningError, describeRequest } from '@tessera/clear-signing'
import {
  type Clock,
  createMemorySessionStore,
  createRelayClient,
  type SessionStore,
} from '@tessera/core'
import { NodeWebSocket } from '@tessera/core/testing/relayHarness'
import { createTestIdentity } from '@tessera/core/testing/testIdentity'
import { type Hex, parseEther } from 'viem'
import type { walletFixture } from '../../test/walletFixture.ts'
import { createDappConnections, type DappConnections } from '../createDappConnections.ts'
import type { Inbox } from '../createInbox.ts'
import type { Describe, InboxItem } from '../types.ts'

/** The real decoder, except that it refuses a personal_sign whose message is "undecodable". */
export const testDescribe: Describe = (input) => {
  const { method, params } = input
  if (method === 'personal_sign' && Array.isArray(params) && params[0] === 'undecodable') {
    throw new ClearSigningError('MalformedPayload', 'The test decoder refuses this message.')
  }
  return describeRequest(input)
}

export type SignerSide = {
  readonly connections: DappConnections
  readonly store: SessionStore
  close(): Promise<void>
}

type Fixture = Awaited<ReturnType<typeof walletFixture>>

/** The signer app: connections over a new relay client; a second call with the same store is a restart. */
export async function startSigner(parameters: {
  readonly relayUrl: string
  readonly wallet: Fixture['wallet']
  readonly store?: SessionStore
  readonly clock?: Clock
  readonly inbox?: Inbox
  readonly requestTtlMs?: number
}): Promise<SignerSide> {
  const store = parameters.store ?? createMemorySessionStore()
  const relay = createRelayClient({
    url: parameters.relayUrl,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
    backoff: { initialMs: 50, maxMs: 200 },
  })
  const connections = await createDappConnections({
    relay,
    store,
    signer: parameters.wallet,
    describe: testDescribe,
    metadata: { name: 'Tessera signer (test)' },
    ...(parameters.clock === undefined ? {} : { clock: parameters.clock }),
    ...(parameters.inbox === undefined ? {} : { inbox: parameters.inbox }),
    ...(parameters.requestTtlMs === undefined ? {} : { requestTtlMs: parameters.requestTtlMs }),
  })
  return {
    connections,
    store,
    async close() {
      await connections.close()
      await relay.close()
    },
  }
}

/** Resolves with the next item that enters `inbox` (or one already there that matches). */
export function nextItem(
  inbox: Inbox,
  match: (item: InboxItem) => boolean = () => true,
): Promise<InboxItem> {
  const present = inbox.items().find(match)
  if (present !== undefined) return Promise.resolve(present)
  return new Promise((resolve) => {
    const off = inbox.events.on('change', (items) => {
      const found = items.find(match)
      if (found === undefined) return
      off()
      resolve(found)
    })
  })
}

export type Hardhat = {
  readonly url: string
  fund(address: Hex, ether: string): Promise<void>
  request(method: string, params?: unknown[]): Promise<unknown>
  close(): Promise<void>
}

/** Hardhat in process behind a loopback HTTP JSON-RPC endpoint (one per test file). */
export async function startHardhat(): Promise<Hardhat> {
  process.env.HARDHAT_CONFIG = new URL('./hardhat.config.cjs', import.meta.url).pathname
  const { default: hre } = await import('hardhat')
  const node = hre.network.provider
  const request = (method: string, params: unknown[] = []) => node.request({ method, params })
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8')
    })
    req.on('end', () => {
      const call = JSON.parse(body) as { id: number; method: string; params?: unknown[] }
      request(call.method, call.params).then(
        (result) => res.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result })),
        (error: { code?: number; message?: string }) =>
          res.end(
            JSON.stringify({
              jsonrpc: '2.0',
              id: call.id,
              error: { code: error.code ?? -32603, message: String(error.message) },
            }),
          ),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const [funder] = (await request('eth_accounts')) as Hex[]
  return {
    url: `http://127.0.0.1:${port}`,
    request,
    async fund(address, ether) {
      await request('eth_sendTransaction', [
        { from: funder, to: address, value: `0x${parseEther(ether).toString(16)}` },
      ])
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
