/**
 * `createSessionManager.pair()` when pairing cannot start: core loads its pairing code by
 * `import()`, and a page that went offline fails to fetch it. The dapp must see EIP-1193's 4900
 * with the original failure as `cause`, never a bare TypeError; a later `pair()` tries again.
 */
import type * as Core from '@tessera/core'
import { createMemorySessionStore } from '@tessera/core'
import { EVM_SESSION_METHODS } from '@tessera/protocol'
import { ProviderDisconnectedError } from 'viem'
import { expect, test, vi } from 'vitest'
import { createSessionManager } from './createSessionManager.ts'

const createPairing = vi.hoisted(() => vi.fn())

vi.mock('@tessera/core', async (importOriginal) => {
  const core = await importOriginal<typeof Core>()
  // A relay client that is online at once; nothing here reaches a network.
  const relay = {
    url: 'wss://relay.test',
    events: { on: () => () => {} },
    waitOnline: async () => {},
    close: async () => {},
  }
  return {
    ...core,
    createPairing,
    createRelayClient: () => relay,
    loadRelayIdentity: async () => ({
      clientId: 'did:key:test',
      sign: async () => new Uint8Array(64),
    }),
  }
})

test('a pairing chunk that cannot be fetched is 4900, and the next pair() tries again', async () => {
  const fetchFailed = new TypeError('Failed to fetch dynamically imported module')
  createPairing.mockRejectedValueOnce(fetchFailed)
  const uris: string[] = []
  let uriShown: (uri: string) => void = () => {}
  const manager = createSessionManager({
    relayUrl: 'wss://relay.test',
    store: createMemorySessionStore(),
    metadata: { name: 'Test dapp', url: 'https://app.test' },
    origin: 'https://app.test',
    chains: ['eip155:1'],
    methods: EVM_SESSION_METHODS,
    connectTimeoutMs: 1000,
    onSession: () => {},
    onPairingUri: (uri) => {
      uris.push(uri)
      uriShown(uri)
    },
    onRelayStatus: () => {},
  })

  const error = await manager.pair().catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ProviderDisconnectedError)
  expect(error).toMatchObject({
    code: 4900,
    details: 'Pairing could not start; check the connection and try again.',
  })
  expect((error as Error).cause).toBeInstanceOf(Error)
  expect(((error as Error).cause as Error).cause).toBe(fetchFailed)
  expect(uris).toEqual([])

  const cancelled = new Promise<void>((resolve) => {
    createPairing.mockImplementationOnce(async () => ({
      uri: 'tessera:retry',
      topic: 'retry',
      approved: new Promise(() => {}),
      cancel: async () => resolve(),
    }))
  })
  const shown = new Promise<string>((resolve) => {
    uriShown = resolve
  })
  void manager.pair().catch(() => {})
  expect(await shown).toBe('tessera:retry')
  await manager.close()
  await cancelled
  expect(createPairing).toHaveBeenCalledTimes(2)
})
