/**
 * One `createDappConnections` for both modes, with a real relay in process: a Tessera dapp paired
 * from its Telegram `startapp` value and an unmodified WalletConnect sign-client dapp from a pasted
 * `wc:` link (whitespace around it) are listed together in `sessions()`; the WalletConnect session
 * is renamed from the signer, survives a restart (its mode starts with the connections because the
 * store holds it) and answers an approved request viem verifies; the dapp ending it removes it from
 * the list; a `wc:` link without WalletConnect mode is refused with a typed error.
 */
import { createMemorySessionStore, createPairing, createRelayClient } from '@tessera/core'
import {
  NodeWebSocket,
  type RelayHarness,
  startRelayHarness,
} from '@tessera/core/testing/relayHarness'
import { createTestIdentity } from '@tessera/core/testing/testIdentity'
import { SignClient } from '@walletconnect/sign-client'
import type { SessionTypes, SignClientTypes } from '@walletconnect/types'
import { type Hex, verifyMessage } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { encodeStartParam } from '../platform/decodeStartParam.ts'
import { walletFixture } from '../test/walletFixture.ts'
import { createWalletConnectWallet } from '../walletconnect/createWalletConnectWallet.ts'
import { memoryStorage } from '../walletconnect/test/memoryStorage.ts'
import { createDappConnections, type DappConnections } from './createDappConnections.ts'
import type { Inbox } from './createInbox.ts'
import { nextItem, testDescribe } from './test/harness.ts'

type Client = InstanceType<typeof SignClient>
const CHAIN = 'eip155:31337'
let relay: RelayHarness
let fixture: Awaited<ReturnType<typeof walletFixture>>
let connections: DappConnections
let signerRelay: ReturnType<typeof createRelayClient>
let tesseraDappRelay: ReturnType<typeof createRelayClient>
let dapp: Client
let wcSession: SessionTypes.Struct
const store = createMemorySessionStore()
const wcStorage = memoryStorage()

const start = async (): Promise<DappConnections> => {
  signerRelay = createRelayClient({
    url: relay.url,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
    backoff: { initialMs: 50, maxMs: 200 },
  })
  return createDappConnections({
    relay: signerRelay,
    store,
    signer: fixture.wallet,
    describe: testDescribe,
    metadata: { name: 'Tessera signer (test)' },
    walletConnect: (inbox: Inbox) =>
      createWalletConnectWallet({
        relayUrl: relay.url,
        projectId: 'tessera-test',
        metadata: { name: 'Tessera', description: 'test', url: 'http://127.0.0.1', icons: [] },
        signer: fixture.wallet,
        describe: testDescribe,
        inbox,
        store,
        storage: wcStorage as unknown as NonNullable<SignClientTypes.Options['storage']>,
        storagePrefix: 'links-wallet',
      }),
  })
}

beforeAll(async () => {
  process.env.DISABLE_GLOBAL_CORE = 'true'
  ;[relay, fixture] = await Promise.all([startRelayHarness(), walletFixture()])
  connections = await start()
  dapp = await SignClient.init({
    projectId: 'tessera-test',
    relayUrl: relay.url,
    customStoragePrefix: 'links-dapp',
    telemetryEnabled: false,
    logger: 'silent',
    storage: memoryStorage() as unknown as NonNullable<SignClientTypes.Options['storage']>,
    metadata: { name: 'WC dapp', description: 'dapp', url: 'https://wc.test', icons: [] },
  })
})

afterAll(async () => {
  dapp?.core.heartbeat.stop()
  await dapp?.core.relayer.transportClose().catch(() => {})
  await tesseraDappRelay?.close()
  await connections?.close()
  await signerRelay?.close()
  await relay?.dispose()
})

test('a Telegram startapp and a pasted wc: link pair; both are listed', async () => {
  tesseraDappRelay = createRelayClient({
    url: relay.url,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
  })
  const pairing = await createPairing({
    relay: tesseraDappRelay,
    store: createMemorySessionStore(),
    metadata: { name: 'Tessera dapp' },
    origin: 'https://t.test',
    chains: [CHAIN],
    methods: ['personal_sign'],
  })
  await connections.pair(
    `https://t.me/tessera_bot/signer?startapp=${encodeStartParam(pairing.uri)}`,
    {
      accounts: [0],
      chains: [CHAIN],
    },
  )
  await pairing.approved

  const { uri, approval } = await dapp.connect({
    optionalNamespaces: {
      eip155: { chains: [CHAIN], methods: ['personal_sign'], events: ['chainChanged'] },
    },
  })
  const listed = new Promise<void>((resolve) => {
    const off = connections.events.on('sessions', (list) => {
      if (list.length === 2) {
        off()
        resolve()
      }
    })
  })
  const shown = await connections.pair(`\n   ${uri}  \n`, { accounts: [1], chains: [CHAIN] })
  wcSession = await approval()
  await listed
  expect(shown).toMatchObject({ transport: 'walletconnect', origin: 'https://wc.test' })
  expect(connections.sessions().map((s) => [s.transport, s.name, s.origin])).toEqual([
    ['tessera', 'Tessera dapp', 'https://t.test'],
    ['walletconnect', 'WC dapp', 'https://wc.test'],
  ])
})

test('renamed from the signer; after a restart it is listed and served', async () => {
  await connections.rename(wcSession.topic, '  My WC  ')
  expect(connections.sessions().find((s) => s.sessionId === wcSession.topic)?.name).toBe('My WC')
  await connections.close()
  await signerRelay.close()
  connections = await start()
  expect(connections.sessions().map((s) => s.name)).toEqual(['Tessera dapp', 'My WC'])

  const account = fixture.wallet.account(1).secp256k1?.address as Hex
  const signed = dapp.request<Hex>({
    topic: wcSession.topic,
    chainId: CHAIN,
    request: { method: 'personal_sign', params: ['0x7763', account] },
  })
  const item = await nextItem(connections.inbox)
  expect(item.session).toMatchObject({ transport: 'walletconnect', name: 'My WC' })
  await item.approve()
  expect(await verifyMessage({ address: account, message: 'wc', signature: await signed })).toBe(
    true,
  )
})

test('the dapp ends the WalletConnect session: gone from the list; the Tessera one stays', async () => {
  const gone = new Promise<void>((resolve) => {
    const off = connections.events.on('sessions', (list) => {
      if (list.length === 1) {
        off()
        resolve()
      }
    })
  })
  await dapp.disconnect({ topic: wcSession.topic, reason: { code: 6000, message: 'bye' } })
  await gone
  expect(connections.sessions().map((s) => s.transport)).toEqual(['tessera'])
  await expect(connections.rename(wcSession.topic, 'x')).rejects.toMatchObject({
    code: 'UnknownSession',
  })
})

test('a wc: link without WalletConnect mode is refused with a typed error', async () => {
  const bare = await createDappConnections({
    relay: signerRelay,
    store: createMemorySessionStore(),
    signer: fixture.wallet,
    metadata: { name: 'no wc' },
  })
  await expect(
    bare.pair(`wc:${'ab'.repeat(32)}@2?relay-protocol=irn&symKey=${'01'.repeat(32)}`, {
      accounts: [0],
      chains: [CHAIN],
    }),
  ).rejects.toMatchObject({ code: 'WalletConnectUnavailable' })
  await expect(bare.pair('hello', { accounts: [0], chains: [CHAIN] })).rejects.toMatchObject({
    code: 'BadLink',
  })
})
