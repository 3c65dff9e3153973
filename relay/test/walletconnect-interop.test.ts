/**
 * Interop: an unmodified @walletconnect/sign-client dapp and wallet, both pointed at our relay,
 * pair, approve a session, exchange personal_sign (signed with a viem local account, verified
 * with viem's verifyMessage) and disconnect — and nothing in this process reaches beyond
 * loopback (docs/RELAY.md#7-two-clients-one-process and docs/RELAY.md#8-one-relay-url).
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { SignClient } from '@walletconnect/sign-client'
import type { SignClientTypes } from '@walletconnect/types'
import { Redis } from 'ioredis'
import { type Hex, stringToHex, verifyMessage } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startRelay } from '../src/startRelay.ts'
import { testRelay } from './harness.ts'
import { guardNetwork, type NetworkGuard } from './networkGuard.ts'

/** In-memory key-value storage, so the SDKs write nothing to the working directory. */
function memoryStorage() {
  const map = new Map<string, unknown>()
  return {
    getKeys: async () => [...map.keys()],
    getEntries: async <T>() => [...map.entries()] as [string, T][],
    getItem: async <T>(key: string) => map.get(key) as T | undefined,
    setItem: async <T>(key: string, value: T) => {
      map.set(key, value)
    },
    removeItem: async (key: string) => {
      map.delete(key)
    },
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: deadline exceeded`)), ms).unref(),
    ),
  ])
}

const REDIS_URL = process.env.RELAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const redisPrefix = `relay-interop-${randomBytes(6).toString('hex')}`
let relay: Awaited<ReturnType<typeof testRelay>>
let guard: NetworkGuard
let clients: InstanceType<typeof SignClient>[] = []

beforeAll(() => {
  // docs/RELAY.md#7-two-clients-one-process: two clients in one process must not share the global
  // core.
  process.env.DISABLE_GLOBAL_CORE = 'true'
  guard = guardNetwork()
})

afterEach(async () => {
  for (const c of clients) {
    c.core.heartbeat.stop()
    await c.core.relayer.transportClose().catch(() => {})
  }
  clients = []
  await relay.stop()
})

afterAll(async () => {
  guard.restore()
  const redis = new Redis(REDIS_URL)
  const keys = await redis.keys(`${redisPrefix}*`)
  if (keys.length > 0) await redis.del(...keys)
  await redis.quit()
})

const init = async (name: string): Promise<InstanceType<typeof SignClient>> => {
  const options: SignClientTypes.Options = {
    projectId: 'tessera-test',
    relayUrl: relay.url,
    customStoragePrefix: name,
    telemetryEnabled: false,
    logger: 'silent',
    storage: memoryStorage() as unknown as NonNullable<SignClientTypes.Options['storage']>,
    metadata: { name, description: name, url: 'http://127.0.0.1', icons: [] },
  }
  const client = await SignClient.init(options)
  clients.push(client)
  return client
}

describe.each(['file', 'redis'] as const)(
  'WalletConnect sign-client through the relay (%s)',
  (storage) => {
    it('pairs, approves, signs personal_sign and disconnects, all on loopback', async () => {
      relay = await testRelay({ storage, redisUrl: REDIS_URL, redisPrefix })
      const account = privateKeyToAccount(generatePrivateKey())
      const dapp = await init(`dapp-${storage}`)
      const wallet = await init(`wallet-${storage}`)

      wallet.on('session_proposal', (proposal) => {
        void wallet.approve({
          id: proposal.id,
          namespaces: {
            eip155: {
              accounts: [`eip155:1:${account.address}`],
              chains: ['eip155:1'],
              methods: ['personal_sign'],
              events: ['accountsChanged', 'chainChanged'],
            },
          },
        })
      })
      wallet.on('session_request', (event) => {
        const [message] = event.params.request.params as [Hex, string]
        void account.signMessage({ message: { raw: message } }).then((signature) =>
          wallet.respond({
            topic: event.topic,
            response: { id: event.id, jsonrpc: '2.0', result: signature },
          }),
        )
      })
      const walletSawDelete = new Promise<string>((resolve) =>
        wallet.on('session_delete', (event) => resolve(event.topic)),
      )

      const { uri, approval } = await dapp.connect({
        optionalNamespaces: {
          eip155: {
            chains: ['eip155:1'],
            methods: ['personal_sign'],
            events: ['accountsChanged', 'chainChanged'],
          },
        },
      })
      expect(uri).toMatch(/^wc:[0-9a-f]{64}@2\?/)
      await withDeadline(wallet.pair({ uri: uri as string }), 10_000, 'pair')
      const session = await withDeadline(approval(), 15_000, 'session approval')
      expect(session.namespaces.eip155?.accounts).toEqual([`eip155:1:${account.address}`])

      const message = stringToHex('Sign in to Tessera')
      const signature = (await withDeadline(
        dapp.request({
          topic: session.topic,
          chainId: 'eip155:1',
          request: { method: 'personal_sign', params: [message, account.address] },
        }),
        10_000,
        'personal_sign',
      )) as Hex
      expect(
        await verifyMessage({ address: account.address, message: { raw: message }, signature }),
      ).toBe(true)

      await dapp.disconnect({
        topic: session.topic,
        reason: { code: 6000, message: 'User disconnected.' },
      })
      expect(await withDeadline(walletSawDelete, 10_000, 'session_delete')).toBe(session.topic)
      expect(guard.attempts).toEqual([])
      expect(relay.metrics.messagesIn).toBeGreaterThanOrEqual(5)
    })
  },
)

describe('WalletConnect sign-client across a relay restart', () => {
  it('reconnects on its own after a graceful restart and keeps signing', async () => {
    relay = await testRelay()
    const { dataDir, port } = relay
    const account = privateKeyToAccount(generatePrivateKey())
    const dapp = await init('dapp-restart')
    const wallet = await init('wallet-restart')
    wallet.on('session_proposal', (proposal) => {
      void wallet.approve({
        id: proposal.id,
        namespaces: {
          eip155: {
            accounts: [`eip155:1:${account.address}`],
            chains: ['eip155:1'],
            methods: ['personal_sign'],
            events: ['accountsChanged'],
          },
        },
      })
    })
    wallet.on('session_request', (event) => {
      const [message] = event.params.request.params as [Hex, string]
      void account.signMessage({ message: { raw: message } }).then((signature) =>
        wallet.respond({
          topic: event.topic,
          response: { id: event.id, jsonrpc: '2.0', result: signature },
        }),
      )
    })
    const { uri, approval } = await dapp.connect({
      optionalNamespaces: {
        eip155: { chains: ['eip155:1'], methods: ['personal_sign'], events: ['accountsChanged'] },
      },
    })
    await withDeadline(wallet.pair({ uri: uri as string }), 10_000, 'pair')
    const session = await withDeadline(approval(), 15_000, 'session approval')

    // Restart on the same port and data directory: clients see 1001 and must come back.
    await relay.close()
    const again = await startRelay({ port, dataDir, logLevel: 'silent' })
    relay = {
      ...again,
      dataDir,
      stop: async () => {
        await again.close()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }

    const message = stringToHex('after the restart')
    const signature = (await withDeadline(
      dapp.request({
        topic: session.topic,
        chainId: 'eip155:1',
        request: { method: 'personal_sign', params: [message, account.address] },
      }),
      25_000,
      'personal_sign after restart',
    )) as Hex
    expect(
      await verifyMessage({ address: account.address, message: { raw: message }, signature }),
    ).toBe(true)
    expect(guard.attempts).toEqual([])
  }, 40_000)
})
