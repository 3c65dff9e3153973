import { PairingUriError, RpcTimeoutError, type SessionRequest } from '@tessera/protocol'
import {
  type Hex,
  InternalRpcError,
  ProviderDisconnectedError,
  parseTransaction,
  recoverTransactionAddress,
  SwitchChainError,
  UnsupportedProviderMethodError,
  verifyMessage,
  verifyTypedData,
} from 'viem'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createPairing } from '../pairing/createPairing.ts'
import { pairWithUri } from '../pairing/pairWithUri.ts'
import { createRelayClient, type RelayClient } from '../relay/createRelayClient.ts'
import type { Clock } from '../relay/types.ts'
import { createMemorySessionStore } from '../storage/createMemorySessionStore.ts'
import type { SessionStore } from '../storage/SessionStore.ts'
import { nextEvent } from '../testing/nextEvent.ts'
import { NodeWebSocket, type RelayHarness, startRelayHarness } from '../testing/relayHarness.ts'
import { createTestIdentity } from '../testing/testIdentity.ts'
import { createTestWallet } from '../testing/testWallet.ts'
import type { Session } from './createSession.ts'
import { restoreSessions } from './restoreSessions.ts'
import { PairingError } from './SessionError.ts'
import { sessionKey } from './sessionRecord.ts'

const PRIVATE_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaca8d1f15c7a8b1e'
const origin = 'https://dapp.example'
const dappOptions = {
  metadata: { name: 'Test dapp', url: origin },
  origin,
  chains: ['eip155:1', 'eip155:10'],
  methods: ['personal_sign', 'eth_signTypedData_v4', 'eth_signTransaction'],
}

describe('sessions over a real relay', () => {
  let relay: RelayHarness
  const clients: RelayClient[] = []
  const client = (identity = createTestIdentity()) => {
    const c = createRelayClient({
      url: relay.url,
      identity,
      WebSocket: NodeWebSocket,
      backoff: { initialMs: 20, maxMs: 200 },
    })
    clients.push(c)
    return c
  }

  async function pair(
    options: { dappStore?: SessionStore; walletStore?: SessionStore; multiple?: boolean } = {},
  ) {
    const dappRelay = client()
    const walletRelay = client()
    const dappStore = options.dappStore ?? createMemorySessionStore()
    const walletStore = options.walletStore ?? createMemorySessionStore()
    const wallet = createTestWallet({ privateKey: PRIVATE_KEY, chainIds: [1, 10] })
    const pairing = await createPairing({
      ...dappOptions,
      relay: dappRelay,
      store: dappStore,
      ...(options.multiple === undefined ? {} : { multiple: options.multiple }),
    })
    const signer = await wallet.pair({ uri: pairing.uri, relay: walletRelay, store: walletStore })
    const dapp = await pairing.approved
    return { dapp, signer, wallet, dappStore, walletStore, dappRelay, walletRelay, pairing }
  }

  beforeEach(async () => {
    relay = await startRelayHarness({ publishPerSecClient: 10_000, publishPerSecIp: 10_000 })
  })
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()))
    await relay.dispose()
  })

  test('pairing: both sides derive the same session topic, accounts and chains travel', async () => {
    const { dapp, signer, wallet, dappStore, walletStore } = await pair()
    expect(dapp.topic).toMatch(/^[0-9a-f]{64}$/)
    expect(dapp.topic).toBe(signer.topic)
    expect(dapp.id).toBe(signer.id)
    expect(dapp.accounts).toEqual({ 'eip155:1': [wallet.address], 'eip155:10': [wallet.address] })
    expect(dapp.peer).toEqual({ name: 'Test wallet' })
    expect(signer.peer).toEqual(dappOptions.metadata)
    expect(signer.origin).toBe(origin)
    expect(signer.chains).toEqual(dappOptions.chains)
    expect(await dappStore.get(sessionKey(dapp.topic))).toMatchObject({ role: 'dapp', id: dapp.id })
    expect(await walletStore.get(sessionKey(signer.topic))).toMatchObject({ role: 'signer' })
  })

  test('requests: personal_sign, typed data, a transaction, eth_accounts; errors keep their class', async () => {
    const { dapp, wallet } = await pair()
    const signature = (await dapp.request({
      method: 'personal_sign',
      params: ['hello tessera', wallet.address],
    })) as Hex
    expect(
      await verifyMessage({ address: wallet.address, message: 'hello tessera', signature }),
    ).toBe(true)

    const typedData = {
      domain: { name: 'Tessera', version: '1', chainId: 1 },
      types: { Mail: [{ name: 'contents', type: 'string' }] },
      primaryType: 'Mail' as const,
      message: { contents: 'hi' },
    }
    const typedSignature = (await dapp.request({
      method: 'eth_signTypedData_v4',
      params: [wallet.address, JSON.stringify(typedData)],
    })) as Hex
    expect(
      await verifyTypedData({ address: wallet.address, ...typedData, signature: typedSignature }),
    ).toBe(true)

    const raw = (await dapp.request({
      method: 'eth_signTransaction',
      params: [
        { from: wallet.address, to: wallet.address, value: '0x1', chainId: '0xa', nonce: '0x3' },
      ],
    })) as Hex
    expect(parseTransaction(raw)).toMatchObject({ chainId: 10, nonce: 3, value: 1n })
    expect(await recoverTransactionAddress({ serializedTransaction: raw as never })).toBe(
      wallet.address,
    )

    expect(await dapp.request({ method: 'eth_accounts', params: [] })).toEqual([wallet.address])

    const unsupported = await dapp.request({ method: 'eth_sign', params: [] }).catch((e) => e)
    expect(unsupported).toBeInstanceOf(UnsupportedProviderMethodError)
    expect(unsupported).toMatchObject({
      code: 4200,
      details: 'The test wallet does not support eth_sign.',
    })
  })

  test('wallet_switchEthereumChain: chainChanged reaches the dapp; an unknown chain is 4902', async () => {
    const { dapp } = await pair()
    const changed = nextEvent(dapp.events, 'chainChanged')
    expect(
      await dapp.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0xa' }] }),
    ).toBe(null)
    expect(await changed).toBe('eip155:10')
    expect(dapp.chainId).toBe('eip155:10')
    const error = await dapp
      .request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x89' }] })
      .catch((e) => e)
    expect(error).toBeInstanceOf(SwitchChainError)
    expect(error).toMatchObject({
      code: 4902,
      details: 'Chain 0x89 is not known to the wallet.',
    })
  })

  test('a second signer answering the same URI is refused', async () => {
    const dappRelay = client()
    const pairing = await createPairing({
      ...dappOptions,
      relay: dappRelay,
      store: createMemorySessionStore(),
    })
    const first = createTestWallet({ privateKey: PRIVATE_KEY, chainIds: [1] })
    const second = createTestWallet({ privateKey: PRIVATE_KEY, chainIds: [1] })
    const [a, b] = await Promise.allSettled([
      first.pair({ uri: pairing.uri, relay: client(), store: createMemorySessionStore() }),
      second.pair({ uri: pairing.uri, relay: client(), store: createMemorySessionStore() }),
    ])
    const outcomes = [a, b].map((r) => r.status)
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected'])
    const refused = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toBeInstanceOf(PairingError)
    expect(refused.reason).toMatchObject({
      code: 'Refused',
      shortMessage: 'This pairing code was already used by another wallet.',
    })
    const won = [a, b].find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Session>
    expect((await pairing.approved).topic).toBe(won.value.topic)
  })

  test('an expired or malformed URI gets a clear error in the signer', async () => {
    const dappRelay = client()
    const past: Clock = { ...clockNow(), now: () => Date.now() - 3_600_000 }
    const pairing = await createPairing({
      ...dappOptions,
      relay: dappRelay,
      store: createMemorySessionStore(),
      clock: past,
    })
    await pairing.cancel()
    const wallet = createTestWallet({ privateKey: PRIVATE_KEY, chainIds: [1] })
    const expired = await wallet
      .pair({ uri: pairing.uri, relay: client(), store: createMemorySessionStore() })
      .catch((e) => e)
    expect(expired).toBeInstanceOf(PairingUriError)
    expect(expired.code).toBe('Expired')
    const malformed = await wallet
      .pair({ uri: 'tessera:nothex@1', relay: client(), store: createMemorySessionStore() })
      .catch((e) => e)
    expect(malformed).toBeInstanceOf(PairingUriError)
    expect(malformed.code).toBe('BadTopic')
  })

  test('reload: the dapp restores its session from the store and keeps talking', async () => {
    const dappStore = createMemorySessionStore()
    const { dapp, wallet } = await pair({ dappStore })
    await dapp.request({ method: 'eth_accounts', params: [] })
    dapp.detach() // the page goes away
    const [restored] = await restoreSessions({
      store: dappStore,
      relay: client(),
      role: 'dapp',
    })
    expect(restored?.topic).toBe(dapp.topic)
    const signature = (await restored?.request({
      method: 'personal_sign',
      params: ['again', wallet.address],
    })) as Hex
    expect(await verifyMessage({ address: wallet.address, message: 'again', signature })).toBe(true)
  })

  test('resume: a request received before a reload is answered after it, with its own id', async () => {
    const dappRelay = client()
    const walletStore = createMemorySessionStore()
    const wallet = createTestWallet({ privateKey: PRIVATE_KEY, chainIds: [1, 10] })
    const pairing = await createPairing({
      ...dappOptions,
      relay: dappRelay,
      store: createMemorySessionStore(),
    })
    // The first page receives the request, keeps it, and goes away without answering.
    let kept: { request: SessionRequest; publishedAt: number } | undefined
    let received: () => void = () => {}
    const arrived = new Promise<void>((resolve) => {
      received = resolve
    })
    const first = await pairWithUri({
      uri: pairing.uri,
      relay: client(),
      store: walletStore,
      metadata: { name: 'Test wallet' },
      accounts: { 'eip155:1': [wallet.address] },
      onRequest: (request) => {
        kept = { request, publishedAt: Date.now() }
        received()
        return new Promise<never>(() => {})
      },
    })
    const dapp = await pairing.approved
    const signing = dapp.request({
      method: 'personal_sign',
      params: ['after a reload', wallet.address],
    })
    await arrived
    first.detach()
    // The next page restores the session; a redelivery cannot bring the request back, the app's copy can.
    const [restored] = await restoreSessions({
      store: walletStore,
      relay: client(),
      role: 'signer',
      onRequest: wallet.handle,
    })
    if (restored === undefined || kept === undefined) throw new Error('no restored session')
    await expect(
      restored.resume({ ...kept.request, method: '' }, kept.publishedAt),
    ).rejects.toThrow()
    await expect(restored.resume(kept.request, Date.now() + 60_000)).rejects.toThrow(
      '"publishedAt" expected a time in the past',
    )
    await restored.resume(kept.request, kept.publishedAt)
    const signature = (await signing) as Hex
    expect(
      await verifyMessage({ address: wallet.address, message: 'after a reload', signature }),
    ).toBe(true)
    // The dapp's side cannot resume anything.
    await expect(dapp.resume(kept.request, kept.publishedAt)).rejects.toThrow(
      'Only the signer answers requests.',
    )
  })

  test('a received message is delivered only once its receive window is stored', async () => {
    const gated = gatedStore(createMemorySessionStore())
    const { dapp, wallet } = await pair({ dappStore: gated.store })
    // Write 1 stores the nonce advance of the request; write 2 the window after the answer opened.
    const held = gated.hold(2)
    let settled = false
    const signing = dapp
      .request({ method: 'personal_sign', params: ['durable first', wallet.address] })
      .finally(() => {
        settled = true
      })
    await held.entered
    // Every pending microtask runs before the next macrotask: a delivery not gated on the write
    // would have settled the request by then.
    await new Promise<void>((resolve) => setImmediate(resolve))
    // The answer is opened and its window is being written: the caller has not got it yet.
    expect(settled).toBe(false)
    held.release()
    const signature = (await signing) as Hex
    expect(
      await verifyMessage({ address: wallet.address, message: 'durable first', signature }),
    ).toBe(true)
  })

  test('disconnect: the peer is told and both sides delete the session', async () => {
    const { dapp, signer, dappStore, walletStore } = await pair()
    const told = nextEvent(signer.events, 'disconnect')
    await dapp.disconnect()
    const error = await told
    expect(error).toBeInstanceOf(ProviderDisconnectedError)
    expect(error.details).toBe('The dapp ended the session.')
    expect(await dappStore.get(sessionKey(dapp.topic))).toBeUndefined()
    await expect
      .poll(() => walletStore.get(sessionKey(signer.topic)), { timeout: 2000 })
      .toBeUndefined()
    await expect(dapp.request({ method: 'eth_accounts', params: [] })).rejects.toThrow(
      ProviderDisconnectedError,
    )
  })

  test('one session per origin: a new pairing disconnects the old one unless the dapp asks for more', async () => {
    const dappStore = createMemorySessionStore()
    const first = await pair({ dappStore })
    first.dapp.detach() // as after a reload: the old session lives only in the store
    const oldGone = nextEvent(first.signer.events, 'disconnect')
    const second = await pair({ dappStore })
    await oldGone
    expect(await dappStore.get(sessionKey(first.dapp.topic))).toBeUndefined()
    expect(await dappStore.get(sessionKey(second.dapp.topic))).toBeDefined()

    const third = await pair({ dappStore, multiple: true })
    expect(await dappStore.get(sessionKey(second.dapp.topic))).toBeDefined()
    expect(await dappStore.get(sessionKey(third.dapp.topic))).toBeDefined()
  })

  test('deadline: an unanswered request rejects with RpcTimeoutError', async () => {
    const dappRelay = client()
    const pairing = await createPairing({
      ...dappOptions,
      relay: dappRelay,
      store: createMemorySessionStore(),
    })
    const never = new Promise<never>(() => {})
    await pairWithUri({
      uri: pairing.uri,
      relay: client(),
      store: createMemorySessionStore(),
      metadata: { name: 'Slow wallet' },
      accounts: {},
      onRequest: () => never,
    })
    const dapp = await pairing.approved
    const error = await dapp
      .request({ method: 'personal_sign', params: [] }, { timeoutMs: 300 })
      .catch((e) => e)
    expect(error).toBeInstanceOf(InternalRpcError)
    expect(error).toMatchObject({
      code: -32603,
      details: 'The wallet did not answer within 0.3 s; the request timed out.',
    })
    expect(error.walk((e: unknown) => e instanceof RpcTimeoutError)).toMatchObject({
      code: 'RpcTimeout',
      timeoutMs: 300,
    })
  })

  test('the deadline travels with the request unless it is the default', async () => {
    const dappRelay = client()
    const pairing = await createPairing({
      ...dappOptions,
      relay: dappRelay,
      store: createMemorySessionStore(),
    })
    const seen: (number | undefined)[] = []
    await pairWithUri({
      uri: pairing.uri,
      relay: client(),
      store: createMemorySessionStore(),
      metadata: { name: 'Wallet' },
      accounts: {},
      onRequest: async (request) => {
        seen.push(request.timeoutMs)
        return null
      },
    })
    const dapp = await pairing.approved
    await dapp.request({ method: 'personal_sign', params: [] }, { timeoutMs: 6_000 })
    await dapp.request({ method: 'personal_sign', params: [] }, { timeoutMs: 1_500.2 })
    await dapp.request({ method: 'personal_sign', params: [] })
    expect(seen).toEqual([6_000, 1_501, undefined])
  })

  test('the signer drops stale requests unanswered', async () => {
    const dappRelay = client()
    const pairing = await createPairing({
      ...dappOptions,
      relay: dappRelay,
      store: createMemorySessionStore(),
    })
    let answered = 0
    let offset = 0
    const signerClock: Clock = { ...clockNow(), now: () => Date.now() + offset }
    await pairWithUri({
      uri: pairing.uri,
      relay: client(),
      store: createMemorySessionStore(),
      metadata: { name: 'Wallet' },
      accounts: {},
      clock: signerClock,
      onRequest: async () => {
        answered++
        return null
      },
    })
    // After pairing the signer's clock jumps 10 minutes: every request is older than 5 minutes.
    offset = 600_000
    const dapp = await pairing.approved
    const error = await dapp
      .request({ method: 'personal_sign', params: [] }, { timeoutMs: 500 })
      .catch((e) => e)
    expect(error.walk((e: unknown) => e instanceof RpcTimeoutError)).toBeInstanceOf(RpcTimeoutError)
    expect(answered).toBe(0)
  })

  test('relay down: requests reject with 4900 at once when offline; they work again after recovery', async () => {
    const { dapp, dappRelay, wallet } = await pair()
    await relay.stop()
    await nextEvent(dappRelay.events, 'status', (s) => s === 'offline')
    const error = await dapp.request({ method: 'eth_accounts', params: [] }).catch((e) => e)
    expect(error).toBeInstanceOf(ProviderDisconnectedError)
    expect(error).toMatchObject({
      code: 4900,
      details: 'The relay is unreachable; try again when online.',
    })
    await relay.start()
    await dappRelay.waitOnline(5000)
    expect(await dapp.request({ method: 'eth_accounts', params: [] })).toEqual([wallet.address])
  })
})

/** A store whose n-th `set` from `hold(n)` on waits for `release` (or fails with its error). */
function gatedStore(inner: SessionStore) {
  let countdown = 0
  let gate: { enter: () => void; wait: Promise<void> } | undefined
  const store: SessionStore = {
    get: (key) => inner.get(key),
    delete: (key) => inner.delete(key),
    keys: () => inner.keys(),
    async set(key, value) {
      if (gate !== undefined && --countdown === 0) {
        const { enter, wait } = gate
        gate = undefined
        enter()
        await wait
      }
      return inner.set(key, value)
    },
  }
  return {
    store,
    hold(n: number) {
      countdown = n
      let enter = () => {}
      let release: (error?: Error) => void = () => {}
      const entered = new Promise<void>((resolve) => {
        enter = resolve
      })
      const wait = new Promise<void>((resolve, reject) => {
        release = (error) => (error === undefined ? resolve() : reject(error))
      })
      gate = { enter, wait }
      return { entered, release }
    },
  }
}

function clockNow(): Clock {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  }
}
