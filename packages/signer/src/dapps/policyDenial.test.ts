/**
 * A co-signer policy denial reaches the screen with the rule that denied it, against a REAL
 * co-signer (`startCosigner` on PGlite, the OIDC issuer double) with a policy document put through
 * its admin API: a dapp's `eth_signTransaction` to a recipient on the policy's deny list is
 * approved by the user, the co-signer refuses, `approve()` throws `DappsError('PolicyDenied')`
 * with `rule: 'recipients.deny'`, the dapp receives 4100 with the rule in `data`, and the inbox
 * records the outcome `denied`; a transaction to another recipient is signed (viem recovers it).
 * A document keyed by the dapp's ORIGIN applies to the dapp's requests although the wallet logged
 * in naming dapp id "demo" (issue #12), and the audit names the origin; the wallet's own
 * signatures name no origin and meet only the other documents.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createMemorySessionStore,
  createPairing,
  createRelayClient,
  type Session,
} from '@tessera/core'
import {
  NodeWebSocket,
  type RelayHarness,
  startRelayHarness,
} from '@tessera/core/testing/relayHarness'
import { createTestIdentity } from '@tessera/core/testing/testIdentity'
import { type RunningCosigner, startCosigner } from '@tessera/cosigner'
import { type OidcDouble, startOidcDouble, WebSocket } from '@tessera/cosigner/testing'
import { generateEncryptionKey } from '@tessera/mpc'
import { createMpcEngine } from '@tessera/mpc/worker'
import { type Hex, recoverTransactionAddress, type TransactionSerialized } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { CosignerSession } from '../cosigner/cosignerLink.ts'
import { createCosignerLink } from '../cosigner/createCosignerLink.ts'
import { createWallet } from '../engine/createWallet.ts'
import { walletSigner } from '../engine/walletSigner.ts'
import { createInbox, type Inbox } from './createInbox.ts'
import { DappsError } from './dappsError.ts'
import { nextItem, type SignerSide, startSigner } from './test/harness.ts'

const ADMIN = 'admin-token-for-the-policy-test-0123456789'
const DENIED = '0x000000000000000000000000000000000000dEaD'
const ALLOWED = '0x000000000000000000000000000000000000bEEF'
const CHAIN = 'eip155:31337'
let oidc: OidcDouble
let dataDir: string
let cosigner: RunningCosigner
let relay: RelayHarness
let inbox: Inbox
let signer: SignerSide
let dappRelay: ReturnType<typeof createRelayClient>
let dapp: Session
let account: Hex
let session: CosignerSession
let wallet: ReturnType<typeof walletSigner>
const outcomes: string[] = []

beforeAll(async () => {
  ;[oidc, dataDir, relay] = await Promise.all([
    startOidcDouble(),
    mkdtemp(join(tmpdir(), 'signer-policy-')),
    startRelayHarness(),
  ])
  cosigner = await startCosigner({
    port: 0,
    dataDir,
    logLevel: 'error',
    oidcProviders: [`tessera@${oidc.issuer}`],
    adminToken: ADMIN,
  })
  const link = createCosignerLink({
    url: cosigner.url,
    mpcUrl: cosigner.mpcUrl,
    noiseStaticKey: cosigner.noiseStaticKey,
    dappId: 'demo',
    WebSocket: WebSocket as never,
  })
  const now = Math.floor(Date.now() / 1000)
  const idToken = await oidc.sign({
    iss: oidc.issuer,
    aud: 'tessera',
    sub: 'policy-user',
    iat: now,
    exp: now + 300,
  })
  session = await link.login({ kind: 'oidc', idToken })
  const ctx = { engine: createMpcEngine(), link, session: () => session }
  const keys = await createWallet(ctx, {
    keyId: 'policy-wallet',
    backupKey: generateEncryptionKey().publicKey,
  })
  wallet = walletSigner(ctx, keys)
  account = wallet.account(0).secp256k1?.address as Hex

  // The policy document: every method, but nothing may go to DENIED.
  const put = await fetch(`${cosigner.url}/v1/admin/policies/*/demo`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      methods: ['personal_sign', 'eth_signTypedData_v4', 'eth_signTransaction', 'ed25519_sign'],
      recipients: { deny: [DENIED] },
    }),
  })
  expect(put.status).toBe(200)

  inbox = createInbox()
  inbox.events.on('answered', ({ outcome }) => outcomes.push(outcome))
  signer = await startSigner({ relayUrl: relay.url, wallet, inbox })
  dappRelay = createRelayClient({
    url: relay.url,
    identity: createTestIdentity(),
    WebSocket: NodeWebSocket,
  })
  const pairing = await createPairing({
    relay: dappRelay,
    store: createMemorySessionStore(),
    metadata: { name: 'Policy dapp' },
    origin: 'https://policy.test',
    chains: [CHAIN],
    methods: ['eth_signTransaction'],
  })
  await signer.connections.pair(pairing.uri, { accounts: [0], chains: [CHAIN] })
  dapp = await pairing.approved
}, 120_000)

afterAll(async () => {
  await dappRelay?.close()
  await signer?.close()
  await relay?.dispose()
  await cosigner?.close()
  await oidc?.close()
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true })
})

const transfer = (to: string, nonce: number) => ({
  from: account,
  to,
  value: '0x1',
  nonce: `0x${nonce.toString(16)}`,
  gas: '0x5208',
  maxFeePerGas: '0x3b9aca00',
  maxPriorityFeePerGas: '0x1',
})
const ask = (tx: unknown) =>
  dapp.request(
    { method: 'eth_signTransaction', params: [tx] as never, chainId: CHAIN },
    { timeoutMs: 60_000 },
  )

test('a recipient on the deny list: the denial names its rule, on screen and for the dapp', async () => {
  const asked = ask(transfer(DENIED, 0))
  const item = await nextItem(inbox)
  let thrown: unknown
  try {
    await item.approve()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(DappsError)
  expect(thrown).toMatchObject({ code: 'PolicyDenied', rule: 'recipients.deny' })
  expect((thrown as DappsError).shortMessage).toContain('"recipients.deny"')
  await expect(asked).rejects.toMatchObject({
    code: 4100,
    data: { reason: 'PolicyDenied', rule: 'recipients.deny' },
  })
  expect(outcomes).toEqual(['denied'])
  expect(inbox.items()).toEqual([])
})

test('another recipient is signed under the same policy', async () => {
  const asked = ask(transfer(ALLOWED, 1))
  await (await nextItem(inbox)).approve()
  const raw = (await asked) as TransactionSerialized
  expect(await recoverTransactionAddress({ serializedTransaction: raw })).toBe(account)
  expect(outcomes).toEqual(['denied', 'approved'])
})

test("issue #12: the dapp origin's own document applies although the login named dapp id demo", async () => {
  const byOrigin = `${cosigner.url}/v1/admin/policies/*/${encodeURIComponent('https://policy.test')}`
  const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }
  // policy.test may not send anything to ALLOWED, which the "demo" document allows.
  const put = await fetch(byOrigin, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ methods: ['eth_signTransaction'], recipients: { deny: [ALLOWED] } }),
  })
  expect(put.status).toBe(200)
  try {
    const asked = ask(transfer(ALLOWED, 2))
    await expect((await nextItem(inbox)).approve()).rejects.toMatchObject({
      code: 'PolicyDenied',
      rule: 'recipients.deny',
    })
    await expect(asked).rejects.toMatchObject({
      code: 4100,
      data: { reason: 'PolicyDenied', rule: 'recipients.deny' },
    })
    // The wallet's own transaction (no dapp asked) names no origin: policy.test's rule is not its.
    const own = await wallet.signTransaction(0, {
      type: 'eip1559',
      chainId: 31337,
      to: ALLOWED,
      value: 1n,
      nonce: 3,
      gas: 21000n,
      maxFeePerGas: 1_000_000_000n,
      maxPriorityFeePerGas: 1n,
    })
    expect(
      await recoverTransactionAddress({ serializedTransaction: own as TransactionSerialized }),
    ).toBe(account)
    const records = (await (
      await fetch(`${cosigner.url}/v1/audit?limit=10`, {
        headers: { authorization: `Bearer ${session.token}` },
      })
    ).json()) as { records: { kind: string; data: Record<string, unknown> }[] }
    const decisions = records.records
      .filter((r) => r.kind === 'policy-decision')
      .slice(0, 2)
      .map((r) => r.data)
      .reverse()
    expect(decisions).toMatchObject([
      {
        allowed: false,
        rule: 'recipients.deny',
        origin: 'https://policy.test',
        policy: '*/origin+*/dapp',
      },
      { allowed: true, origin: null, policy: '*/dapp' },
    ])
  } finally {
    expect((await fetch(byOrigin, { method: 'DELETE', headers: admin })).status).toBe(200)
  }
})
