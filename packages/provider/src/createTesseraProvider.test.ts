/**
 * The provider end to end (docs/CHAINS.md#evm): a real relay, a real hardhat chain and core's test
 * wallet as the signer. Pairing through `eth_requestAccounts`, local state methods, signatures
 * that verify with viem, a transaction filled from the RPC, signed over the session and mined,
 * chain switching with its event, permissions, disconnect, and a page reload that resumes the
 * persisted session without pairing again.
 */
import type { SessionStore } from '@tessera/core'
import {
  createPublicClient,
  custom,
  type Hex,
  parseEther,
  parseTransaction,
  recoverTransactionAddress,
  verifyMessage,
  verifyTypedData,
} from 'viem'
import { hardhat } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  connect,
  createDapp,
  createMemorySessionStore,
  createPeer,
  type Hardhat,
  nextProviderEvent,
  ORIGIN,
  type Peer,
  type RelayHarness,
  startHardhat,
  startRelayHarness,
} from './test/harness.ts'
import type { TesseraProvider } from './types.ts'

const typedData = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'chainId', type: 'uint256' },
    ],
    Mail: [
      { name: 'to', type: 'address' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  domain: { name: 'Tessera test', chainId: 31337 },
  message: { to: '0x000000000000000000000000000000000000dEaD', contents: 'hello' },
} as const

describe('createTesseraProvider over a relay and hardhat', () => {
  let relay: RelayHarness
  let node: Hardhat
  let peer: Peer
  let store: SessionStore
  let provider: TesseraProvider
  let account: Hex

  beforeAll(async () => {
    ;[relay, node] = await Promise.all([startRelayHarness(), startHardhat()])
    peer = createPeer(relay)
    store = createMemorySessionStore()
    provider = createDapp(relay, node, store)
    await node.fund(peer.wallet.address, '10')
  })

  afterAll(async () => {
    await provider.close()
    await peer.close()
    await relay.dispose()
  })

  test('before pairing: no accounts, the first chain, reads forwarded to the RPC', async () => {
    expect(await provider.request({ method: 'eth_accounts' })).toEqual([])
    expect(await provider.request({ method: 'eth_chainId' })).toBe('0x7a69')
    expect(await provider.request({ method: 'net_version' })).toBe('31337')
    expect(await provider.request({ method: 'wallet_getPermissions' })).toEqual([])
    expect(await provider.request({ method: 'eth_blockNumber' })).toMatch(/^0x[0-9a-f]+$/)
    expect(provider.connected).toBe(false)
  })

  test('eth_requestAccounts pairs through the URI and emits connect and accountsChanged', async () => {
    const connected = nextProviderEvent<{ chainId: string }>(provider, 'connect')
    const changed = nextProviderEvent<string[]>(provider, 'accountsChanged')
    const accounts = await connect(provider, peer)
    expect(accounts).toEqual([peer.wallet.address])
    expect(await connected).toEqual({ chainId: '0x7a69' })
    expect(await changed).toEqual([peer.wallet.address])
    account = peer.wallet.address
    expect(provider.connected).toBe(true)
    expect(await provider.request({ method: 'eth_accounts' })).toEqual([account])
    // A second call answers from the live session: no new pairing URI.
    expect(await provider.request({ method: 'eth_requestAccounts' })).toEqual([account])
    expect(await provider.request({ method: 'wallet_getPermissions' })).toEqual([
      {
        invoker: ORIGIN,
        parentCapability: 'eth_accounts',
        caveats: [{ type: 'restrictReturnedAccounts', value: [account] }],
      },
    ])
  })

  test('personal_sign returns a signature that verifies for the account', async () => {
    const signature = await provider.request({
      method: 'personal_sign',
      params: ['0x68656c6c6f', account],
    })
    expect(await verifyMessage({ address: account, message: 'hello', signature })).toBe(true)
    // Wallets accept UTF-8 text too (viem's types only admit hex).
    const text = (await provider.request({
      method: 'personal_sign',
      params: ['plain text' as Hex, account],
    })) as Hex
    expect(await verifyMessage({ address: account, message: 'plain text', signature: text })).toBe(
      true,
    )
  })

  test('eth_signTypedData_v4 returns a signature that verifies (EIP-712)', async () => {
    const signature = await provider.request({
      method: 'eth_signTypedData_v4',
      params: [account, JSON.stringify(typedData)],
    })
    const { EIP712Domain: _, ...types } = typedData.types
    expect(await verifyTypedData({ address: account, ...typedData, types, signature })).toBe(true)
  })

  test('eth_sendTransaction is filled from the RPC, signed over the session and mined', async () => {
    const to = '0x000000000000000000000000000000000000bEEF'
    const hash = await provider.request({
      method: 'eth_sendTransaction',
      params: [{ from: account, to, value: '0xde0b6b3a7640000' }],
    })
    const client = createPublicClient({
      chain: hardhat,
      transport: custom({ request: node.request }),
    })
    const receipt = await client.waitForTransactionReceipt({ hash, timeout: 10_000 })
    expect(receipt.status).toBe('success')
    expect(receipt.from.toLowerCase()).toBe(account.toLowerCase())
    expect(await client.getBalance({ address: to })).toBe(parseEther('1'))
    const tx = await client.getTransaction({ hash })
    expect(tx.type).toBe('eip1559')
    expect(tx.nonce).toBe(0)
    expect(tx.chainId).toBe(31337)
  })

  test('eth_signTransaction returns the filled transaction signed by the account', async () => {
    const raw = await provider.request({
      method: 'eth_signTransaction',
      params: [{ from: account, to: account, value: '0x1', data: '0x1234' }],
    })
    const parsed = parseTransaction(raw)
    expect(parsed).toMatchObject({
      chainId: 31337,
      nonce: 1,
      value: 1n,
      data: '0x1234',
      type: 'eip1559',
    })
    expect(parsed.gas).toBeGreaterThan(21_000n)
    expect(await recoverTransactionAddress({ serializedTransaction: raw as never })).toBe(account)
  })

  test('wallet_switchEthereumChain asks the signer and emits chainChanged; add is a no-op', async () => {
    const changed = nextProviderEvent<string>(provider, 'chainChanged')
    expect(
      await provider.request({
        method: 'wallet_switchEthereumChain',
        params: [{ chainId: '0x406' }],
      }),
    ).toBeNull()
    expect(await changed).toBe('0x406')
    expect(await provider.request({ method: 'eth_chainId' })).toBe('0x406')
    expect(await provider.request({ method: 'net_version' })).toBe('1030')
    expect(
      await provider.request({
        method: 'wallet_addEthereumChain',
        params: [{ chainId: '0x7a69', chainName: 'Hardhat', rpcUrls: ['http://127.0.0.1:8545'] }],
      }),
    ).toBeNull()
    const back = nextProviderEvent<string>(provider, 'chainChanged')
    await provider.request({
      method: 'wallet_switchEthereumChain',
      params: [{ chainId: '0x7a69' }],
    })
    expect(await back).toBe('0x7a69')
  })

  test('a page reload resumes the persisted session without pairing', async () => {
    await provider.close()
    await expect(provider.request({ method: 'eth_accounts' })).rejects.toMatchObject({ code: 4900 })
    const reloaded = createDapp(relay, node, store, {
      onPairingUri: () => {
        throw new Error('a resumed session must not pair again')
      },
    })
    const connected = nextProviderEvent<{ chainId: string }>(reloaded, 'connect')
    await reloaded.ready()
    expect(await connected).toEqual({ chainId: '0x7a69' })
    expect(reloaded.connected).toBe(true)
    expect(await reloaded.request({ method: 'eth_accounts' })).toEqual([account])
    const signature = await reloaded.request({ method: 'personal_sign', params: ['0x01', account] })
    expect(await verifyMessage({ address: account, message: { raw: '0x01' }, signature })).toBe(
      true,
    )
    provider = reloaded
  })

  test('wallet_revokePermissions ends the session on both sides and emits disconnect', async () => {
    const walletSide = peer.sessions.at(-1)
    if (walletSide === undefined) throw new Error('the wallet holds no session')
    const walletEnded = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the wallet session did not end')), 5000)
      walletSide.events.once('disconnect', (error) => {
        clearTimeout(timer)
        resolve(error.code)
      })
    })
    const disconnected = nextProviderEvent<{ code: number }>(provider, 'disconnect')
    expect(
      await provider.request({
        method: 'wallet_revokePermissions',
        params: [{ eth_accounts: {} }],
      }),
    ).toBeNull()
    expect((await disconnected).code).toBe(4900)
    expect(provider.connected).toBe(false)
    expect(await provider.request({ method: 'eth_accounts' })).toEqual([])
    expect(await walletEnded).toBe(4900)
    expect(walletSide.active).toBe(false)
    expect((await store.keys()).filter((k) => k.startsWith('session:'))).toEqual([])
  })
})
