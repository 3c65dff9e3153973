/**
 * Two REAL co-signer processes on one PostgreSQL (a fresh schema, dropped afterwards) serve one
 * user alternately: DKG on one, OT setup on the other, DKLs23 signatures alternating between
 * them, a presignature made on one and used on the other (consumed and erased in the database
 * before its share left, refused when offered again). Then one process is killed (SIGKILL) in the
 * middle of an online signature, right after it answered round 1 (its nonce state lived only in
 * that process's memory): the client gets a retryable `ConnectionLost`, the key is still `active`
 * with nothing pending or locked, the audit chain verifies, and the retry on the other process
 * signs.
 */
import { randomBytes } from 'node:crypto'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import type { CosignerConnection } from '@tessera/cosigner-client'
import {
  CosignerClientError,
  dkg as deviceDkg,
  otSetup as deviceOtSetup,
  presign as devicePresign,
  dklsSign as deviceSign,
  exchangeRound,
  requestPresignedShare,
} from '@tessera/cosigner-client'
import {
  type EcdsaSignature,
  ethereumSignature,
  generateEncryptionKey,
  type KeyShare,
  type PairOtState,
} from '@tessera/mpc'
import pg from 'pg'
import { bytesToHex, type Hex, hashMessage, hexToBytes, verifyMessage } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../../cli.ts'
import { createTestSchema, dropTestSchema, POSTGRES_URL } from '../../test/engines.ts'
import { loginWeChat, openSignerChannel } from '../../test/signerChannel.ts'
import { type SpawnedCosigner, spawnCosigner } from '../../test/spawnCosigner.ts'
import { startWeChatDouble, type WeChatDouble } from '../../test/wechatDouble.ts'

const sigHex = (s: EcdsaSignature) => bytesToHex(ethereumSignature(s))

describe('two co-signer processes on one PostgreSQL; one killed mid-signature', () => {
  let schema: string
  let wechat: WeChatDouble
  let a: SpawnedCosigner
  let b: SpawnedCosigner
  let onA: CosignerConnection
  let onB: CosignerConnection
  let identity: string
  let db: pg.Client
  beforeAll(async () => {
    ;[schema, wechat] = await Promise.all([createTestSchema(), startWeChatDouble()])
    const env = {
      COSIGNER_STORAGE: 'postgres',
      COSIGNER_DATABASE_URL: POSTGRES_URL,
      COSIGNER_DATABASE_SCHEMA: schema,
      COSIGNER_MASTER_KEY: randomBytes(32).toString('hex'),
      COSIGNER_PUBLIC_URL: 'https://cosigner.test',
      COSIGNER_WECHAT_APPID: wechat.appId,
      COSIGNER_WECHAT_SECRET: wechat.secret,
      COSIGNER_WECHAT_BASE_URL: wechat.url,
    }
    ;[a, b] = await Promise.all([spawnCosigner(env), spawnCosigner(env)])
    const session = await loginWeChat(a.url, wechat.issueCode({ openid: 'o-two' }), 'demo')
    identity = session.identity
    ;[onA, onB] = await Promise.all([
      openSignerChannel(a, session.token),
      openSignerChannel(b, session.token),
    ])
    db = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` })
    await db.connect()
  }, 60_000)
  afterAll(async () => {
    onA?.close()
    onB?.close()
    await db?.end()
    const codes = await Promise.all([a?.stop(), b?.stop()])
    await wechat?.close()
    if (schema !== undefined) await dropTestSchema(schema)
    expect(codes[0]).toBe(0)
  })

  let device: KeyShare
  let pair: PairOtState
  let address: Hex
  const personal = (text: string) => {
    const message = utf8ToBytes(text)
    return {
      message,
      request: { method: 'personal_sign' as const, payload: bytesToHex(message) },
      digest: hexToBytes(hashMessage({ raw: message })),
    }
  }
  const verified = async (text: string, signature: EcdsaSignature) =>
    verifyMessage({ address, message: { raw: utf8ToBytes(text) }, signature: sigHex(signature) })

  test('DKG on one process, OT setup on the other, signatures alternating between them', async () => {
    device = (
      await deviceDkg(onA, {
        keyId: 'wallet',
        curve: 'secp256k1',
        backupKey: generateEncryptionKey().publicKey,
      })
    ).share
    address = publicKeyToAddress(
      bytesToHex(secp256k1.Point.fromBytes(device.publicKey).toBytes(false)),
    )
    pair = await deviceOtSetup(onB, device)
    for (const [i, channel] of [onA, onB, onA, onB].entries()) {
      const text = `alternate ${i}`
      const { request, digest } = personal(text)
      const signature = await deviceSign(channel, { share: device, pair, request, digest })
      expect(await verified(text, signature)).toBe(true)
    }
  })

  test('a presignature made on one process signs on the other in one round trip; its row is consumed and erased; a reuse is refused', async () => {
    const { presignature, id } = await devicePresign(onA, device, pair)
    const text = 'presigned'
    const { request, digest } = personal(text)
    const answer = await requestPresignedShare(onB, { share: device, id, request, digest })
    await presignature.sign(digest, { markConsumed: async () => {} })
    const signature = presignature.combine(answer as never)
    expect(await verified(text, signature)).toBe(true)

    // The presignature was consumed (committed, secret erased) before its w_i left.
    const rows = await db.query(
      `SELECT consumed_at, length(dek) AS dek, length(ciphertext) AS ciphertext
       FROM presignatures WHERE identity = $1 AND record_id = $2`,
      [identity, id],
    )
    expect(rows.rows).toEqual([{ consumed_at: expect.any(String), dek: 0, ciphertext: 0 }])
    await expect(
      requestPresignedShare(onA, { share: device, id, request, digest }),
    ).rejects.toMatchObject({
      code: 'PartyFailed',
      retryable: false,
    })
  })

  test('SIGKILL after round 1 of an online signature: retryable error, nothing half-written, the retry on the other process signs', async () => {
    const text = 'interrupted'
    const { request, digest } = personal(text)
    const stream = onB.stream('dkls23-sign')
    const r1 = await exchangeRound(stream, 'dkls23-sign', 1, {
      variant: 'online',
      keyId: 'wallet',
      epoch: device.epoch,
      path: 'm',
      request,
      digest,
      nonce: new Uint8Array(randomBytes(32)),
    })
    expect(r1.messages).toBeDefined()
    expect(await b.crash()).toBe('SIGKILL')
    const failure = await exchangeRound(stream, 'dkls23-sign', 2, { messages: [] }).then(
      (answer) => answer,
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(CosignerClientError)
    expect(failure).toMatchObject({ code: 'ConnectionLost', retryable: true })

    // Nothing half-written: one active epoch, nothing pending, no lock left behind.
    const keys = await db.query('SELECT epoch, status FROM keys WHERE identity = $1', [identity])
    expect(keys.rows).toEqual([{ epoch: device.epoch, status: 'active' }])
    const locks = await db.query('SELECT 1 FROM key_locks WHERE identity = $1', [identity])
    expect(locks.rowCount).toBe(0)
    const out: string[] = []
    const audit = await runCli(
      ['verify-audit'],
      {
        COSIGNER_STORAGE: 'postgres',
        COSIGNER_DATABASE_URL: POSTGRES_URL,
        COSIGNER_DATABASE_SCHEMA: schema,
      },
      { out: (l) => out.push(l), err: (l) => out.push(l) },
    )
    expect(audit.code).toBe(0)

    // The retry (a new sid, online) on the surviving process.
    const retried = await deviceSign(onA, { share: device, pair, request, digest })
    expect(await verified(text, retried)).toBe(true)
  })
})
