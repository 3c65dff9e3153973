/**
 * The signer's Tessera dapp side end to end: a real relay in process, a threshold wallet from the
 * DKG with the in-process co-signer, a `@tessera/provider` dapp (A) and a bare core session dapp
 * (B, to send what a well-behaved provider never would). Approved signatures verify with viem,
 * rejection is 4001, the deadline (an injected clock) gives the dapp the expiry error, each item
 * is answered once, bad input and requests outside a dapp's grants are refused before the inbox,
 * ending one session leaves the other working, and a request sent while the signer was closed is
 * answered after it starts again.
 */
import {
  createMemorySessionStore,
  createPairing,
  createRelayClient,
  type RelayClient,
  type Session,
  type SessionStore,
} from '@tessera/core'
import { createManualClock, type ManualClock } from '@tessera/core/testing/manualClock'
import {
  NodeWebSocket,
  type RelayHarness,
  startRelayHarness,
} from '@tessera/core/testing/relayHarness'
import { createTestIdentity } from '@tessera/core/testing/testIdentity'
import { createTesseraProvider, type TesseraProvider } from '@tessera/provider'
import { type Hex, http, verifyMessage, verifyTypedData } from 'viem'
import { hardhat } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { walletFixture } from '../test/walletFixture.ts'
import { createInbox, type Inbox } from './createInbox.ts'
import { DappsError } from './dappsError.ts'
import {
  type Hardhat,
  nextItem,
  type SignerSide,
  startHardhat,
  startSigner,
} from './test/harness.ts'
import type { InboxItem } from './types.ts'

type Fixture = Awaited<ReturnType<typeof walletFixture>>

let relay: RelayHarness
let chain: Hardhat
let fixture: Fixture
let clock: ManualClock
let inbox: Inbox
let signer: SignerSide
const signerStore = createMemorySessionStore()
let dappA: TesseraProvider
let dappAStore: SessionStore
let dappBRelay: RelayClient
let dappB: Session
let accountA: Hex
let accountB: Hex
const TTL = 60_000

/** Every item that ever entered the inbox, to prove refused requests never did. */
const everSeen: InboxItem[] = []

beforeAll(async () => {
  ;[relay, chain, fixture] = await Promise.all([
    startRelayHarness(),
    startHardhat(),
    walletFixture(),
  ])
  accountA = fixture.wallet.account(1).secp256k1?.address as Hex
  accountB = fixture.wallet.account(2).secp256k1?.address as Hex
  clock = createManualClock(Date.now())
  inbox = createInbox({ clock })
  inbox.events.on('change', (items) => {
    for (const item of items) if (!everSeen.includes(item)) everSeen.push(item)
  })
  signer = await startSigner({
    relayUrl: relay.url,
    wallet: fixture.wallet,
    store: signerStore,
    clock,
    inbox,
    requestTtlMs: TTL,
  })
})

afterAll(async () => {
  await dappA?.close()
  await dappBRelay?.close()
  await signer?.close()
  await chain?.close()
  await relay?.dispose()
})

describe('a Tessera dapp (@tessera/provider) paired with the signer', () => {
  test('pairs with the granted account only and lists the session with its origin', async () => {
    dappAStore = createMemorySessionStore()
    let paired: Promise<unknown> | undefined
    dappA = createTesseraProvider({
      relayUrl: relay.url,
      metadata: { name: 'Dapp A', url: 'https://a.test', icon: 'https://a.test/icon.png' },
      origin: 'https://a.test',
      chains: [hardhat],
      rpc: { 31337: http(chain.url) },
      store: dappAStore,
      WebSocket: NodeWebSocket,
      reconnect: { initialMs: 50, maxMs: 200 },
      onPairingUri: (uri) => {
        paired = signer.connections.pair(uri, { accounts: [1], chains: ['eip155:31337'] })
      },
    })
    expect(await dappA.request({ method: 'eth_requestAccounts' })).toEqual([accountA])
    await paired
    expect(signer.connections.sessions()).toMatchObject([
      {
        transport: 'tessera',
        name: 'Dapp A',
        origin: 'https://a.test',
        icon: 'https://a.test/icon.png',
        grants: { accounts: [1], chains: ['eip155:31337'] },
        accounts: { 'eip155:31337': [accountA] },
      },
    ])
  })

  test('personal_sign: described in the inbox, approved, verified by viem', async () => {
    const asked = dappA.request({ method: 'personal_sign', params: ['0x68656c6c6f', accountA] })
    const item = await nextItem(inbox)
    expect(item).toMatchObject({
      method: 'personal_sign',
      chainId: 'eip155:31337',
      account: { index: 1, address: accountA },
      session: { name: 'Dapp A', origin: 'https://a.test' },
      description: { kind: 'personal_sign.text', chainId: 'eip155:31337', blind: false },
      expiresAt: clock.now() + TTL,
      status: 'pending',
    })
    // The screen's language changed after the request arrived: described again in Chinese.
    expect(item.description.intent).toBe('Sign a message')
    expect(item.describe('zh-CN')).toMatchObject({
      intent: '签名一条消息',
      kind: 'personal_sign.text',
    })
    expect(item.describe('zh-CN').fields.map((f) => f.label)).toContain('消息')
    const result = await item.approve()
    const signature = await asked
    expect(signature).toBe(result)
    expect(await verifyMessage({ address: accountA, message: 'hello', signature })).toBe(true)
    expect(inbox.items()).toEqual([])
    // Answered exactly once: a second answer is a typed error, nothing is sent.
    await expect(item.approve()).rejects.toMatchObject({ code: 'AlreadyAnswered' })
    await expect(item.reject()).rejects.toBeInstanceOf(DappsError)
  })

  test('eth_signTypedData_v4 approved and verified by viem', async () => {
    const typedData = {
      types: {
        EIP712Domain: [
          { name: 'name', type: 'string' },
          { name: 'chainId', type: 'uint256' },
        ],
        Mail: [{ name: 'contents', type: 'string' }],
      },
      primaryType: 'Mail',
      domain: { name: 'Tessera test', chainId: 31337n },
      message: { contents: 'hello' },
    } as const
    const asked = dappA.request({
      method: 'eth_signTypedData_v4',
      params: [
        accountA,
        JSON.stringify(typedData, (_, v) => (typeof v === 'bigint' ? Number(v) : v)),
      ],
    })
    await (await nextItem(inbox)).approve()
    const signature = await asked
    expect(await verifyTypedData({ address: accountA, ...typedData, signature })).toBe(true)
  })

  test('rejection reaches the dapp as 4001', async () => {
    const asked = dappA.request({ method: 'personal_sign', params: ['0x01', accountA] })
    await (await nextItem(inbox)).reject()
    await expect(asked).rejects.toMatchObject({ code: 4001 })
  })

  test('the deadline passes: the dapp gets the expiry error and the item is gone', async () => {
    const asked = dappA.request({ method: 'personal_sign', params: ['0x02', accountA] })
    const item = await nextItem(inbox)
    clock.advance(TTL)
    await expect(asked).rejects.toMatchObject({ code: -32603 })
    await expect(asked).rejects.toThrow(/Request expired/)
    expect(inbox.items()).toEqual([])
    await expect(item.approve()).rejects.toMatchObject({ code: 'Expired' })
  })
})

describe('a second dapp at once (a bare core session)', () => {
  const request = (method: string, params: unknown, chainId = 'eip155:31337') =>
    dappB.request({ method, params: params as never, chainId }, { timeoutMs: 90_000 })

  test('pairs with its own grant; the first session stays', async () => {
    dappBRelay = createRelayClient({
      url: relay.url,
      identity: createTestIdentity(),
      WebSocket: NodeWebSocket,
    })
    const pairing = await createPairing({
      relay: dappBRelay,
      store: createMemorySessionStore(),
      metadata: { name: 'Dapp B' },
      origin: 'https://b.test',
      chains: ['eip155:31337', 'eip155:1'],
      methods: ['personal_sign', 'eth_signTransaction'],
    })
    await signer.connections.pair(pairing.uri, { accounts: [2], chains: ['eip155:31337'] })
    dappB = await pairing.approved
    expect(dappB.accounts).toEqual({ 'eip155:31337': [accountB] })
    expect(signer.connections.sessions().map((s) => s.origin)).toEqual([
      'https://a.test',
      'https://b.test',
    ])
  })

  test('B cannot use A’s account, a chain it was not granted, or bad input: never in the inbox', async () => {
    const before = everSeen.length
    await expect(request('personal_sign', ['0x01', accountA])).rejects.toMatchObject({
      code: 4100,
    })
    await expect(request('personal_sign', ['0x01', accountB], 'eip155:1')).rejects.toMatchObject({
      code: 4902,
    })
    await expect(request('eth_sendTransaction', [{ from: accountB }])).rejects.toMatchObject({
      code: 4200,
    })
    await expect(request('personal_sign', [42, accountB])).rejects.toMatchObject({ code: -32602 })
    await expect(request('personal_sign', { message: '0x01' })).rejects.toMatchObject({
      code: -32602,
    })
    await expect(
      request('eth_signTransaction', [{ from: accountB, to: '0xnope', nonce: '0x0' }]),
    ).rejects.toMatchObject({ code: -32602 })
    const undecodable = request('personal_sign', ['undecodable', accountB])
    await expect(undecodable).rejects.toMatchObject({ code: -32602 })
    await expect(undecodable).rejects.toThrow(/The test decoder refuses this message/)
    await expect(
      request('personal_sign', [`0x${'ab'.repeat(20_000)}`, accountB]),
    ).rejects.toMatchObject({ code: -32602 })
    expect(everSeen.length).toBe(before)
  })

  test('B’s own request is shown with B’s origin and signed by B’s account', async () => {
    const asked = request('personal_sign', ['0x62', accountB])
    const item = await nextItem(inbox)
    expect(item.session.origin).toBe('https://b.test')
    expect(item.account).toEqual({ index: 2, address: accountB })
    await item.approve()
    const signature = (await asked) as Hex
    expect(await verifyMessage({ address: accountB, message: 'b', signature })).toBe(true)
  })

  test('renaming is kept; ending B from the signer tells B and leaves A working', async () => {
    const b = signer.connections.sessions().find((s) => s.origin === 'https://b.test')
    await signer.connections.rename(b?.sessionId as string, 'My B')
    expect(signer.connections.sessions().map((s) => s.name)).toEqual(['Dapp A', 'My B'])
    const told = new Promise((resolve) => dappB.events.once('disconnect', resolve))
    await signer.connections.end(b?.sessionId as string)
    expect(await told).toMatchObject({ code: 4900 })
    expect(signer.connections.sessions().map((s) => s.origin)).toEqual(['https://a.test'])

    const asked = dappA.request({ method: 'personal_sign', params: ['0x61', accountA] })
    await (await nextItem(inbox)).approve()
    expect(await verifyMessage({ address: accountA, message: 'a', signature: await asked })).toBe(
      true,
    )
  })
})

describe('the signer closed and opened again', () => {
  test('a request sent while it was closed is shown on open and answered', async () => {
    await signer.close()
    const asked = dappA.request({ method: 'personal_sign', params: ['0x6f6666', accountA] })
    inbox = createInbox({ clock })
    signer = await startSigner({
      relayUrl: relay.url,
      wallet: fixture.wallet,
      store: signerStore,
      clock,
      inbox,
      requestTtlMs: TTL,
    })
    expect(signer.connections.sessions().map((s) => s.name)).toEqual(['Dapp A'])
    const item = await nextItem(inbox)
    expect(item.session.origin).toBe('https://a.test')
    await item.approve()
    expect(await verifyMessage({ address: accountA, message: 'off', signature: await asked })).toBe(
      true,
    )
  })

  test('a request kept across a restart is resumed: its own id, its first deadline, answered', async () => {
    const asked = dappA.request({ method: 'personal_sign', params: ['0x6b657074', accountA] })
    const first = await nextItem(inbox)
    const kept = first.resumable
    if (kept === undefined) throw new Error('a Tessera item is resumable')
    expect(kept.sessionId).toBe(first.session.sessionId)
    expect(kept.request.method).toBe('personal_sign')
    // The page goes away with the item unanswered (a SOTER hand-off); the next one starts later.
    await signer.close()
    const remaining = first.expiresAt - clock.now()
    expect(remaining).toBeGreaterThan(1)
    clock.advance(Math.floor(remaining / 2))
    inbox = createInbox({ clock })
    signer = await startSigner({
      relayUrl: relay.url,
      wallet: fixture.wallet,
      store: signerStore,
      clock,
      inbox,
      requestTtlMs: TTL,
    })
    await expect(
      signer.connections.resume({ ...kept, sessionId: 'ee'.repeat(32) }),
    ).rejects.toMatchObject({ code: 'UnknownSession' })
    const answered = signer.connections.resume(kept)
    const again = await nextItem(inbox)
    expect(again.resumable?.request.id).toBe(kept.request.id)
    // The deadline counts from when the dapp sent it, not from the restart.
    expect(again.expiresAt).toBe(first.expiresAt)
    await again.approve()
    await answered
    expect(
      await verifyMessage({ address: accountA, message: 'kept', signature: await asked }),
    ).toBe(true)
  })

  test('the dapp ends the session: the signer drops it', async () => {
    const gone = new Promise<void>((resolve) => {
      const off = signer.connections.events.on('sessions', (list) => {
        if (list.length === 0) {
          off()
          resolve()
        }
      })
    })
    await dappA.disconnect()
    await gone
    expect(signer.connections.sessions()).toEqual([])
  })
})
