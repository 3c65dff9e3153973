/**
 * The Fluent-compatible provider with an in-memory signer (a noble key that signs what it is
 * asked) and a fake node: the docs/CHAINS.md method table, filling and broadcasting, signatures
 * that recover to the session account (checked by js-conflux-sdk), EIP-1193 events, and each
 * refusal with its exact code.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import {
  type Hex,
  hexToBytes,
  InternalRpcError,
  InvalidParamsRpcError,
  keccak256,
  ProviderDisconnectedError,
  RpcError,
  SwitchChainError,
  UnauthorizedProviderError,
  UnsupportedProviderMethodError,
  UserRejectedRequestError,
} from 'viem'
import { beforeEach, describe, expect, test } from 'vitest'
import { encodeBase32Address } from '../address/encodeBase32Address.ts'
import { userAddressFromPublicKey } from '../address/userAddressFromPublicKey.ts'
import { createFakeRpc, type FakeRpc } from '../test/fakeRpc.ts'
import { createFakeSigner, type FakeSigner } from '../test/fakeSigner.ts'
import {
  PersonalMessage,
  Message as SdkMessage,
  Transaction as SdkTransaction,
  sign as sdkSign,
} from '../test/sdk.ts'
import { cip23TestCase } from '../test/specs.ts'
import { hashCip23TypedData } from '../typedData/hashCip23TypedData.ts'
import { InvalidTypedDataError } from '../typedData/InvalidTypedDataError.ts'
import type { Cip23TypedData } from '../typedData/types.ts'
import type { ConfluxProvider } from '../types.ts'
import { createConfluxProvider } from './createConfluxProvider.ts'

const CHAIN = 1 // testnet: prefix cfxtest, like the CIP-23 example's chainId
const secret = hexToBytes(keccak256(new TextEncoder().encode('tessera conflux provider test')))
const other = hexToBytes(keccak256(new TextEncoder().encode('another key')))

let signer: FakeSigner
let rpc: FakeRpc
let provider: ConfluxProvider
let me: string

beforeEach(() => {
  signer = createFakeSigner(secret, CHAIN)
  rpc = createFakeRpc(CHAIN)
  provider = createConfluxProvider({ transport: signer, rpc })
  me = encodeBase32Address(signer.address, CHAIN)
})

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError)
    return error as RpcError
  }
  throw new Error('expected a rejection')
}

async function expectRejection(
  promise: Promise<unknown>,
  Class: new (...args: never[]) => RpcError,
  code: number,
  message: string,
): Promise<RpcError> {
  const error = await rejection(promise)
  expect(error).toBeInstanceOf(Class)
  expect(error.code).toBe(code)
  expect(error.details).toBe(message)
  return error
}

const connect = () => provider.request({ method: 'cfx_requestAccounts' })

describe('accounts and chain', () => {
  test('before a session: no accounts, chain from the node, not connected', async () => {
    expect(provider.isConnected()).toBe(false)
    expect(await provider.request({ method: 'cfx_accounts' })).toEqual([])
    expect(await provider.request({ method: 'cfx_chainId' })).toBe('0x1')
    expect(await provider.request({ method: 'cfx_netVersion' })).toBe('1')
  })

  test('cfx_requestAccounts pairs once, emits connect and accountsChanged with base32', async () => {
    const events: unknown[] = []
    provider.on('connect', (info) => events.push(['connect', info]))
    provider.on('accountsChanged', (accounts) => events.push(['accountsChanged', accounts]))
    expect(await connect()).toEqual([me])
    expect(me.startsWith('cfxtest:')).toBe(true)
    expect(events).toEqual([
      ['connect', { chainId: '0x1' }],
      ['accountsChanged', [me]],
    ])
    expect(provider.isConnected()).toBe(true)
    expect(await connect()).toEqual([me])
    expect(events).toHaveLength(2)
    expect(await provider.request({ method: 'cfx_accounts' })).toEqual([me])
    expect(await provider.request({ method: 'cfx_chainId' })).toBe('0x1')
  })

  test('a restored session starts connected; mainnet accounts are cfx:', async () => {
    const mainnet = createConfluxProvider({
      transport: createFakeSigner(secret, 1029),
      rpc,
      session: { accounts: [signer.address], chainId: 1029 },
    })
    expect(mainnet.isConnected()).toBe(true)
    expect(await mainnet.request({ method: 'cfx_accounts' })).toEqual([
      encodeBase32Address(signer.address, 1029),
    ])
    expect(await mainnet.request({ method: 'cfx_chainId' })).toBe('0x405')
    expect(await mainnet.request({ method: 'cfx_netVersion' })).toBe('1029')
  })

  test('the user rejecting the pairing reaches the dapp as 4001', async () => {
    const rejecting = createConfluxProvider({
      transport: { ...signer, connect: async () => Promise.reject({ code: 4001, message: 'No.' }) },
      rpc,
    })
    await expectRejection(
      rejecting.request({ method: 'cfx_requestAccounts' }),
      UserRejectedRequestError,
      4001,
      'No.',
    )
  })
})

describe('cfx_sendTransaction', () => {
  test('fills nonce, epochHeight, gas, storageLimit and gasPrice from the node, signs, broadcasts', async () => {
    await connect()
    const to = encodeBase32Address('0x1a2f80341409639ea6a35bbcab8299066109aa55', CHAIN)
    const hash = await provider.request({
      method: 'cfx_sendTransaction',
      params: [{ from: me, to, value: '0x10' }],
    })
    expect(rpc.calls.map((c) => c.method).sort()).toEqual([
      'cfx_epochNumber',
      'cfx_estimateGasAndCollateral',
      'cfx_gasPrice',
      'cfx_getNextNonce',
      'cfx_sendRawTransaction',
    ])
    expect(rpc.calls.find((c) => c.method === 'cfx_getNextNonce')?.params).toEqual([me])
    const raw = rpc.broadcast[0] as Hex
    expect(hash).toBe(keccak256(raw))
    const decoded = SdkTransaction.decodeRaw(raw)
    expect(decoded.from).toBe(me)
    expect(decoded.to).toBe(to)
    expect(decoded.nonce).toBe(5n)
    expect(decoded.epochHeight).toBe(100n)
    expect(decoded.gas).toBe(21_000n)
    expect(decoded.storageLimit).toBe(64n)
    expect(decoded.gasPrice).toBe(1_000_000_000n)
    expect(decoded.value).toBe(16n)
    expect(decoded.chainId).toBe(CHAIN)
    expect(signer.requests[0]?.method).toBe('cfx_signTransaction')
    expect(signer.requests[0]?.params[0]).toMatchObject({
      type: '0x0',
      from: me,
      to,
      nonce: '0x5',
      chainId: '0x1',
    })
  })

  test('CIP-1559 when maxFeePerGas is set; what the dapp gives is not fetched', async () => {
    await connect()
    await provider.request({
      method: 'cfx_sendTransaction',
      params: [
        {
          from: me,
          maxFeePerGas: '0x64',
          nonce: '0x0',
          gas: '0x5208',
          storageLimit: '0x0',
          epochHeight: '0x1',
          data: '0xabcd',
        },
      ],
    })
    expect(rpc.calls.map((c) => c.method)).toEqual([
      'cfx_maxPriorityFeePerGas',
      'cfx_sendRawTransaction',
    ])
    const decoded = SdkTransaction.decodeRaw(rpc.broadcast[0] as Hex)
    expect(decoded.type).toBe(2)
    expect(decoded.to).toBeNull()
    expect(decoded.maxFeePerGas).toBe(100n)
    expect(decoded.maxPriorityFeePerGas).toBe(2n)
    expect(decoded.data).toBe('0xabcd')
    expect(decoded.from).toBe(me)
  })

  test('CIP-2930 when only an access list is set', async () => {
    await connect()
    const address = encodeBase32Address(`0x8${'1'.repeat(39)}`, CHAIN)
    await provider.request({
      method: 'cfx_sendTransaction',
      params: [
        {
          from: me,
          to: address,
          accessList: [{ address, storageKeys: [`0x${'00'.repeat(31)}07`] }],
        },
      ],
    })
    const decoded = SdkTransaction.decodeRaw(rpc.broadcast[0] as Hex)
    expect(decoded.type).toBe(1)
    expect(decoded.from).toBe(me)
  })

  test('refusals: not connected, foreign account, wrong network, bad quantity, bad params', async () => {
    await expectRejection(
      provider.request({ method: 'cfx_sendTransaction', params: [{ from: me }] }),
      UnauthorizedProviderError,
      4100,
      'Not connected: call cfx_requestAccounts first.',
    )
    await connect()
    const stranger = encodeBase32Address(
      userAddressFromPublicKey(secp256k1.getPublicKey(other)),
      CHAIN,
    )
    await expectRejection(
      provider.request({ method: 'cfx_sendTransaction', params: [{ from: stranger }] }),
      UnauthorizedProviderError,
      4100,
      '"from" is not an account of this session.',
    )
    await expectRejection(
      provider.request({
        method: 'cfx_sendTransaction',
        params: [{ from: encodeBase32Address(signer.address, 1029) }],
      }),
      InvalidParamsRpcError,
      -32602,
      '"from" is an address of network 1029; the session is on 1.',
    )
    await expectRejection(
      provider.request({ method: 'cfx_sendTransaction', params: [{ from: me, value: 10 }] }),
      InvalidParamsRpcError,
      -32602,
      '"value" must be a 0x-prefixed hex quantity.',
    )
    await expectRejection(
      provider.request({ method: 'cfx_sendTransaction', params: [{ from: signer.address }] }),
      InvalidParamsRpcError,
      -32602,
      '"from" is not a valid CIP-37 address.',
    )
    await expectRejection(
      provider.request({ method: 'cfx_sendTransaction', params: { from: me } }),
      InvalidParamsRpcError,
      -32602,
      'cfx_sendTransaction: expected params as an array of 1 values.',
    )
    await expectRejection(
      provider.request({
        method: 'cfx_sendTransaction',
        params: [{ from: me, epochHeight: `0x1${'0'.repeat(16)}` }],
      }),
      InvalidParamsRpcError,
      -32602,
      'The transaction is not valid for Conflux Core.',
    )
    expect(signer.requests).toEqual([])
  })

  test('a signer that changes the transaction or signs with another key is caught; nothing is broadcast', async () => {
    await connect()
    signer.misbehave.bumpNonce = true
    await expectRejection(
      provider.request({ method: 'cfx_sendTransaction', params: [{ from: me }] }),
      InternalRpcError,
      -32603,
      'The signer returned a transaction other than the one requested.',
    )
    signer.misbehave = { otherKey: other }
    await expectRejection(
      provider.request({ method: 'cfx_sendTransaction', params: [{ from: me }] }),
      InternalRpcError,
      -32603,
      'The signer signed the transaction with another account.',
    )
    expect(rpc.broadcast).toEqual([])
  })

  test('a node hash that is not keccak256(raw) is refused; node errors keep their code', async () => {
    await connect()
    rpc.wrongHash = true
    await expectRejection(
      provider.request({ method: 'cfx_sendTransaction', params: [{ from: me }] }),
      InternalRpcError,
      -32603,
      'The node answered cfx_sendRawTransaction with a hash that is not the transaction hash.',
    )
    rpc.answers.cfx_getNextNonce = 'five'
    await expectRejection(
      provider.request({ method: 'cfx_sendTransaction', params: [{ from: me }] }),
      InternalRpcError,
      -32603,
      'The node answered cfx_getNextNonce with a malformed quantity.',
    )
    delete rpc.answers.cfx_epochNumber
    const error = await rejection(
      provider.request({ method: 'cfx_sendTransaction', params: [{ from: me, nonce: '0x1' }] }),
    )
    expect(error.code).toBe(-32601)
    expect(error.shortMessage).toBe('Method not found')
  })
})

describe('cfx_signTypedData_v4', () => {
  const vector = cip23TestCase()
  const typedData = vector.typedData as Cip23TypedData

  test('the CIP-23 example signed by the session key recovers to it (js-conflux-sdk)', async () => {
    await connect()
    const signature = (await provider.request({
      method: 'cfx_signTypedData_v4',
      params: [me, JSON.stringify(typedData)],
    })) as Hex
    const publicKey = SdkMessage.recover(signature, hashCip23TypedData(typedData))
    expect(`0x${sdkSign.publicKeyToAddress(publicKey).toString('hex')}`).toBe(signer.address)
    expect(signature.endsWith('00') || signature.endsWith('01')).toBe(true)
    // An object is accepted too and reaches the signer as the same JSON.
    await provider.request({ method: 'cfx_signTypedData_v4', params: [me, typedData] })
    expect(signer.requests[1]?.params[1]).toBe(JSON.stringify(typedData))
  })

  test('refusals: other chain, invalid CIP-23, bad JSON, foreign account', async () => {
    await connect()
    await expectRejection(
      provider.request({
        method: 'cfx_signTypedData_v4',
        params: [
          me,
          JSON.stringify({ ...typedData, domain: { ...typedData.domain, chainId: 1029 } }),
        ],
      }),
      InvalidParamsRpcError,
      -32602,
      'Typed data is for chain 1029; the session is on 1.',
    )
    const invalid = await expectRejection(
      provider.request({
        method: 'cfx_signTypedData_v4',
        params: [me, JSON.stringify({ ...typedData, domain: { name: 'x' } })],
      }),
      InvalidParamsRpcError,
      -32602,
      'Typed data is not valid CIP-23.',
    )
    expect(invalid.walk((e) => e instanceof InvalidTypedDataError)).toBeInstanceOf(
      InvalidTypedDataError,
    )
    await expectRejection(
      provider.request({ method: 'cfx_signTypedData_v4', params: [me, '{'] }),
      InvalidParamsRpcError,
      -32602,
      'Typed data is not valid CIP-23.',
    )
    await expectRejection(
      provider.request({
        method: 'cfx_signTypedData_v4',
        params: [
          encodeBase32Address(userAddressFromPublicKey(secp256k1.getPublicKey(other)), CHAIN),
          JSON.stringify(typedData),
        ],
      }),
      UnauthorizedProviderError,
      4100,
      '"address" is not an account of this session.',
    )
    expect(signer.requests).toEqual([])
  })

  test('a signature from another key is refused', async () => {
    await connect()
    signer.misbehave.otherKey = other
    await expectRejection(
      provider.request({ method: 'cfx_signTypedData_v4', params: [me, JSON.stringify(typedData)] }),
      InternalRpcError,
      -32603,
      'The signer signed with another account.',
    )
  })
})

describe('personal_sign', () => {
  test.each(['Hello world!', '0x68656c6c6f', '0xff00fe'])(
    '%j recovers to the session key in js-conflux-sdk',
    async (message) => {
      await connect()
      const signature = (await provider.request({
        method: 'personal_sign',
        params: [message, me],
      })) as Hex
      const publicKey = PersonalMessage.recover(signature, message)
      expect(`0x${sdkSign.publicKeyToAddress(publicKey).toString('hex')}`).toBe(signer.address)
      expect(signer.requests[0]?.params).toEqual([message, me])
    },
  )

  test('refusals and a signer that rejects', async () => {
    await connect()
    await expectRejection(
      provider.request({ method: 'personal_sign', params: [me, 'Hello'] }),
      InvalidParamsRpcError,
      -32602,
      '"address" is not a valid CIP-37 address.',
    )
    await expectRejection(
      provider.request({ method: 'personal_sign', params: [42, me] }),
      InvalidParamsRpcError,
      -32602,
      '"message" must be a string of at most 60000 characters.',
    )
    signer.misbehave.reject = new UserRejectedRequestError(
      new Error('The user rejected the request.'),
    )
    await expectRejection(
      provider.request({ method: 'personal_sign', params: ['hi', me] }),
      UserRejectedRequestError,
      4001,
      'The user rejected the request.',
    )
    signer.misbehave.reject = new Error('socket closed')
    await expectRejection(
      provider.request({ method: 'personal_sign', params: ['hi', me] }),
      InternalRpcError,
      -32603,
      "The signer's personal_sign failed: socket closed",
    )
  })
})

describe('chains', () => {
  test('switching to an unknown chain is 4902; after wallet_addConfluxChain it switches with events', async () => {
    await connect()
    await expectRejection(
      provider.request({ method: 'wallet_switchConfluxChain', params: [{ chainId: '0x405' }] }),
      SwitchChainError,
      4902,
      'Unrecognized chain: add it first with wallet_addConfluxChain.',
    )
    expect(
      await provider.request({
        method: 'wallet_addConfluxChain',
        params: [
          { chainId: '0x405', chainName: 'Conflux', rpcUrls: ['https://main.confluxrpc.com'] },
        ],
      }),
    ).toBeNull()
    const events: unknown[] = []
    provider.on('chainChanged', (chainId) => events.push(['chainChanged', chainId]))
    provider.on('accountsChanged', (accounts) => events.push(['accountsChanged', accounts]))
    expect(
      await provider.request({
        method: 'wallet_switchConfluxChain',
        params: [{ chainId: '0x405' }],
      }),
    ).toBeNull()
    const mainnet = encodeBase32Address(signer.address, 1029)
    expect(events).toEqual([
      ['chainChanged', '0x405'],
      ['accountsChanged', [mainnet]],
    ])
    expect(await provider.request({ method: 'cfx_chainId' })).toBe('0x405')
    expect(await provider.request({ method: 'cfx_accounts' })).toEqual([mainnet])
    // The same chain again is answered locally.
    const before = signer.requests.length
    expect(
      await provider.request({
        method: 'wallet_switchConfluxChain',
        params: [{ chainId: '0x405' }],
      }),
    ).toBeNull()
    expect(signer.requests).toHaveLength(before)
  })

  test('bad chain params', async () => {
    await connect()
    await expectRejection(
      provider.request({ method: 'wallet_switchConfluxChain', params: [{ chainId: 1029 }] }),
      InvalidParamsRpcError,
      -32602,
      '"chainId" must be a 0x-prefixed hex chain id.',
    )
    await expectRejection(
      provider.request({
        method: 'wallet_addConfluxChain',
        params: [{ chainId: '0x405', chainName: 'x', rpcUrls: ['ftp://x'] }],
      }),
      InvalidParamsRpcError,
      -32602,
      '"rpcUrls" must be a non-empty array of http(s) URLs.',
    )
  })
})

describe('routing and events', () => {
  test('reads are forwarded to the node; signing and foreign methods are 4200', async () => {
    expect(await provider.request({ method: 'cfx_getBalance', params: [me, 'latest_state'] })).toBe(
      '0xde0b6b3a7640000',
    )
    expect(rpc.calls.at(-1)).toEqual({ method: 'cfx_getBalance', params: [me, 'latest_state'] })
    for (const method of [
      'cfx_sign',
      'cfx_signTransaction',
      'eth_sendTransaction',
      'eth_accounts',
      'wallet_watchAsset',
    ]) {
      await expectRejection(
        provider.request({ method }),
        UnsupportedProviderMethodError,
        4200,
        `The method "${method}" is not supported by the Tessera Conflux provider.`,
      )
    }
    await expectRejection(
      provider.request({ method: 'x'.repeat(500) }),
      UnsupportedProviderMethodError,
      4200,
      'The method is not supported by the Tessera Conflux provider.',
    )
    await expectRejection(
      provider.request({ method: 'cfx_getBalance', params: me }),
      InvalidParamsRpcError,
      -32602,
      'cfx_getBalance expects params as an array.',
    )
    await expectRejection(
      provider.request(null as unknown as { method: string }),
      InvalidParamsRpcError,
      -32602,
      'request() expects { method: string, params?: unknown[] }.',
    )
  })

  test('transport events: accountsChanged, chainChanged, disconnect', async () => {
    await connect()
    const events: unknown[] = []
    provider.on('accountsChanged', (accounts) => events.push(['accountsChanged', accounts]))
    provider.on('chainChanged', (chainId) => events.push(['chainChanged', chainId]))
    provider.on('disconnect', (error) => events.push(['disconnect', error.code]))
    const otherAddress = userAddressFromPublicKey(secp256k1.getPublicKey(other))
    signer.emit({ type: 'accountsChanged', accounts: [otherAddress, me] })
    signer.emit({ type: 'accountsChanged', accounts: ['not an address'] })
    signer.emit({ type: 'chainChanged', chainId: 8888 })
    signer.emit({ type: 'chainChanged', chainId: -1 })
    signer.emit({ type: 'disconnect' })
    expect(events).toEqual([
      ['accountsChanged', [encodeBase32Address(otherAddress, 1), me]],
      ['chainChanged', '0x22b8'],
      [
        'accountsChanged',
        [encodeBase32Address(otherAddress, 8888), encodeBase32Address(signer.address, 8888)],
      ],
      ['disconnect', 4900],
    ])
    expect(provider.isConnected()).toBe(false)
    await expectRejection(
      provider.request({ method: 'personal_sign', params: ['hi', me] }),
      UnauthorizedProviderError,
      4100,
      'Not connected: call cfx_requestAccounts first.',
    )
  })

  test('removeListener and destroy', async () => {
    const seen: string[][] = []
    const listener = (accounts: string[]) => seen.push(accounts)
    provider.on('accountsChanged', listener)
    provider.removeListener('accountsChanged', listener)
    await connect()
    expect(seen).toEqual([])
    expect(signer.listenerCount()).toBe(1)
    provider.destroy()
    expect(signer.listenerCount()).toBe(0)
    expect(provider.isConnected()).toBe(false)
    await expectRejection(
      connect(),
      ProviderDisconnectedError,
      4900,
      'This provider was destroyed.',
    )
  })
})
