/**
 * Conflux Core grants over a Tessera session, end to end: a real relay in process, a threshold
 * wallet from the DKG with the in-process co-signer, a bare core session dapp granted one account
 * on `cfx:2029`. The session offers the account's CIP-37 address; `personal_sign`,
 * `cfx_signTypedData_v4` and `cfx_signTransaction` are described (Conflux decoders), approved and
 * recovered by js-conflux-sdk (an independent implementation) or by the CIP-23 hash; an EVM method
 * on the Core chain, another account, a transaction for another chain and malformed fields are
 * refused before the inbox.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import {
  type Cip23TypedData,
  encodeBase32Address,
  hashCip23TypedData,
  userAddressFromPublicKey,
} from '@tessera/conflux'
import {
  createMemorySessionStore,
  createPairing,
  createRelayClient,
  type RelayClient,
  type Session,
} from '@tessera/core'
import {
  NodeWebSocket,
  type RelayHarness,
  startRelayHarness,
} from '@tessera/core/testing/relayHarness'
import { createTestIdentity } from '@tessera/core/testing/testIdentity'
import sdk from 'js-conflux-sdk'
import { hexToBytes } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { walletFixture } from '../test/walletFixture.ts'
import { createInbox, type Inbox } from './createInbox.ts'
import { nextItem, type SignerSide, startSigner } from './test/harness.ts'
import type { InboxItem } from './types.ts'

const CHAIN = 'cfx:2029'
let relay: RelayHarness
let fixture: Awaited<ReturnType<typeof walletFixture>>
let inbox: Inbox
let signer: SignerSide
let dappRelay: RelayClient
let dapp: Session
let from: string
let hex: string
const everSeen: InboxItem[] = []

const ask = (method: string, params: unknown, chainId = CHAIN) =>
  dapp.request({ method, params: params as never, chainId }, { timeoutMs: 60_000 })

beforeAll(async () => {
  ;[relay, fixture] = await Promise.all([startRelayHarness(), walletFixture()])
  const key = fixture.wallet.account(3).secp256k1
  hex = userAddressFromPublicKey(key?.publicKey as Uint8Array)
  from = encodeBase32Address(hex, 2029)
  inbox = createInbox()
  inbox.events.on('change', (items) => {
    for (const item of items) if (!everSeen.includes(item)) everSeen.push(item)
  })
  signer = await startSigner({ relayUrl: relay.url, wallet: fixture.wallet, inbox })
  dappRelay = createRelayClient({
    url: relay.url,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
  })
  const pairing = await createPairing({
    relay: dappRelay,
    store: createMemorySessionStore(),
    metadata: { name: 'Core dapp' },
    origin: 'https://core.test',
    chains: [CHAIN],
    methods: ['personal_sign', 'cfx_signTypedData_v4', 'cfx_signTransaction'],
  })
  await signer.connections.pair(pairing.uri, { accounts: [3], chains: [CHAIN] })
  dapp = await pairing.approved
})

afterAll(async () => {
  await dappRelay?.close()
  await signer?.close()
  await relay?.dispose()
})

const transaction = (overrides: Record<string, unknown> = {}) => ({
  type: '0x2',
  from,
  to: encodeBase32Address(`0x1${'ab'.repeat(19)}c`, 2029),
  value: '0x10',
  gas: '0x5208',
  nonce: '0x3',
  storageLimit: '0x0',
  epochHeight: '0x64',
  chainId: '0x7ed',
  data: '0x',
  maxFeePerGas: '0x3b9aca00',
  maxPriorityFeePerGas: '0x1',
  accessList: [],
  ...overrides,
})

test('the session offers the granted account’s Core address only', () => {
  expect(dapp.accounts).toEqual({ [CHAIN]: [from] })
  expect(signer.connections.sessions()[0]).toMatchObject({
    grants: { accounts: [3], chains: [CHAIN] },
    accounts: { [CHAIN]: [from] },
  })
})

test('Conflux personal_sign: described, approved, recovered by js-conflux-sdk', async () => {
  const asked = ask('personal_sign', ['hello Conflux', from])
  const item = await nextItem(inbox, (i) => i.method === 'personal_sign')
  expect(item).toMatchObject({
    method: 'personal_sign',
    chainId: CHAIN,
    account: { index: 3, address: from },
    description: { kind: 'cfx.personal_sign.text' },
  })
  await item.approve()
  const signature = (await asked) as string
  const publicKey = sdk.PersonalMessage.recover(signature, 'hello Conflux')
  expect(`0x${sdk.sign.publicKeyToAddress(publicKey).toString('hex')}`).toBe(hex)
})

test('cfx_signTransaction: the Core fields on screen, the raw transaction decoded by js-conflux-sdk', async () => {
  const asked = ask('cfx_signTransaction', [transaction()])
  const item = await nextItem(inbox, (i) => i.method === 'cfx_signTransaction')
  expect(item.description.kind).toMatch(/^cfx\./)
  const labels = item.description.fields.map((f) => f.label)
  expect(labels).toEqual(expect.arrayContaining(['Storage limit', 'Epoch height']))
  await item.approve()
  const raw = Buffer.from(((await asked) as string).slice(2), 'hex')
  // js-conflux-sdk decodes, as its decodeRaw does for a type-2 transaction, but its decodeRaw
  // hands r and s as decoded to secp256k1, which refuses the minimal (shorter than 32-byte)
  // integers Conflux's RLP requires for about 1 signature in 128: here they are padded first.
  expect(raw.subarray(0, 4)).toEqual(Buffer.from([0x63, 0x66, 0x78, 2])) // "cfx", type 2
  const decoded = sdk.Transaction.decode1559(raw.subarray(4))
  const pad = (x: string) => `0x${x.slice(2).padStart(64, '0')}`
  decoded.r = pad(decoded.r as string)
  decoded.s = pad(decoded.s as string)
  expect(`0x${sdk.sign.publicKeyToAddress(decoded.recover()).toString('hex')}`).toBe(hex)
  expect(decoded.nonce).toBe(3n)
  expect(decoded.chainId).toBe(2029)
})

test('cfx_signTypedData_v4 (CIP-23): approved, recovers to the account', async () => {
  const typedData = {
    types: {
      CIP23Domain: [
        { name: 'name', type: 'string' },
        { name: 'chainId', type: 'uint256' },
      ],
      Note: [{ name: 'text', type: 'string' }],
    },
    primaryType: 'Note',
    domain: { name: 'Core test', chainId: 2029 },
    message: { text: 'hi' },
  }
  const asked = ask('cfx_signTypedData_v4', [from, JSON.stringify(typedData)])
  const item = await nextItem(inbox, (i) => i.method === 'cfx_signTypedData_v4')
  expect(item.method).toBe('cfx_signTypedData_v4')
  await item.approve()
  const bytes = hexToBytes((await asked) as `0x${string}`)
  const publicKey = secp256k1.recoverPublicKey(
    Uint8Array.of(bytes[64] as number, ...bytes.subarray(0, 64)),
    hexToBytes(hashCip23TypedData(typedData as unknown as Cip23TypedData)),
    { prehash: false },
  )
  expect(userAddressFromPublicKey(publicKey)).toBe(hex)
})

test('an EVM method, another account, another chain’s transaction, bad fields: never in the inbox', async () => {
  const before = everSeen.length
  const other = encodeBase32Address(
    userAddressFromPublicKey(fixture.wallet.account(4).secp256k1?.publicKey as Uint8Array),
    2029,
  )
  await expect(ask('eth_signTypedData_v4', [from, '{}'])).rejects.toMatchObject({ code: 4200 })
  await expect(ask('personal_sign', ['hi', other])).rejects.toMatchObject({ code: 4100 })
  await expect(ask('personal_sign', ['hi', from], 'cfx:1029')).rejects.toMatchObject({
    code: 4902,
  })
  await expect(
    ask('cfx_signTransaction', [transaction({ chainId: '0x405' })]),
  ).rejects.toMatchObject({ code: -32602 })
  await expect(ask('cfx_signTransaction', [transaction({ nonce: 'three' })])).rejects.toMatchObject(
    { code: -32602 },
  )
  await expect(ask('cfx_signTransaction', [transaction({ from: other })])).rejects.toMatchObject({
    code: 4100,
  })
  await expect(ask('cfx_signTypedData_v4', [from, '{"types":{}}'])).rejects.toMatchObject({
    code: -32602,
  })
  expect(everSeen.length).toBe(before)
})
