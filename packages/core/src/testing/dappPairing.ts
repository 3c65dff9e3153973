/**
 * Test-only: a dapp in the test's own process — a relay client of its own (a fresh identity, `ws`
 * for the socket) and a pairing it offers on that relay, its sessions in memory. The caller closes
 * `dappRelay`. Never used by package code; not exported.
 */
import { type CreatePairingOptions, createPairing } from '../pairing/createPairing.ts'
import { createRelayClient } from '../relay/createRelayClient.ts'
import { createMemorySessionStore } from '../storage/createMemorySessionStore.ts'
import { NodeWebSocket } from './relayHarness.ts'
import { createTestIdentity } from './testIdentity.ts'

export async function openDappPairing(
  relayUrl: string,
  options: Omit<CreatePairingOptions, 'relay' | 'store'>,
) {
  const dappRelay = createRelayClient({
    url: relayUrl,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
  })
  const pairing = await createPairing({
    relay: dappRelay,
    store: createMemorySessionStore(),
    ...options,
  })
  return { dappRelay, pairing }
}
