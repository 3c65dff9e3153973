/**
 * A policy changed through the admin API applies to the very next presigned signature, on the
 * process that took the change and on another process on the same PostgreSQL, although both
 * decide presigned signatures from their policy cache (docs/COSIGNER.md#policy-cache): each has
 * signed under the old document (so holds it cached) before the change. A refused request spends
 * nothing: its presignature still signs once the document allows it again.
 */
import { randomBytes } from 'node:crypto'
import {
  type CosignerConnection,
  dkg as deviceDkg,
  presign as devicePresign,
  signWithPresignature,
} from '@tessera/cosigner-client'
import { generateEncryptionKey, type KeyShare, type PairOtState } from '@tessera/mpc'
import { bytesToHex, hashMessage, hexToBytes } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestSchema, dropTestSchema } from '../test/engines.ts'
import { clientError, loginWeChat, openSignerChannel } from '../test/signerChannel.ts'
import { ADMIN_TOKEN, startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'
import { startWeChatDouble, type WeChatDouble } from '../test/wechatDouble.ts'

let schema: string
let wechat: WeChatDouble
let a: TestCosigner
let b: TestCosigner
let onA: CosignerConnection
let onB: CosignerConnection
let identity: string
let share: KeyShare
let pair: PairOtState

beforeAll(async () => {
  ;[schema, wechat] = await Promise.all([createTestSchema(), startWeChatDouble()])
  const shared = {
    sharedSchema: schema,
    masterKey: randomBytes(32).toString('hex'),
    publicUrl: 'https://cosigner.test',
    wechatAppId: wechat.appId,
    wechatSecret: wechat.secret,
    wechatBaseUrl: wechat.url,
  }
  a = await startTestCosigner(shared)
  b = await startTestCosigner(shared)
  const login = await loginWeChat(a.url, wechat.issueCode({ openid: 'o-policy' }), 'demo')
  identity = login.identity
  onA = await openSignerChannel(a, login.token)
  onB = await openSignerChannel(b, login.token)
  const dkg = await deviceDkg(onA, {
    keyId: 'k',
    curve: 'secp256k1',
    backupKey: generateEncryptionKey().publicKey,
  })
  share = dkg.share
  pair = dkg.pair as PairOtState
}, 120_000)
afterAll(async () => {
  onA?.close()
  onB?.close()
  await Promise.all([a?.cleanup(), b?.cleanup(), wechat?.close()])
  await dropTestSchema(schema)
})

/** PUT the identity's document through `on`'s admin API. */
async function putPolicy(on: TestCosigner, policy: Record<string, unknown>) {
  const res = await fetch(`${on.url}/v1/admin/policies/${encodeURIComponent(identity)}/*`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(policy),
  })
  expect(res.status).toBe(200)
}

let counter = 0
/** A presigned personal_sign through `channel`; resolves with the signature. */
type Ready = Awaited<ReturnType<typeof devicePresign>>
async function signPresigned(channel: CosignerConnection, ready?: Ready) {
  const { presignature, id } = ready ?? (await devicePresign(channel, share, pair))
  const raw = new TextEncoder().encode(`policy change ${counter++}`)
  return signWithPresignature(channel, {
    share,
    presignature,
    id,
    request: { method: 'personal_sign', payload: bytesToHex(raw) },
    digest: hexToBytes(hashMessage({ raw })),
  })
}

const ALLOW = { methods: ['personal_sign', 'eth_signTypedData_v4'] }
const DENY = { methods: ['eth_signTypedData_v4'] }
const methodsDenied = clientError(
  'PolicyDenied',
  'policy rule "methods" denied the request: method personal_sign is not allowed',
)

test.each([
  ['on the process that took the change', () => a],
  ['on another process on the same database', () => b],
])('a tightened policy applies to the very next presigned signature %s', async (_, changer) => {
  await putPolicy(a, ALLOW)
  // Both processes decide under ALLOW (and cache it).
  await signPresigned(onA)
  await signPresigned(onB)
  await putPolicy(changer(), DENY)
  // Presignatures made first, so the very next decision is the signature's.
  const readyA = await devicePresign(onA, share, pair)
  const readyB = await devicePresign(onB, share, pair)
  await expect(signPresigned(onA, readyA)).rejects.toThrow(methodsDenied)
  await expect(signPresigned(onB, readyB)).rejects.toThrow(methodsDenied)
  // Nothing was spent, and a loosened document applies at once too (each process has the
  // denying one cached now): the same presignatures sign once it allows them again.
  await putPolicy(changer(), ALLOW)
  await signPresigned(onA, readyA)
  await signPresigned(onB, readyB)
})

test('a rate limit lowered on one process holds on the other at once', async () => {
  await putPolicy(a, { ...ALLOW, rateLimit: { max: 1000, windowSec: 3600 } })
  await signPresigned(onB)
  await signPresigned(onB)
  // Two used in this window (its counter is shared): a limit of 2 refuses the third.
  await putPolicy(a, { ...ALLOW, rateLimit: { max: 2, windowSec: 3600 } })
  const ready = await devicePresign(onB, share, pair)
  await expect(signPresigned(onB, ready)).rejects.toThrow(
    clientError(
      'PolicyDenied',
      'policy rule "rateLimit" denied the request: more than 2 requests in 3600 s',
    ),
  )
  await putPolicy(a, { ...ALLOW, rateLimit: { max: 3, windowSec: 3600 } })
  await signPresigned(onB, ready)
})
