/**
 * Every way a request can fail reaches the dapp as an EIP-1193 / EIP-1474 error with the right
 * code and a precise sentence (viem's classes, our sentence in `details`), and nothing hangs:
 * unknown and disabled methods (4200), malformed params (-32602), accounts and requests without a
 * session (4100), chains outside the session (4902, locally or from the signer), a relay that is
 * down (4900, then recovery), a silent signer (timeout, -32603), a lying signer (-32603), and
 * pairing URIs that are malformed or expired. Real relay, real hardhat, core's test wallet.
 */
import { createRelayClient, pairWithUri, relayIdentityFromSeed } from '@tessera/core'
import { PairingUriError, RpcTimeoutError } from '@tessera/protocol'
import {
  type BaseError,
  type Hex,
  InternalRpcError,
  InvalidParamsRpcError,
  ProviderDisconnectedError,
  SwitchChainError,
  UnauthorizedProviderError,
  UnsupportedProviderMethodError,
  UserRejectedRequestError,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  connect,
  createDapp,
  createMemorySessionStore,
  createPeer,
  type Hardhat,
  NodeWebSocket,
  nextProviderEvent,
  type Peer,
  type RelayHarness,
  startHardhat,
  startRelayHarness,
} from './test/harness.ts'
import type { TesseraProvider } from './types.ts'

type ErrorClass = abstract new (...args: never[]) => Error

/** The request must reject with exactly this class, code and sentence. */
async function expectError(
  request: Promise<unknown>,
  type: ErrorClass,
  code: number,
  details: string,
): Promise<BaseError> {
  const error = await request.then(
    () => {
      throw new Error('expected the request to fail')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(type)
  expect(error).toMatchObject({ code, details })
  return error as BaseError
}

const call = (provider: TesseraProvider, method: string, params?: unknown): Promise<unknown> =>
  provider.request({ method, params } as never)

describe('EIP-1193 errors of the provider', () => {
  let relay: RelayHarness
  let node: Hardhat
  let peer: Peer
  let provider: TesseraProvider
  let account: Hex
  const stranger = privateKeyToAccount(generatePrivateKey()).address

  beforeAll(async () => {
    ;[relay, node] = await Promise.all([startRelayHarness(), startHardhat()])
    peer = createPeer(relay, [31337])
    provider = createDapp(relay, node, createMemorySessionStore())
  })

  afterAll(async () => {
    await provider.close()
    await peer.close()
    await relay.dispose()
  })

  test('without a session, signing is 4100 and nothing is sent', async () => {
    await expectError(
      call(provider, 'personal_sign', ['0x00', stranger]),
      UnauthorizedProviderError,
      4100,
      'personal_sign: not connected; call eth_requestAccounts first.',
    )
    await expectError(
      call(provider, 'eth_sendTransaction', [{ from: stranger }]),
      UnauthorizedProviderError,
      4100,
      'eth_sendTransaction: not connected; call eth_requestAccounts first.',
    )
    account = (await connect(provider, peer))[0] as Hex
  })

  test('unknown, refused and disabled methods are 4200', async () => {
    await expectError(
      call(provider, 'tessera_unknown', []),
      UnsupportedProviderMethodError,
      4200,
      'The method "tessera_unknown" is not supported by the Tessera provider.',
    )
    await expectError(
      call(provider, 'eth_signTypedData_v3', []),
      UnsupportedProviderMethodError,
      4200,
      'The method "eth_signTypedData_v3" is not supported by the Tessera provider.',
    )
    await expectError(
      call(provider, 'bad method!', []),
      UnsupportedProviderMethodError,
      4200,
      'The method is not supported by the Tessera provider.',
    )
    await expectError(
      call(provider, 'eth_sign', [account, `0x${'11'.repeat(32)}`]),
      UnsupportedProviderMethodError,
      4200,
      'eth_sign is disabled: it signs opaque bytes. Use personal_sign or eth_signTypedData_v4.',
    )
  })

  test('malformed params are -32602 and never reach the signer', async () => {
    await expectError(
      provider.request(null as never),
      InvalidParamsRpcError,
      -32602,
      'request() expects { method: string, params?: unknown[] | object }.',
    )
    await expectError(
      call(provider, 'personal_sign', '0x00'),
      InvalidParamsRpcError,
      -32602,
      'personal_sign: expected params as an array of 2 values.',
    )
    await expectError(
      call(provider, 'personal_sign', [42, account]),
      InvalidParamsRpcError,
      -32602,
      'personal_sign: message must be hex bytes or text, got 42.',
    )
    await expectError(
      call(provider, 'personal_sign', ['0x00', '0x1234']),
      InvalidParamsRpcError,
      -32602,
      'personal_sign: address must be a 0x-prefixed 20-byte address, got "0x1234".',
    )
    await expectError(
      call(provider, 'eth_signTypedData_v4', [account, '{not json']),
      InvalidParamsRpcError,
      -32602,
      'eth_signTypedData_v4: typed data is not valid JSON.',
    )
    await expectError(
      call(provider, 'eth_signTypedData_v4', [
        account,
        JSON.stringify({ types: { A: [] }, primaryType: 'B', domain: {}, message: {} }),
      ]),
      InvalidParamsRpcError,
      -32602,
      'eth_signTypedData_v4: primaryType "B" is not one of the types.',
    )
    await expectError(
      call(provider, 'eth_signTypedData_v4', [
        account,
        JSON.stringify({
          types: { Mail: [{ name: 'to', type: 'address' }] },
          primaryType: 'Mail',
          domain: { chainId: 1 },
          message: { to: stranger },
        }),
      ]),
      InvalidParamsRpcError,
      -32602,
      'eth_signTypedData_v4: domain.chainId "1" is not the current chain 31337.',
    )
    await expectError(
      call(provider, 'eth_sendTransaction', [{ from: account, value: '12' }]),
      InvalidParamsRpcError,
      -32602,
      'eth_sendTransaction: value must be a hex quantity such as "0x1", got "12".',
    )
    await expectError(
      call(provider, 'eth_sendTransaction', [{ from: account, authorizationList: [] }]),
      InvalidParamsRpcError,
      -32602,
      'eth_sendTransaction: the field "authorizationList" is not supported by this wallet.',
    )
    await expectError(
      call(provider, 'eth_sendTransaction', [{ from: account, chainId: '0x1' }]),
      InvalidParamsRpcError,
      -32602,
      'eth_sendTransaction: chainId 0x1 is not the current chain 0x7a69; switch first (wallet_switchEthereumChain).',
    )
    await expectError(
      call(provider, 'wallet_switchEthereumChain', [{ chainId: '0x01' }]),
      InvalidParamsRpcError,
      -32602,
      'wallet_switchEthereumChain: chainId must be a hex quantity such as "0x1", got "0x01".',
    )
    await expectError(
      call(provider, 'wallet_requestPermissions', [{ eth_accounts: {}, snap: {} }]),
      InvalidParamsRpcError,
      -32602,
      'wallet_requestPermissions: only the eth_accounts permission exists, got "snap".',
    )
  })

  test('an address outside the session is 4100', async () => {
    await expectError(
      call(provider, 'personal_sign', ['0x00', stranger]),
      UnauthorizedProviderError,
      4100,
      `personal_sign: ${stranger} is not an account of this session.`,
    )
    await expectError(
      call(provider, 'eth_signTypedData_v4', [stranger, '{}']),
      UnauthorizedProviderError,
      4100,
      `eth_signTypedData_v4: ${stranger} is not an account of this session.`,
    )
    await expectError(
      call(provider, 'eth_sendTransaction', [{ from: stranger, to: account }]),
      UnauthorizedProviderError,
      4100,
      `eth_sendTransaction: ${stranger} is not an account of this session.`,
    )
  })

  test('a chain outside the session is 4902, locally or from the signer', async () => {
    await expectError(
      call(provider, 'wallet_switchEthereumChain', [{ chainId: '0x1' }]),
      SwitchChainError,
      4902,
      "Chain 0x1 (1) is not one of this session's chains; add it to `chains` and `rpc`, then pair again.",
    )
    await expectError(
      call(provider, 'wallet_addEthereumChain', [{ chainId: '0x89', chainName: 'Polygon' }]),
      SwitchChainError,
      4902,
      "Chain 0x89 (137) is not one of this session's chains; add it to `chains` and `rpc`, then pair again.",
    )
    // In the session, but this wallet only knows 31337: the signer's own 4902 comes through.
    await expectError(
      call(provider, 'wallet_switchEthereumChain', [{ chainId: '0x406' }]),
      SwitchChainError,
      4902,
      'Chain 0x406 is not known to the wallet.',
    )
    expect(await call(provider, 'eth_chainId')).toBe('0x7a69')
  })

  test('relay down: 4900 at once, and requests work again when it returns', async () => {
    const offline = nextProviderEvent(
      provider,
      'message',
      (m: { data: unknown }) => m.data === 'offline',
    )
    await relay.stop()
    await offline
    await expectError(
      call(provider, 'personal_sign', ['0x01', account]),
      ProviderDisconnectedError,
      4900,
      'The relay is unreachable; try again when online.',
    )
    expect(provider.connected).toBe(true) // the session itself is alive: no disconnect event
    const online = nextProviderEvent(
      provider,
      'message',
      (m: { data: unknown }) => m.data === 'online',
      10_000,
    )
    await relay.start()
    await online
    const signature = await call(provider, 'personal_sign', ['0x01', account])
    expect(signature).toMatch(/^0x[0-9a-f]{130}$/)
  })

  test('pairing while the relay cannot be reached is 4900 by the connect deadline', async () => {
    const unreachable = createDapp(relay, node, createMemorySessionStore(), {
      relayUrl: 'ws://127.0.0.1:9',
      connectTimeoutMs: 300,
    })
    try {
      await expectError(
        call(unreachable, 'eth_requestAccounts'),
        ProviderDisconnectedError,
        4900,
        'The relay ws://127.0.0.1:9 is unreachable; try again when online.',
      )
    } finally {
      await unreachable.close()
    }
  })

  test('a malformed or expired pairing URI is refused by the wallet; the dapp gets 4001', async () => {
    await expect(peer.pair('tessera:not-a-uri')).rejects.toBeInstanceOf(PairingUriError)
    const dapp = createDapp(relay, node, createMemorySessionStore(), { pairingTtlSeconds: 1 })
    try {
      const uri = new Promise<string>((resolve) =>
        dapp.on('message', (m) => m.type === 'display_uri' && resolve(String(m.data))),
      )
      const pairing = call(dapp, 'eth_requestAccounts')
      const code = await uri
      await expectError(
        pairing,
        UserRejectedRequestError,
        4001,
        'No wallet answered before the pairing code expired.',
      )
      const late = await peer.pair(code).catch((e: unknown) => e)
      expect(late).toBeInstanceOf(PairingUriError)
      expect(late).toMatchObject({ code: 'Expired' })
    } finally {
      await dapp.close()
    }
  })
})

describe('signers that do not behave', () => {
  let relay: RelayHarness
  let node: Hardhat

  beforeAll(async () => {
    ;[relay, node] = await Promise.all([startRelayHarness(), startHardhat()])
  })

  afterAll(async () => {
    await relay.dispose()
  })

  /** A signer answering every request with `answer` (a promise that may never settle). */
  async function pairOddSigner(
    provider: TesseraProvider,
    address: Hex,
    answer: () => Promise<string>,
  ): Promise<() => Promise<void>> {
    const client = createRelayClient({
      url: relay.url,
      identity: await relayIdentityFromSeed(globalThis.crypto.getRandomValues(new Uint8Array(32))),
      WebSocket: NodeWebSocket,
    })
    const uri = new Promise<string>((resolve) =>
      provider.on('message', (m) => m.type === 'display_uri' && resolve(String(m.data))),
    )
    const accounts = call(provider, 'eth_requestAccounts')
    await pairWithUri({
      uri: await uri,
      relay: client,
      store: createMemorySessionStore(),
      metadata: { name: 'Odd signer' },
      accounts: { 'eip155:31337': [address] },
      onRequest: answer,
    })
    expect(await accounts).toEqual([address])
    return () => client.close()
  }

  test('a signer silent past the deadline: -32603 with the RpcTimeoutError as cause', async () => {
    const provider = createDapp(relay, node, createMemorySessionStore(), { requestTimeoutMs: 500 })
    const address = privateKeyToAccount(generatePrivateKey()).address
    const close = await pairOddSigner(provider, address, () => new Promise(() => {}))
    try {
      const error = await expectError(
        call(provider, 'personal_sign', ['0x01', address]),
        InternalRpcError,
        -32603,
        'The wallet did not answer within 0.5 s; the request timed out.',
      )
      expect(error.walk((e) => e instanceof RpcTimeoutError)).toBeInstanceOf(RpcTimeoutError)
    } finally {
      await provider.close()
      await close()
    }
  })

  test('a signature by another key is refused with -32603, never returned', async () => {
    const provider = createDapp(relay, node, createMemorySessionStore())
    const address = privateKeyToAccount(generatePrivateKey()).address
    const impostor = privateKeyToAccount(generatePrivateKey())
    const close = await pairOddSigner(provider, address, () =>
      impostor.signMessage({ message: { raw: '0x01' } }),
    )
    try {
      await expectError(
        call(provider, 'personal_sign', ['0x01', address]),
        InternalRpcError,
        -32603,
        `personal_sign: the wallet's signature was made by ${impostor.address}, not by ${address}.`,
      )
      await expectError(
        call(provider, 'eth_signTransaction', [{ from: address, to: address, gas: '0x5208' }]),
        InternalRpcError,
        -32603,
        "eth_signTransaction: the wallet's signed transaction cannot be decoded.",
      )
    } finally {
      await provider.close()
      await close()
    }
  })
})
