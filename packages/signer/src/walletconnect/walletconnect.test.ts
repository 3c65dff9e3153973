/**
 * WalletConnect v2 wallet mode end to end: an unmodified `@walletconnect/sign-client` dapp and the
 * signer's wallet mode, both pointed at a real relay in process, with a threshold wallet from the
 * DKG and the in-process co-signer. The proposal is approved with the granted chain and account
 * only; personal_sign, typed data and eth_signTransaction come back verified by viem;
 * eth_sendTransaction is filled from hardhat's RPC (fee shown first) and mined; rejection is
 * 4001, the deadline (injected clock) gives 4100 "Request expired."; an account outside the grants
 * never reaches the inbox; a request sent while the wallet was closed is answered after it
 * starts again, and one answered as it closed is not asked again; the dapp ending the session
 * removes it; nothing reaches a non-loopback host. The wallet and the dapps reach the relay
 * through loopback links (`test/holdingLink.ts`), which can hold the relay's replies.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { base58, base64 } from '@scure/base'
import { createMemorySessionStore } from '@tessera/core'
import { createManualClock, type ManualClock } from '@tessera/core/testing/manualClock'
import { type RelayHarness, startRelayHarness } from '@tessera/core/testing/relayHarness'
import { SignClient } from '@walletconnect/sign-client'
import type { SessionTypes, SignClientTypes } from '@walletconnect/types'
import {
  type Hex,
  parseEther,
  recoverTransactionAddress,
  type TransactionSerialized,
  verifyMessage,
  verifyTypedData,
} from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createInbox, type Inbox } from '../dapps/createInbox.ts'
import { type Hardhat, nextItem, startHardhat, testDescribe } from '../dapps/test/harness.ts'
import type { InboxItem } from '../dapps/types.ts'
import { walletFixture } from '../test/walletFixture.ts'
import { createWalletConnectWallet, type WalletConnectWallet } from './createWalletConnectWallet.ts'
import { type HoldingLink, startHoldingLink } from './test/holdingLink.ts'
import { memoryStorage } from './test/memoryStorage.ts'
import { guardNetwork } from './test/networkGuard.ts'

type Fixture = Awaited<ReturnType<typeof walletFixture>>
type Client = InstanceType<typeof SignClient>

const TTL = 60_000
const CHAIN = 'eip155:31337'
let guard: ReturnType<typeof guardNetwork>
let relay: RelayHarness
let walletLink: HoldingLink
let dappLink: HoldingLink
let chain: Hardhat
let fixture: Fixture
let clock: ManualClock
let inbox: Inbox
let wallet: WalletConnectWallet
let dapp: Client
let session: SessionTypes.Struct
let account: Hex
const walletStorage = memoryStorage()
const walletStore = createMemorySessionStore()
const everSeen: InboxItem[] = []

const startWallet = async (): Promise<WalletConnectWallet> => {
  inbox = createInbox({ clock })
  inbox.events.on('change', (items) => {
    for (const item of items) if (!everSeen.includes(item)) everSeen.push(item)
  })
  return createWalletConnectWallet({
    relayUrl: walletLink.url,
    projectId: 'tessera-test',
    metadata: { name: 'Tessera signer', description: 'test', url: 'http://127.0.0.1', icons: [] },
    signer: fixture.wallet,
    describe: testDescribe,
    inbox,
    store: walletStore,
    rpc: { [CHAIN]: chain.url },
    storage: walletStorage as unknown as NonNullable<SignClientTypes.Options['storage']>,
    storagePrefix: 'tessera-wallet',
    clock,
    requestTtlMs: TTL,
  })
}

/** The text a personal_sign item shows. */
const messageOf = (item: InboxItem): unknown =>
  item.description.fields.find((f) => f.label === 'Message')?.value

const ask = (method: string, params: unknown, chainId = CHAIN) =>
  dapp.request<unknown>({ topic: session.topic, chainId, request: { method, params } })

beforeAll(async () => {
  process.env.DISABLE_GLOBAL_CORE = 'true'
  guard = guardNetwork()
  ;[walletLink, dappLink] = await Promise.all([startHoldingLink(), startHoldingLink()])
  ;[relay, chain, fixture] = await Promise.all([
    // The clients' tokens name the link they dial as the relay's URL.
    startRelayHarness({ publicUrls: [walletLink.url, dappLink.url] }),
    startHardhat(),
    walletFixture(),
  ])
  walletLink.forwardTo(relay.port)
  dappLink.forwardTo(relay.port)
  account = fixture.wallet.account(0).secp256k1?.address as Hex
  clock = createManualClock(Date.now())
  wallet = await startWallet()
  dapp = await SignClient.init({
    projectId: 'tessera-test',
    relayUrl: dappLink.url,
    customStoragePrefix: 'wc-dapp',
    telemetryEnabled: false,
    logger: 'silent',
    storage: memoryStorage() as unknown as NonNullable<SignClientTypes.Options['storage']>,
    metadata: { name: 'WC dapp', description: 'dapp', url: 'https://wc.test', icons: [] },
  })
})

afterAll(async () => {
  dapp?.core.heartbeat.stop()
  await dapp?.core.relayer.transportClose().catch(() => {})
  await wallet?.close()
  await chain?.close()
  await walletLink?.close()
  await dappLink?.close()
  await relay?.dispose()
  guard?.restore()
})

describe('an unmodified WalletConnect dapp through our relay', () => {
  test('pairs; the session carries only the granted chain and account', async () => {
    const { uri, approval } = await dapp.connect({
      optionalNamespaces: {
        eip155: {
          chains: [CHAIN, 'eip155:1'],
          methods: [
            'personal_sign',
            'eth_signTypedData_v4',
            'eth_signTransaction',
            'eth_sendTransaction',
          ],
          events: ['accountsChanged', 'chainChanged'],
        },
      },
    })
    const shown = await wallet.pair(uri as string, { accounts: [0], chains: [CHAIN] })
    session = await approval()
    expect(session.namespaces.eip155?.accounts).toEqual([`${CHAIN}:${account}`])
    expect(session.namespaces.eip155?.chains).toEqual([CHAIN])
    expect(shown).toMatchObject({
      transport: 'walletconnect',
      name: 'WC dapp',
      origin: 'https://wc.test',
      grants: { accounts: [0], chains: [CHAIN] },
    })
    expect(wallet.sessions()).toHaveLength(1)
  })

  test('personal_sign and eth_signTypedData_v4: approved in the inbox, verified by viem', async () => {
    const message = '0x68656c6c6f'
    const signed = ask('personal_sign', [message, account])
    const item = await nextItem(inbox)
    expect(item).toMatchObject({
      method: 'personal_sign',
      chainId: CHAIN,
      session: { transport: 'walletconnect', origin: 'https://wc.test' },
      account: { index: 0, address: account },
    })
    // Verify's verdict as the SDK gives it (our relay sends no attestation: UNKNOWN, not VALID).
    const verify = { validation: 'UNKNOWN', origin: 'https://wc.test', isScam: false }
    expect(item.session.verify).toEqual(verify)
    expect(wallet.sessions()[0]?.verify).toEqual(verify)
    expect(item.describe('zh-CN').intent).toBe('签名一条消息')
    await item.approve()
    const signature = (await signed) as Hex
    expect(await verifyMessage({ address: account, message: 'hello', signature })).toBe(true)

    const typedData = {
      types: {
        EIP712Domain: [{ name: 'name', type: 'string' }],
        Note: [{ name: 'text', type: 'string' }],
      },
      primaryType: 'Note',
      domain: { name: 'WC test' },
      message: { text: 'hi' },
    } as const
    const typed = ask('eth_signTypedData_v4', [account, JSON.stringify(typedData)])
    await (await nextItem(inbox)).approve()
    expect(
      await verifyTypedData({ address: account, ...typedData, signature: (await typed) as Hex }),
    ).toBe(true)
  })

  test('eth_signTransaction: the signed transaction recovers to the account', async () => {
    const tx = {
      from: account,
      to: '0x000000000000000000000000000000000000dEaD',
      value: '0x1',
      nonce: '0x0',
      gas: '0x5208',
      maxFeePerGas: '0x3b9aca00',
      maxPriorityFeePerGas: '0x1',
    }
    const signed = ask('eth_signTransaction', [tx])
    await (await nextItem(inbox)).approve()
    const raw = (await signed) as TransactionSerialized
    expect(await recoverTransactionAddress({ serializedTransaction: raw })).toBe(account)
  })

  test('eth_sendTransaction: filled from the RPC, the fee shown, signed and mined', async () => {
    await chain.fund(account, '1')
    const to = '0x000000000000000000000000000000000000bEEF'
    const sent = ask('eth_sendTransaction', [{ from: account, to, value: '0x2386f26fc10000' }])
    const item = await nextItem(inbox)
    // Described as filled: the fee cap (gas × maxFeePerGas from the RPC) is on screen.
    const fee = item.description.fields.find((f) => f.label === 'Max fee')
    expect(fee?.value).toMatchObject({ kind: 'amount', decimals: 18 })
    expect(BigInt((fee?.value as { raw: string } | undefined)?.raw ?? '0')).toBeGreaterThan(0n)
    expect(item.description.fields.find((f) => f.label === 'Nonce')).toBeDefined()
    await item.approve()
    const hash = (await sent) as Hex
    const receipt = (await chain.request('eth_getTransactionReceipt', [hash])) as {
      status: string
      from: string
    }
    expect(receipt.status).toBe('0x1')
    expect(receipt.from.toLowerCase()).toBe(account.toLowerCase())
    expect(await chain.request('eth_getBalance', [to, 'latest'])).toBe(
      `0x${parseEther('0.01').toString(16)}`,
    )
  })

  test('rejection is 4001; the deadline is 4100 "Request expired."', async () => {
    const rejected = ask('personal_sign', ['0x01', account])
    await (await nextItem(inbox)).reject()
    await expect(rejected).rejects.toMatchObject({ code: 4001 })

    const expired = ask('personal_sign', ['0x02', account])
    const item = await nextItem(inbox)
    clock.advance(TTL)
    await expect(expired).rejects.toMatchObject({ code: 4100, message: 'Request expired.' })
    await expect(item.approve()).rejects.toMatchObject({ code: 'Expired' })
  })

  test('an account outside the grants and bad input never reach the inbox', async () => {
    const before = everSeen.length
    const other = fixture.wallet.account(5).secp256k1?.address as Hex
    await expect(ask('personal_sign', ['0x01', other])).rejects.toMatchObject({ code: 4100 })
    await expect(ask('personal_sign', [7, account])).rejects.toMatchObject({ code: -32602 })
    await expect(
      ask('eth_signTypedData_v4', [account, '{"types":{},"primaryType":"X","message":{}}']),
    ).rejects.toMatchObject({ code: -32602 })
    // Oversized: 40 KB of parameters, over the 32 KiB limit.
    await expect(ask('personal_sign', [`0x${'ab'.repeat(20_000)}`, account])).rejects.toMatchObject(
      { code: -32602 },
    )
    // A malformed transaction (`to` is not an address).
    await expect(ask('eth_signTransaction', [{ from: account, to: 7 }])).rejects.toMatchObject({
      code: -32602,
    })
    expect(everSeen.length).toBe(before)
  })

  test('a second dapp on Solana: solana_signTransaction signed in its slot; isolation; ending it leaves the first working', async () => {
    const SOL = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
    const dapp2 = await SignClient.init({
      projectId: 'tessera-test',
      relayUrl: dappLink.url,
      customStoragePrefix: 'wc-dapp-2',
      telemetryEnabled: false,
      logger: 'silent',
      storage: memoryStorage() as unknown as NonNullable<SignClientTypes.Options['storage']>,
      metadata: { name: 'Sol dapp', description: 'dapp', url: 'https://sol.test', icons: [] },
    })
    try {
      const { uri, approval } = await dapp2.connect({
        optionalNamespaces: {
          solana: {
            chains: [SOL],
            methods: ['solana_signMessage', 'solana_signTransaction'],
            events: [],
          },
        },
      })
      await wallet.pair(uri as string, { accounts: [1], chains: [SOL] })
      const solSession = await approval()
      const mine = fixture.wallet.account(1).ed25519
      const notMine = fixture.wallet.account(0).ed25519
      expect(solSession.namespaces.solana?.accounts).toEqual([`${SOL}:${mine?.address}`])
      expect(wallet.sessions().map((s) => s.name)).toEqual(['WC dapp', 'Sol dapp'])
      const solAsk = (method: string, params: unknown) =>
        dapp2.request<unknown>({
          topic: solSession.topic,
          chainId: SOL,
          request: { method, params },
        })

      // A System transfer of 1000 lamports (legacy message) paid by the granted account.
      const transfer = (payer: Uint8Array) => {
        const data = new Uint8Array(12)
        const view = new DataView(data.buffer)
        view.setUint32(0, 2, true)
        view.setBigUint64(4, 1000n, true)
        const message = Uint8Array.from([
          1,
          0,
          1,
          3,
          ...payer,
          ...new Uint8Array(32).fill(7),
          ...new Uint8Array(32), // the System program
          ...new Uint8Array(32).fill(9), // recent blockhash
          1,
          2,
          2,
          0,
          1,
          12,
          ...data,
        ])
        return { message, wire: Uint8Array.from([1, ...new Uint8Array(64), ...message]) }
      }
      const { message, wire } = transfer(mine?.publicKey as Uint8Array)
      const asked = solAsk('solana_signTransaction', { transaction: base64.encode(wire) })
      const item = await nextItem(inbox)
      expect(item).toMatchObject({
        method: 'solana_signTransaction',
        chainId: SOL,
        account: { index: 1, address: mine?.address },
        session: { name: 'Sol dapp', origin: 'https://sol.test' },
      })
      expect(item.description.kind).toMatch(/^solana\./)
      await item.approve()
      const answer = (await asked) as { signature: string; transaction: string }
      const signature = base58.decode(answer.signature)
      expect(ed25519.verify(signature, message, mine?.publicKey as Uint8Array)).toBe(true)
      expect(base64.decode(answer.transaction)).toEqual(
        Uint8Array.from([1, ...signature, ...message]),
      )

      // Account 0's Solana key was granted to no one: refused before the inbox.
      const before = everSeen.length
      await expect(
        solAsk('solana_signTransaction', {
          transaction: base64.encode(transfer(notMine?.publicKey as Uint8Array).wire),
        }),
      ).rejects.toMatchObject({ code: 4100 })
      await expect(
        solAsk('solana_signMessage', { message: 'Ld7', pubkey: notMine?.address }),
      ).rejects.toMatchObject({ code: 4100 })
      await expect(
        solAsk('solana_signTransaction', { transaction: base64.encode(wire.subarray(0, 90)) }),
      ).rejects.toMatchObject({ code: -32602 })
      expect(everSeen.length).toBe(before)

      await wallet.end(solSession.topic)
      expect(wallet.sessions().map((s) => s.name)).toEqual(['WC dapp'])
      const still = ask('personal_sign', ['0x6f6b', account])
      await (await nextItem(inbox)).approve()
      expect(
        await verifyMessage({ address: account, message: 'ok', signature: (await still) as Hex }),
      ).toBe(true)
    } finally {
      dapp2.core.heartbeat.stop()
      await dapp2.core.relayer.transportClose().catch(() => {})
    }
  })

  test('a request sent while the wallet was closed is answered after it starts again; one answered as it closed is not asked again', async () => {
    // The answer reaches the dapp while the relay's confirmation of its publish is still on its
    // way to the wallet when close() is called: the SDK forgets a request only on that
    // confirmation, so a wallet that closed at once started again showing the answered request.
    // The link holds the confirmation until the wallet's next frame: its close frame (then the
    // confirmation is lost, as when the relay sees the close first), or, while close() waits,
    // the SDK's second publish of the answer after its 15 s first-attempt timeout.
    const answered = ask('personal_sign', ['0x6c617465', account])
    const first = await nextItem(inbox)
    walletLink.holdRepliesTo('irn_publish')
    await first.approve()
    expect(
      await verifyMessage({
        address: account,
        message: 'late',
        signature: (await answered) as Hex,
      }),
    ).toBe(true)
    await wallet.close()

    const signed = ask('personal_sign', ['0x6f6666', account])
    wallet = await startWallet()
    expect(wallet.sessions().map((s) => s.name)).toEqual(['WC dapp'])
    const item = await nextItem(inbox)
    expect(messageOf(item)).toMatchObject({ text: 'off' })
    await item.approve()
    expect(
      await verifyMessage({ address: account, message: 'off', signature: (await signed) as Hex }),
    ).toBe(true)
  })

  test('the dapp ends the session: the wallet drops it; nothing left loopback', async () => {
    const gone = new Promise<void>((resolve) => {
      const off = wallet.events.on('sessions', (list) => {
        if (list.length === 0) {
          off()
          resolve()
        }
      })
    })
    await dapp.disconnect({
      topic: session.topic,
      reason: { code: 6000, message: 'User disconnected.' },
    })
    await gone
    expect(wallet.sessions()).toEqual([])
    expect(guard.attempts).toEqual([])
  })
})
