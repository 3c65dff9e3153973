/**
 * The `tessera()` connector with `@wagmi/core` 3 end to end: a real relay, a real hardhat chain
 * and core's test wallet as the signer. connect (pairing URI through wagmi's `message` event,
 * `withCapabilities`), signMessage and signTypedData that verify, sendTransaction mined,
 * switchChain, a page reload resumed by `reconnect` without a new pairing, and disconnect.
 */
import type { SessionStore } from '@tessera/core'
import type { TesseraProvider } from '@tessera/provider'
import {
  createMemorySessionStore,
  createPeer,
  ESPACE,
  type Hardhat,
  NodeWebSocket,
  ORIGIN,
  type Peer,
  type RelayHarness,
  startHardhat,
  startRelayHarness,
} from '@tessera/provider/testing'
import {
  type Config,
  connect,
  createConfig,
  createStorage,
  disconnect,
  getConnection,
  reconnect,
  sendTransaction,
  signMessage,
  signTypedData,
  switchChain,
  waitForTransactionReceipt,
} from '@wagmi/core'
import { custom, type Hex, parseEther, verifyMessage, verifyTypedData } from 'viem'
import { hardhat } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { tessera } from './tessera.ts'

/** A wagmi `Storage` backend in memory, shared across "page loads" like localStorage would be. */
function memoryStorage(): {
  getItem(k: string): string | null
  setItem(k: string, v: string): void
  removeItem(k: string): void
} {
  const items = new Map<string, string>()
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  }
}

describe('tessera() with @wagmi/core', () => {
  let relay: RelayHarness
  let node: Hardhat
  let peer: Peer
  let store: SessionStore
  const storage = memoryStorage()
  let config: Config
  let account: Hex

  const makeConfig = (onPairingUri?: (uri: string) => void): Config =>
    createConfig({
      chains: [hardhat, ESPACE],
      connectors: [
        tessera({
          relayUrl: relay.url,
          metadata: { name: 'wagmi test dapp', url: ORIGIN },
          origin: ORIGIN,
          store,
          WebSocket: NodeWebSocket,
          reconnect: { initialMs: 50, maxMs: 200 },
          ...(onPairingUri === undefined ? {} : { onPairingUri }),
        }),
      ],
      transports: {
        [hardhat.id]: custom({ request: node.request }),
        [ESPACE.id]: custom({ request: node.request }),
      },
      storage: createStorage({ storage }),
    })

  beforeAll(async () => {
    ;[relay, node] = await Promise.all([startRelayHarness(), startHardhat()])
    peer = createPeer(relay)
    store = createMemorySessionStore()
    await node.fund(peer.wallet.address, '5')
    config = makeConfig()
  })

  afterAll(async () => {
    for (const connector of config.connectors)
      await ((await connector.getProvider()) as TesseraProvider).close()
    await peer.close()
    await relay.dispose()
  })

  test('the connector declares the provider identity', () => {
    const [connector] = config.connectors
    expect(connector).toMatchObject({
      id: 'tessera',
      name: 'Tessera',
      type: 'tessera',
      rdns: 'dev.tessera.wallet',
    })
    expect(connector?.icon).toMatch(/^data:image\/svg\+xml,/)
  })

  test('connect pairs through the URI of the message event', async () => {
    const [connector] = config.connectors
    if (connector === undefined) throw new Error('no connector')
    let paired: Promise<unknown> | undefined
    const onMessage = ({ type, data }: { type: string; data?: unknown }): void => {
      if (type === 'display_uri') paired = peer.pair(String(data))
    }
    connector.emitter.on('message', onMessage)
    try {
      const result = await connect(config, { connector })
      await paired
      expect(result).toEqual({ accounts: [peer.wallet.address], chainId: 31337 })
    } finally {
      connector.emitter.off('message', onMessage)
    }
    account = peer.wallet.address
    expect(getConnection(config)).toMatchObject({
      status: 'connected',
      address: account,
      chainId: 31337,
    })
    expect(await connector.connect({ withCapabilities: true })).toEqual({
      accounts: [{ address: account, capabilities: {} }],
      chainId: 31337,
    })
  })

  test('signMessage and signTypedData verify for the account', async () => {
    const signature = await signMessage(config, { message: 'hello wagmi' })
    expect(await verifyMessage({ address: account, message: 'hello wagmi', signature })).toBe(true)
    const typed = {
      domain: { name: 'Tessera', version: '1', chainId: 31337 },
      types: { Greeting: [{ name: 'text', type: 'string' }] },
      primaryType: 'Greeting',
      message: { text: 'hi' },
    } as const
    const typedSignature = await signTypedData(config, typed)
    expect(await verifyTypedData({ address: account, ...typed, signature: typedSignature })).toBe(
      true,
    )
  })

  test('sendTransaction is mined on hardhat', async () => {
    const to = '0x000000000000000000000000000000000000cafE'
    const hash = await sendTransaction(config, { to, value: parseEther('0.5') })
    const receipt = await waitForTransactionReceipt(config, { hash, timeout: 10_000 })
    expect(receipt.status).toBe('success')
    expect(receipt.from.toLowerCase()).toBe(account.toLowerCase())
  })

  test('switchChain switches the session and wagmi follows', async () => {
    const chain = await switchChain(config, { chainId: ESPACE.id })
    expect(chain.id).toBe(1030)
    expect(getConnection(config).chainId).toBe(1030)
    await switchChain(config, { chainId: hardhat.id })
    expect(getConnection(config).chainId).toBe(31337)
  })

  test('a page reload reconnects from the persisted session without pairing', async () => {
    for (const connector of config.connectors)
      await ((await connector.getProvider()) as TesseraProvider).close()
    config = makeConfig(() => {
      throw new Error('a resumed session must not pair again')
    })
    const connections = await reconnect(config)
    expect(connections.map((c) => ({ accounts: c.accounts, chainId: c.chainId }))).toEqual([
      { accounts: [account], chainId: 31337 },
    ])
    expect(getConnection(config)).toMatchObject({ status: 'connected', address: account })
    const signature = await signMessage(config, { message: 'after reload' })
    expect(await verifyMessage({ address: account, message: 'after reload', signature })).toBe(true)
  })

  test('disconnect ends the session on both sides', async () => {
    const walletSide = peer.sessions.at(-1)
    if (walletSide === undefined) throw new Error('the wallet holds no session')
    const ended = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the wallet session did not end')), 5000)
      walletSide.events.once('disconnect', (error) => {
        clearTimeout(timer)
        resolve(error.code)
      })
    })
    await disconnect(config)
    expect(getConnection(config).status).toBe('disconnected')
    expect(await ended).toBe(4900)
    const [connector] = config.connectors
    expect(await connector?.isAuthorized()).toBe(false)
  })
})
