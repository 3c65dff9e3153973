/**
 * The dapp's deadline (`timeoutMs` of the session request, docs/SESSION.md#json-rpc-inside-the-session)
 * reaches the signer's inbox: a request with a deadline shorter than the signer's TTL is shown
 * with that earlier deadline and answered with the expiry error when it passes, while a request
 * without one (an older dapp) keeps the signer's TTL. Real relay, real threshold wallet, a bare
 * core session as the dapp; the signer's clock is injected.
 */
import {
  createMemorySessionStore,
  createPairing,
  createRelayClient,
  type RelayClient,
} from '@tessera/core'
import { createManualClock, type ManualClock } from '@tessera/core/testing/manualClock'
import {
  NodeWebSocket,
  type RelayHarness,
  startRelayHarness,
} from '@tessera/core/testing/relayHarness'
import { createTestIdentity } from '@tessera/core/testing/testIdentity'
import type { Hex } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { walletFixture } from '../test/walletFixture.ts'
import { createInbox, type Inbox } from './createInbox.ts'
import { nextItem, type SignerSide, startSigner } from './test/harness.ts'

const TTL = 60_000
const DAPP_DEADLINE = 40_000
let relay: RelayHarness
let clock: ManualClock
let inbox: Inbox
let address: Hex
let signer: SignerSide
let dappRelay: RelayClient

beforeAll(async () => {
  const fixture = await walletFixture()
  relay = await startRelayHarness()
  // The signer's clock stands still before the relay's: a request counts from the signer's now.
  clock = createManualClock(Date.now() - 1_000)
  inbox = createInbox({ clock })
  address = fixture.wallet.account(0).secp256k1?.address as Hex
  signer = await startSigner({
    relayUrl: relay.url,
    wallet: fixture.wallet,
    clock,
    inbox,
    requestTtlMs: TTL,
  })
})

afterAll(async () => {
  await dappRelay?.close()
  await signer?.close()
  await relay?.dispose()
})

test('a request with a short deadline shows it and expires with it; one without keeps the TTL', async () => {
  dappRelay = createRelayClient({
    url: relay.url,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
  })
  const pairing = await createPairing({
    relay: dappRelay,
    store: createMemorySessionStore(),
    metadata: { name: 'Hurried dapp' },
    origin: 'https://hurried.test',
    chains: ['eip155:31337'],
    methods: ['personal_sign'],
  })
  await signer.connections.pair(pairing.uri, { accounts: [0], chains: ['eip155:31337'] })
  const dapp = await pairing.approved
  const start = clock.now()

  // The dapp's own timer is real time and generous: the signer's expiry must arrive first.
  const hurried = dapp.request(
    { method: 'personal_sign', params: ['0x01', address], chainId: 'eip155:31337' },
    { timeoutMs: DAPP_DEADLINE },
  )
  const shortItem = await nextItem(inbox)
  expect(shortItem.expiresAt).toBe(start + DAPP_DEADLINE)

  // No `timeoutMs` on the wire (the default deadline is not sent): the signer's TTL.
  const patient = dapp.request({
    method: 'personal_sign',
    params: ['0x02', address],
    chainId: 'eip155:31337',
  })
  const longItem = await nextItem(inbox, (item) => item.id !== shortItem.id)
  expect(longItem.expiresAt).toBe(start + TTL)

  clock.advance(DAPP_DEADLINE)
  await expect(hurried).rejects.toMatchObject({ code: -32603 })
  await expect(hurried).rejects.toThrow(/Request expired/)
  expect(inbox.items().map((item) => item.id)).toEqual([longItem.id])
  await expect(shortItem.approve()).rejects.toMatchObject({ code: 'Expired' })

  await longItem.reject()
  await expect(patient).rejects.toMatchObject({ code: 4001 })
})
