/**
 * One Tessera pairing serves EVM and Conflux Core: a real relay (in process), core's pairing and
 * test wallet (one key, `eip155:31337` and `cfx:2029` accounts) and a real Conflux Core node
 * (@xcfx/node, the wallet's Core address funded at genesis). Over the same session: an EVM
 * `personal_sign` verified with viem, then the Conflux provider on `confluxTransportFromSession`
 * signs a Conflux message and sends CFX that is mined. Relay, node and data are removed afterwards.
 */
import {
  createMemorySessionStore,
  createPairing,
  createRelayClient,
  type RelayClient,
} from '@tessera/core'
import {
  NodeWebSocket,
  type RelayHarness,
  startRelayHarness,
} from '@tessera/core/testing/relayHarness'
import { createTestIdentity } from '@tessera/core/testing/testIdentity'
import { createTestWallet } from '@tessera/core/testing/testWallet'
import { SESSION_METHODS } from '@tessera/protocol'
import { type Hex, keccak256, verifyMessage } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { encodeBase32Address } from '../address/encodeBase32Address.ts'
import { DEV_CHAIN_ID as CHAIN_ID, type DevNode, startDevNode } from '../test/devNode.ts'
import { confluxTransportFromSession } from './confluxTransportFromSession.ts'
import { createConfluxProvider } from './createConfluxProvider.ts'

const privateKey = keccak256(new TextEncoder().encode('tessera one-pairing test wallet'))
let node: DevNode
let relay: RelayHarness
const clients: RelayClient[] = []

beforeAll(async () => {
  ;[relay, node] = await Promise.all([startRelayHarness(), startDevNode(privateKey)])
}, 60_000)

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  await relay?.dispose()
  await node?.stop()
}, 30_000)

function relayClient(): RelayClient {
  const client = createRelayClient({
    url: relay.url,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
  })
  clients.push(client)
  return client
}

async function pair(confluxChainIds: readonly number[]) {
  const wallet = createTestWallet({ privateKey, chainIds: [31337], confluxChainIds })
  const pairing = await createPairing({
    relay: relayClient(),
    store: createMemorySessionStore(),
    metadata: { name: 'One-pairing test dapp' },
    origin: 'https://dapp.example',
    chains: ['eip155:31337', ...confluxChainIds.map((id) => `cfx:${id}`)],
    methods: SESSION_METHODS,
  })
  await wallet.pair({ uri: pairing.uri, relay: relayClient(), store: createMemorySessionStore() })
  return { wallet, dapp: await pairing.approved }
}

test('one pairing: EVM personal_sign verified by viem, Conflux message signed and CFX sent', async () => {
  const { wallet, dapp } = await pair([CHAIN_ID])
  const core = wallet.conflux?.hexAddress as Hex
  expect(dapp.accounts).toEqual({
    'eip155:31337': [wallet.address],
    [`cfx:${CHAIN_ID}`]: [encodeBase32Address(core, CHAIN_ID)],
  })

  const evmSignature = (await dapp.request({
    method: 'personal_sign',
    params: ['hello from EVM', wallet.address],
    chainId: 'eip155:31337',
  })) as Hex
  expect(
    await verifyMessage({
      address: wallet.address,
      message: 'hello from EVM',
      signature: evmSignature,
    }),
  ).toBe(true)

  const provider = createConfluxProvider({
    transport: confluxTransportFromSession({ session: () => dapp }),
    rpc: node.rpc,
  })
  const [from] = (await provider.request({ method: 'cfx_requestAccounts' })) as string[]
  expect(from).toBe(encodeBase32Address(core, CHAIN_ID))
  expect(await provider.request({ method: 'cfx_chainId' })).toBe('0x7ed')
  // The provider recovers the signer of the Conflux signature and compares it with `from`.
  const cfxSignature = (await provider.request({
    method: 'personal_sign',
    params: ['hello from Conflux Core', from],
  })) as Hex
  expect(cfxSignature).toMatch(/^0x[0-9a-f]{128}0[01]$/)
  expect(cfxSignature).not.toBe(evmSignature)

  const to = encodeBase32Address(`0x1${'cd'.repeat(19)}e`, CHAIN_ID)
  const hash = (await provider.request({
    method: 'cfx_sendTransaction',
    params: [{ from, to, value: '0x2386f26fc10000' }],
  })) as Hex
  const mined = await node.receipt(hash)
  expect(mined.outcomeStatus).toBe('0x0')
  expect(await provider.request({ method: 'cfx_getBalance', params: [to] })).toBe(
    '0x2386f26fc10000',
  )

  // The wallet does not know chain 1: 4902 from the signer, through the session, as is.
  await expect(
    provider.request({ method: 'wallet_switchConfluxChain', params: [{ chainId: '0x1' }] }),
  ).rejects.toMatchObject({ code: 4902 })

  // The dapp ends the session: the Conflux provider hears it.
  const ended = new Promise((resolve) => provider.on('disconnect', resolve))
  await dapp.disconnect()
  expect(await ended).toMatchObject({ code: 4900 })
  expect(provider.isConnected()).toBe(false)
}, 60_000)

test('a session without a Conflux account: cfx_requestAccounts is 4100', async () => {
  const { dapp } = await pair([])
  const provider = createConfluxProvider({
    transport: confluxTransportFromSession({ session: () => dapp }),
    rpc: node.rpc,
  })
  await expect(provider.request({ method: 'cfx_requestAccounts' })).rejects.toMatchObject({
    code: 4100,
    details:
      'The wallet offered no Conflux Core account in this session; pair with a wallet that has one.',
  })
  expect(provider.isConnected()).toBe(false)
  await dapp.disconnect()
}, 30_000)
