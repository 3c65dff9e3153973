/**
 * Solana over a real Tessera session: the relay as its own process (`tessera-relay`'s main through
 * tsx, loopback, port 0, a temporary data directory; relay/test/relayProcess.ts), `@tessera/provider`
 * created with `extraChains: ['solana:localnet']`, `@tessera/solana`'s wallet on the same pairing
 * (`solanaSessionFromProvider`) and core's test wallet answering as the signer with an Ed25519 key.
 * A @solana/kit dapp finds "Tessera" with getWallets(), connects (the provider pairs), gets a SOL
 * transfer signed that executes in LiteSVM and a message signature @solana/kit verifies. Bad input
 * (malformed base58, an oversized transaction, a program index out of range, a foreign signer) is
 * a typed error on both sides and never reaches the signer's approval step.
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { base58, base64 } from '@scure/base'
import { address, lamports } from '@solana/kit'
import {
  createMemorySessionStore,
  createRelayClient,
  type RelayClient,
  type Session,
} from '@tessera/core'
import { NodeWebSocket } from '@tessera/core/testing/relayHarness'
import { createTestIdentity } from '@tessera/core/testing/testIdentity'
import { createTestWallet, type TestWallet } from '@tessera/core/testing/testWallet'
import { createTesseraProvider, type TesseraProvider } from '@tessera/provider'
import { type RelayProcess, spawnRelay } from '@tessera/relay/testing'
import {
  registerTesseraSolanaWallet,
  SolanaWalletError,
  solanaSessionFromProvider,
} from '@tessera/solana'
import type { WalletAccount } from '@wallet-standard/base'
import { LiteSVM } from 'litesvm'
import { InvalidParamsRpcError } from 'viem'
import { hardhat } from 'viem/chains'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  kitVerifies,
  signAndSendTransaction,
  signMessage,
  signTransaction,
  svmSender,
  findTessera as tessera,
  transferTransaction,
} from './test/solanaDapp.ts'

const CHAIN = 'solana:localnet'
let relay: RelayProcess
const relayData = mkdtempSync(join(tmpdir(), 'tessera-solana-relay-'))
let provider: TesseraProvider
let signer: TestWallet
let signerSession: Promise<Session> | undefined
const clients: RelayClient[] = []
const svm = new LiteSVM()

function relayClient(): RelayClient {
  const client = createRelayClient({
    url: relay.url,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
  })
  clients.push(client)
  return client
}

beforeAll(async () => {
  relay = await spawnRelay(['--port', '0', '--data-dir', relayData], 30_000)
  ;(globalThis as { window?: EventTarget }).window ??= new EventTarget()
  signer = createTestWallet({
    privateKey: `0x${'42'.repeat(32)}`,
    chainIds: [31337],
    solanaChainIds: [CHAIN],
  })
  provider = createTesseraProvider({
    relayUrl: relay.url,
    metadata: { name: 'Solana session test dapp' },
    origin: 'https://dapp.test',
    chains: [hardhat],
    extraChains: [CHAIN],
    rpc: {
      31337: {
        request: async () => {
          throw new Error('no EVM RPC in this test')
        },
      },
    },
    store: createMemorySessionStore(),
    WebSocket: NodeWebSocket,
    // The person scanning the QR code: the signer pairs with the URI.
    onPairingUri(uri) {
      signerSession = signer.pair({ uri, relay: relayClient(), store: createMemorySessionStore() })
    },
  })
  registerTesseraSolanaWallet({
    ...solanaSessionFromProvider(provider),
    sendTransaction: svmSender(svm),
  })
}, 60_000)

afterAll(async () => {
  await provider?.close()
  await (await signerSession)?.disconnect().catch(() => {})
  await Promise.all(clients.splice(0).map((c) => c.close()))
  await relay?.kill('SIGTERM')
  rmSync(relayData, { recursive: true, force: true })
}, 30_000)

const account = () => tessera().accounts[0] as WalletAccount
const RECIPIENT = base58.encode(new Uint8Array(32).fill(9))
const transfer = (from: string, amount: bigint) => transferTransaction(svm, from, RECIPIENT, amount)

test('a @solana/kit dapp finds "Tessera", connects, and the provider pairs over the relay', async () => {
  const connect = tessera().features['standard:connect'] as {
    connect: () => Promise<{ accounts: readonly WalletAccount[] }>
  }
  const { accounts } = await connect.connect()
  expect(accounts.map((a) => a.address)).toEqual([signer.solana?.address])
  expect(accounts[0]?.chains).toEqual(['solana:localnet'])
  // One pairing: the EVM side of the same session has the EVM account.
  expect(provider.session()?.accounts).toEqual({
    'eip155:31337': [signer.address],
    [CHAIN]: [signer.solana?.address],
  })
  expect(provider.session()?.methods).toEqual(
    expect.arrayContaining(['personal_sign', 'solana_signMessage', 'solana_signTransaction']),
  )
}, 60_000)

test('a SOL transfer signed over the session executes in LiteSVM', async () => {
  const from = account().address
  svm.airdrop(address(from), lamports(2_000_000_000n))
  const [sent] = await signAndSendTransaction(tessera(), {
    account: account(),
    transaction: transfer(from, 1_500_000n),
    chain: CHAIN,
  })
  expect(sent?.signature).toHaveLength(64)
  expect(svm.getBalance(address(RECIPIENT))).toBe(1_500_000n)
  expect(signer.solana?.approved.map((p) => p.method)).toEqual(['solana_signTransaction'])
}, 60_000)

test('signMessage over the session: @solana/kit verifies the signature', async () => {
  const message = new TextEncoder().encode('Sign in to dapp.test')
  const [signed] = await signMessage(tessera(), { account: account(), message })
  expect(await kitVerifies(account(), message, signed?.signature)).toBe(true)
  expect(signer.solana?.approved).toHaveLength(2)
}, 60_000)

test('dapp side: oversized, foreign-signer and empty inputs are refused before anything is sent', async () => {
  const before = signer.solana?.approved.length
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e,
    )
  const oversized = await refusal(
    signTransaction(tessera(), { account: account(), transaction: new Uint8Array(1_300) }),
  )
  expect(oversized).toBeInstanceOf(SolanaWalletError)
  expect(oversized).toMatchObject({ code: 'MalformedTransaction' })
  const foreign = await refusal(
    signTransaction(tessera(), {
      account: account(),
      transaction: transfer(base58.encode(new Uint8Array(32).fill(5)), 1n),
    }),
  )
  expect(foreign).toMatchObject({
    code: 'MalformedTransaction',
    shortMessage: 'solana_signTransaction: "pubkey" is not a required signer of the transaction.',
  })
  const empty = await refusal(
    signMessage(tessera(), { account: account(), message: new Uint8Array(0) }),
  )
  expect(empty).toMatchObject({ code: 'InvalidMessage' })
  expect(signer.solana?.approved.length).toBe(before)
}, 60_000)

test('signer side: a dapp sending bad params gets -32602 and nothing reaches approval', async () => {
  const session = provider.session() as Session
  const before = signer.solana?.approved.length
  const pubkey = account().address
  const good = transfer(pubkey, 1n)
  const outOfRange = good.slice()
  // v0: 1 slot (65 bytes), version, header 3, key count, 3 keys, blockhash, instruction count.
  outOfRange[65 + 1 + 3 + 1 + 96 + 32 + 1] = 7
  const cases: [unknown, string][] = [
    [
      { method: 'solana_signMessage', params: [{ message: 'O0Il', pubkey }] },
      'solana_signMessage: "message" expected base58 of 1 to 2048 bytes.',
    ],
    [
      {
        method: 'solana_signTransaction',
        params: [{ transaction: base64.encode(new Uint8Array(1_233).fill(1)), pubkey }],
      },
      'solana_signTransaction: "transaction" expected base64 of at most 1232 bytes.',
    ],
    [
      {
        method: 'solana_signTransaction',
        params: [{ transaction: base64.encode(outOfRange), pubkey }],
      },
      'solana_signTransaction: malformed transaction (an instruction names no program).',
    ],
  ]
  for (const [request, details] of cases) {
    const error = await session
      .request({ ...(request as { method: string; params: [] }), chainId: CHAIN })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(InvalidParamsRpcError)
    expect(error).toMatchObject({ code: -32602, details })
  }
  expect(signer.solana?.approved.length).toBe(before)
}, 60_000)
