/**
 * SOTER as the co-signer's second factor, from the signer's side, against a REAL co-signer and
 * the WeChat double (docs/AUTH.md#soter-biometrics): with `requireSoter` in the policy, a
 * personal_sign run is refused until the link has the phone's SOTER answer for that request's
 * digest verified; one verified answer lets exactly one run through. (The shell's part — the
 * prompt and the answer in the web-view's URL — is covered by demos/wechat-miniprogram; here the
 * double's device key stands for the phone.)
 */
import { startWeChatDouble, type WeChatDouble } from '@tessera/cosigner/testing'
import { generateEncryptionKey } from '@tessera/mpc'
import { createMpcEngine } from '@tessera/mpc/worker'
import {
  hashMessage,
  hexToBytes,
  keccak256,
  parseEther,
  recoverTransactionAddress,
  serializeSignature,
  serializeTransaction,
  type TransactionSerializableEIP1559,
  verifyMessage,
} from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { evmAddress } from '../accounts/evmAddress.ts'
import { runDkg } from '../engine/runDkg.ts'
import { signDigest } from '../engine/signDigest.ts'
import type { SignerContext } from '../engine/types.ts'
import { type CosignerLink, isSoterRequired, soterDigestPurpose } from './cosignerLink.ts'
import { type RealCosigner, startRealCosigner } from './test/realCosigner.ts'

let real: RealCosigner
let wechat: WeChatDouble
let link: CosignerLink

beforeAll(async () => {
  wechat = await startWeChatDouble()
  real = await startRealCosigner({
    wechatAppId: wechat.appId,
    wechatSecret: wechat.secret,
    wechatBaseUrl: wechat.url,
  })
  link = real.link
}, 60_000)

afterAll(async () => {
  await real?.close()
  await wechat?.close()
})

test('requireSoter: personal_sign and a large eth transaction are refused until the SOTER answer for their digest is verified, once', async () => {
  const openid = 'o-soter-signer'
  const session = await link.login({ kind: 'wechat', code: wechat.issueCode({ openid }) })
  expect(session.subject).toBe(`wechat:${wechat.appId}:${openid}`)
  const soter = link.soter
  if (soter === undefined) throw new Error('the real link has SOTER')
  const ctx: SignerContext = { engine: createMpcEngine(), link, session: () => session }
  const key = await runDkg(ctx, {
    curve: 'secp256k1',
    keyId: 'wallet-soter',
    backupKey: generateEncryptionKey().publicKey,
  })
  await real.putPolicy(session.subject, { methods: ['personal_sign'], requireSoter: true })

  const message = 'approved with a fingerprint'
  const digest = hexToBytes(hashMessage(message))
  const sign = () =>
    signDigest(ctx, key, {
      path: 'm',
      publicKey: key.public.publicKey,
      digest,
      context: { kind: 'personal_sign', chain: 'evm', message },
    })
  const refused = await sign().catch((error: unknown) => error)
  expect(refused).toMatchObject({ code: 'PolicyDenied' })
  expect(isSoterRequired(refused)).toBe(true)
  expect(isSoterRequired(new Error('policy rule "requireSoter"'))).toBe(false)

  const purpose = soterDigestPurpose(digest)
  const { challenge } = await soter.challenge(session, purpose)
  const answer = wechat.soterDevice(openid).authenticate(challenge)
  expect(await soter.verify(session, { purpose, ...answer })).toMatchObject({ purpose })
  // The same answer again is a replay, refused by the co-signer.
  await expect(soter.verify(session, { purpose, ...answer })).rejects.toThrow(
    'SOTER result was already used',
  )
  const signature = serializeSignature(await sign())
  expect(
    await verifyMessage({ address: evmAddress(key.public.publicKey), message, signature }),
  ).toBe(true)
  // One verified answer, one run.
  expect(isSoterRequired(await sign().catch((error: unknown) => error))).toBe(true)

  // requireSoter above a value: a small transfer signs as before, a large one needs the phone.
  await real.putPolicy(session.subject, {
    methods: ['eth_sendTransaction', 'eth_signTransaction'],
    requireSoter: { valueAbove: parseEther('1').toString() },
  })
  const transfer = async (value: bigint, nonce: number) => {
    const tx: TransactionSerializableEIP1559 = {
      type: 'eip1559',
      chainId: 1,
      nonce,
      to: '0x000000000000000000000000000000000000dEaD',
      value,
      gas: 21_000n,
      maxFeePerGas: 30_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    }
    const unsigned = serializeTransaction(tx)
    const digest = hexToBytes(keccak256(unsigned))
    const run = async () =>
      serializeTransaction(
        tx,
        await signDigest(ctx, key, {
          path: 'm',
          publicKey: key.public.publicKey,
          digest,
          context: { kind: 'transaction', chain: 'evm', serialized: unsigned },
        }),
      )
    return { digest, run }
  }
  const address = evmAddress(key.public.publicKey)
  const small = await transfer(parseEther('0.5'), 0)
  expect(await recoverTransactionAddress({ serializedTransaction: await small.run() })).toBe(
    address,
  )
  const large = await transfer(parseEther('2'), 1)
  expect(isSoterRequired(await large.run().catch((error: unknown) => error))).toBe(true)
  const txPurpose = soterDigestPurpose(large.digest)
  const forTx = await soter.challenge(session, txPurpose)
  await soter.verify(session, {
    purpose: txPurpose,
    ...wechat.soterDevice(openid).authenticate(forTx.challenge),
  })
  expect(await recoverTransactionAddress({ serializedTransaction: await large.run() })).toBe(
    address,
  )
}, 120_000)
