/**
 * SOTER as a second factor against the WeChat double (docs/AUTH.md#soter-biometrics): the
 * challenge round trip, every refusal (replay, wrong challenge, other identity, bad signature,
 * expiry), the access token's cache and refresh, and the `requireSoter` policy in
 * authorizeSigning on PostgreSQL.
 */
import { randomBytes } from 'node:crypto'
import { bytesToHex } from '@noble/hashes/utils.js'
import { parseEther, serializeTransaction } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PolicyDeniedError } from '../errors.ts'
import { authorizeSigning, soterPurpose } from '../policy/authorizeSigning.ts'
import { decodeSigningRequest } from '../policy/decodeRequest.ts'
import { parsePolicy } from '../policy/policy.ts'
import { putPolicy } from '../policy/policyStore.ts'
import { ENGINES, type TestStore } from '../test/engines.ts'
import { startWeChatDouble, type WeChatDouble } from '../test/wechatDouble.ts'
import {
  consumeSoterGrant,
  issueSoterChallenge,
  SOTER_CHALLENGE_TTL_MS,
  verifySoterResult,
} from './soter.ts'
import { createWeChatClient, type WeChatClient } from './wechat.ts'

const postgres = ENGINES.find((e) => e.name === 'postgres')
if (postgres === undefined) throw new Error('postgres engine missing')

const digestPurpose = () => `digest:${randomBytes(32).toString('hex')}`

describe('SOTER second factor against the WeChat double', () => {
  let double: WeChatDouble
  let client: WeChatClient
  let store: TestStore
  let clock = 1_800_000_000_000
  const now = () => clock
  const user = () => {
    const openid = `o-${randomBytes(6).toString('hex')}`
    return { openid, identity: `wechat:${double.appId}:${openid}` }
  }
  const verify = (
    who: { openid: string; identity: string },
    purpose: string,
    result: { resultJSON: string; resultJSONSignature: string },
  ) => verifySoterResult(store.db, client, { ...who, purpose, ...result }, now())

  beforeAll(async () => {
    double = await startWeChatDouble(now)
    store = await postgres.open()
    client = createWeChatClient({
      baseUrl: double.url,
      appId: double.appId,
      secret: double.secret,
      now,
    })
  })
  afterAll(async () => {
    await double.close()
    await store.cleanup()
  })

  test('a challenge signed on the phone is verified once and grants one run', async () => {
    const alice = user()
    const purpose = digestPurpose()
    const { challenge, expiresAt } = await issueSoterChallenge(
      store.db,
      { ...alice, purpose },
      now(),
    )
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(expiresAt).toBe(now() + SOTER_CHALLENGE_TTL_MS)
    const result = double.soterDevice(alice.openid).authenticate(challenge)
    expect(JSON.parse(result.resultJSON).raw).toBe(challenge)
    await verify(alice, purpose, result)
    expect(await consumeSoterGrant(store.db, alice.identity, purpose, now())).toBe(true)
    expect(await consumeSoterGrant(store.db, alice.identity, purpose, now())).toBe(false)
  })

  test('the same resultJSON twice is refused as a replay', async () => {
    const alice = user()
    const purpose = digestPurpose()
    const { challenge } = await issueSoterChallenge(store.db, { ...alice, purpose }, now())
    const result = double.soterDevice(alice.openid).authenticate(challenge)
    await verify(alice, purpose, result)
    await expect(verify(alice, purpose, result)).rejects.toMatchObject({
      code: 'CodeReplayed',
      message: 'SOTER result was already used',
    })
  })

  test('a challenge not issued, issued for another request, or expired is refused', async () => {
    const alice = user()
    const phone = double.soterDevice(alice.openid)
    const purpose = digestPurpose()
    const invented = phone.authenticate(randomBytes(24).toString('base64url'))
    await expect(verify(alice, purpose, invented)).rejects.toMatchObject({
      code: 'Forbidden',
      message: expect.stringContaining('the challenge was not issued for this identity'),
    })
    const other = await issueSoterChallenge(store.db, { ...alice, purpose: digestPurpose() }, now())
    await expect(verify(alice, purpose, phone.authenticate(other.challenge))).rejects.toMatchObject(
      { code: 'Forbidden' },
    )
    const late = await issueSoterChallenge(store.db, { ...alice, purpose }, now())
    const lateResult = phone.authenticate(late.challenge)
    clock += SOTER_CHALLENGE_TTL_MS + 1
    await expect(verify(alice, purpose, lateResult)).rejects.toMatchObject({ code: 'Forbidden' })
    expect(await consumeSoterGrant(store.db, alice.identity, purpose, now())).toBe(false)
  })

  test("another identity's result is refused, and so is a signature from another phone", async () => {
    const alice = user()
    const bob = user()
    const purpose = digestPurpose()
    // Bob submits Alice's verified-looking result for her challenge under his own session.
    const forAlice = await issueSoterChallenge(store.db, { ...alice, purpose }, now())
    const aliceResult = double.soterDevice(alice.openid).authenticate(forAlice.challenge)
    await expect(verify(bob, purpose, aliceResult)).rejects.toMatchObject({ code: 'Forbidden' })
    // Bob's own challenge, signed on Alice's phone: WeChat says is_ok false for Bob's openid.
    double.soterDevice(bob.openid)
    const forBob = await issueSoterChallenge(store.db, { ...bob, purpose }, now())
    const signedElsewhere = double.soterDevice(alice.openid).authenticate(forBob.challenge)
    await expect(verify(bob, purpose, signedElsewhere)).rejects.toMatchObject({
      code: 'Forbidden',
      message: 'SOTER verification refused: WeChat did not accept the signature for this user',
    })
    expect(await consumeSoterGrant(store.db, bob.identity, purpose, now())).toBe(false)
  })

  test('a resultJSON changed after signing is refused by WeChat', async () => {
    const alice = user()
    const purpose = digestPurpose()
    const { challenge } = await issueSoterChallenge(store.db, { ...alice, purpose }, now())
    const result = double.soterDevice(alice.openid).authenticate(challenge)
    const changed = JSON.stringify({ ...JSON.parse(result.resultJSON), counter: 99 })
    await expect(verify(alice, purpose, { ...result, resultJSON: changed })).rejects.toMatchObject({
      code: 'Forbidden',
    })
  })

  test('the access token is fetched once, and again after WeChat calls it invalid', async () => {
    const before = double.accessTokensIssued
    const alice = user()
    for (let i = 0; i < 3; i++) {
      const purpose = digestPurpose()
      const { challenge } = await issueSoterChallenge(store.db, { ...alice, purpose }, now())
      await verify(alice, purpose, double.soterDevice(alice.openid).authenticate(challenge))
    }
    expect(double.accessTokensIssued - before).toBeLessThanOrEqual(1)
    double.revokeAccessTokens()
    const purpose = digestPurpose()
    const { challenge } = await issueSoterChallenge(store.db, { ...alice, purpose }, now())
    const issued = double.accessTokensIssued
    await verify(alice, purpose, double.soterDevice(alice.openid).authenticate(challenge))
    expect(double.accessTokensIssued).toBe(issued + 1)
  })

  test('WeChat busy during verification gives the challenge back: the same answer passes later', async () => {
    const alice = user()
    const purpose = digestPurpose()
    const { challenge } = await issueSoterChallenge(store.db, { ...alice, purpose }, now())
    const result = double.soterDevice(alice.openid).authenticate(challenge)
    double.failNext(-1)
    await expect(verify(alice, purpose, result)).rejects.toMatchObject({
      code: 'LoginUnavailable',
      retryable: true,
    })
    expect(await consumeSoterGrant(store.db, alice.identity, purpose, now())).toBe(false)
    await verify(alice, purpose, result)
    expect(await consumeSoterGrant(store.db, alice.identity, purpose, now())).toBe(true)
  })

  test('requireSoter: the run is refused without a verified result, allowed once with one', async () => {
    const alice = user()
    const dappId = `soter-${randomBytes(4).toString('hex')}`
    const request = { method: 'personal_sign' as const, payload: '0x68656c6c6f' }
    const ask = () =>
      authorizeSigning(store.db, { identity: alice.identity, dappId, request }, now())
    // Default policy: no biometric needed.
    await ask()
    await putPolicy(
      store.db,
      alice.identity,
      dappId,
      parsePolicy({ methods: ['personal_sign'], requireSoter: true }),
      now(),
    )
    const denied = ask()
    await expect(denied).rejects.toBeInstanceOf(PolicyDeniedError)
    await expect(denied).rejects.toMatchObject({ code: 'PolicyDenied', rule: 'requireSoter' })
    const purpose = soterPurpose(decodeSigningRequest(request))
    expect(purpose).toMatch(/^digest:[0-9a-f]{64}$/)
    const { challenge } = await issueSoterChallenge(store.db, { ...alice, purpose }, now())
    await verify(alice, purpose, double.soterDevice(alice.openid).authenticate(challenge))
    const decoded = await ask()
    expect(`digest:${bytesToHex(decoded.digest as Uint8Array)}`).toBe(purpose)
    await expect(ask()).rejects.toMatchObject({ rule: 'requireSoter' })
  })

  test('requireSoter.valueAbove: only transfers above the value need a biometric', async () => {
    const alice = user()
    const dappId = `soter-${randomBytes(4).toString('hex')}`
    await putPolicy(
      store.db,
      alice.identity,
      dappId,
      parsePolicy({
        methods: ['eth_sendTransaction'],
        requireSoter: { valueAbove: parseEther('1').toString() },
      }),
      now(),
    )
    const tx = (value: bigint) => ({
      method: 'eth_sendTransaction' as const,
      payload: serializeTransaction({
        type: 'eip1559',
        chainId: 1,
        nonce: 0,
        to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
        value,
        maxFeePerGas: 1n,
        gas: 21000n,
      }),
    })
    const ask = (value: bigint) =>
      authorizeSigning(store.db, { identity: alice.identity, dappId, request: tx(value) }, now())
    await ask(parseEther('1'))
    await expect(ask(parseEther('2'))).rejects.toMatchObject({ rule: 'requireSoter' })
    expect(() => parsePolicy({ methods: [], requireSoter: { valueAbove: 1 } })).toThrow(
      'policy field "requireSoter" must be true, false or {valueAbove: decimal string}',
    )
  })
})
