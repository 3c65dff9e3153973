/**
 * `extraChains`: one pairing asks for EVM and Conflux Core together, so the signer's session
 * carries the `cfx:` chain and Conflux's methods (what `confluxTransportFromSession` needs), over a
 * real relay in process with core's test wallet as the signer. Unknown namespaces are refused at
 * construction, before anything is sent.
 */
import { CONFLUX_SESSION_METHODS, EVM_SESSION_METHODS } from '@tessera/protocol'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTesseraProvider } from './createTesseraProvider.ts'
import {
  CHAINS,
  connect,
  createMemorySessionStore,
  createPeer,
  NodeWebSocket,
  ORIGIN,
  type Peer,
  type RelayHarness,
  startRelayHarness,
} from './test/harness.ts'
import type { TesseraProvider } from './types.ts'

let relay: RelayHarness
let peer: Peer
let provider: TesseraProvider | undefined

const unusedRpc = {
  request: async () => {
    throw new Error('no RPC in this test')
  },
}

const parameters = {
  metadata: { name: 'Test dapp', url: ORIGIN },
  origin: ORIGIN,
  chains: CHAINS,
  rpc: { 31337: unusedRpc, 1030: unusedRpc },
  WebSocket: NodeWebSocket,
}

beforeAll(async () => {
  relay = await startRelayHarness()
  peer = createPeer(relay)
})

afterAll(async () => {
  await provider?.close()
  await peer.close()
  await relay.dispose()
})

test('the pairing asks for the extra cfx chain and its methods beside the EVM ones', async () => {
  provider = createTesseraProvider({
    ...parameters,
    relayUrl: relay.url,
    store: createMemorySessionStore(),
    extraChains: ['cfx:2029'],
  })
  await connect(provider, peer)
  const [session] = peer.sessions
  expect(session?.chains).toEqual(['eip155:31337', 'eip155:1030', 'cfx:2029'])
  expect(session?.methods).toEqual([...EVM_SESSION_METHODS, ...CONFLUX_SESSION_METHODS])
  expect(provider.session()?.chains).toContain('cfx:2029')
})

test.each([
  ['an unknown namespace', 'bip122:000000000019d6689c085ae165831e93'],
  ['a malformed solana id', 'solana:mainnet'],
  ['a malformed cfx id', 'cfx:0'],
  ['a non-string', 2029],
])('extraChains with %s is a TypeError naming the value', (_, chain) => {
  expect(() =>
    createTesseraProvider({
      ...parameters,
      relayUrl: 'wss://relay.test',
      extraChains: [chain as string],
    }),
  ).toThrow(
    /"extraChains" expected CAIP-2 ids of a supported namespace \(cfx:<network id>, solana:<genesis>\), got/,
  )
})
