/**
 * Every login adapter leads to MPC in a REAL co-signer process: Alipay (gateway double, RSA2
 * both ways), Telegram (initData signed with the bot token) and OIDC (local issuer double) each
 * give a session JWT that opens `/v1/mpc` and runs a secp256k1 DKG, the DKLs23 OT setup and one
 * EIP-191 signature that viem verifies. (WeChat runs the full flow in cosignerProcess.e2e.)
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { dkg as deviceDkg, dklsSign as deviceSign } from '@tessera/cosigner-client'
import { ethereumSignature, generateEncryptionKey, type PairOtState } from '@tessera/mpc'
import { bytesToHex, hashMessage, hexToBytes, verifyMessage } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type AlipayDouble, startAlipayDouble } from '../../test/alipayDouble.ts'
import { type OidcDouble, startOidcDouble } from '../../test/oidcDouble.ts'
import { type Login, loginWith as login, openSignerChannel } from '../../test/signerChannel.ts'
import { type SpawnedCosigner, spawnCosigner } from '../../test/spawnCosigner.ts'
import { TELEGRAM_BOT_TOKEN } from '../../test/startTestCosigner.ts'
import { signInitData } from '../../test/telegramInitData.ts'

describe('each login adapter opens /v1/mpc of a real co-signer process', () => {
  let alipay: AlipayDouble
  let oidc: OidcDouble
  let cosigner: SpawnedCosigner
  let keyDir: string
  beforeAll(async () => {
    ;[alipay, oidc, keyDir] = await Promise.all([
      startAlipayDouble(),
      startOidcDouble(),
      mkdtemp(join(tmpdir(), 'cosigner-alipay-keys-')),
    ])
    const appKey = join(keyDir, 'app.pem')
    const platformKey = join(keyDir, 'alipay.pem')
    await writeFile(appKey, alipay.appPrivateKey.export({ format: 'pem', type: 'pkcs8' }))
    await writeFile(platformKey, alipay.alipayPublicKey.export({ format: 'pem', type: 'spki' }))
    cosigner = await spawnCosigner({
      COSIGNER_MASTER_KEY: randomBytes(32).toString('hex'),
      COSIGNER_ALIPAY_APPID: alipay.appId,
      COSIGNER_ALIPAY_PRIVATE_KEY_FILE: appKey,
      COSIGNER_ALIPAY_PUBLIC_KEY_FILE: platformKey,
      COSIGNER_ALIPAY_BASE_URL: alipay.url,
      COSIGNER_TELEGRAM_BOT_TOKEN: TELEGRAM_BOT_TOKEN,
      COSIGNER_OIDC_PROVIDERS: `tessera@${oidc.issuer}`,
    })
  }, 60_000)
  afterAll(async () => {
    const code = await cosigner?.stop()
    await Promise.all([alipay?.close(), oidc?.close()])
    if (keyDir !== undefined) await rm(keyDir, { recursive: true, force: true })
    expect(code).toBe(0)
  })

  const logins: [string, () => Promise<Login>, (l: Login) => string][] = [
    [
      'Alipay',
      () =>
        login(cosigner.url, 'alipay', {
          authCode: alipay.issueCode({ userId: '2088000000000042' }),
          dappId: 'demo',
        }),
      () => `alipay:${alipay.appId}:2088000000000042`,
    ],
    [
      'Telegram',
      () => {
        const initData = signInitData(
          [
            ['auth_date', String(Math.floor(Date.now() / 1000))],
            ['user', '{"id":4242,"first_name":"T"}'],
          ],
          TELEGRAM_BOT_TOKEN,
        )
        return login(
          cosigner.url,
          'telegram',
          { dappId: 'demo' },
          { authorization: `tma ${initData}` },
        )
      },
      () => 'telegram:7000000001:4242',
    ],
    [
      'OIDC',
      async () => {
        const now = Math.floor(Date.now() / 1000)
        const idToken = await oidc.sign({
          iss: oidc.issuer,
          aud: 'tessera',
          sub: 'u-42',
          iat: now,
          exp: now + 300,
          nonce: 'n-42',
        })
        return login(cosigner.url, 'oidc', { idToken, nonce: 'n-42', dappId: 'demo' })
      },
      () => `oidc:${oidc.issuer}:u-42`,
    ],
  ]

  test.each(logins)(
    '%s login → session JWT → DKG → a DKLs23 signature viem verifies',
    async (_, logIn, expected) => {
      const session = await logIn()
      expect(session.identity).toBe(expected(session))
      const channel = await openSignerChannel(cosigner, session.token)
      try {
        const { share, pair } = await deviceDkg(channel, {
          keyId: 'wallet',
          curve: 'secp256k1',
          backupKey: generateEncryptionKey().publicKey,
        })
        const message = utf8ToBytes(`signed after a ${session.identity.split(':')[0]} login`)
        // The DKG's rounds set up the pairwise OT: the fresh key signs at once.
        const signature = await deviceSign(channel, {
          share,
          pair: pair as PairOtState,
          request: { method: 'personal_sign', payload: bytesToHex(message) },
          digest: hexToBytes(hashMessage({ raw: message })),
        })
        const address = publicKeyToAddress(
          bytesToHex(secp256k1.Point.fromBytes(share.publicKey).toBytes(false)),
        )
        const hex = bytesToHex(ethereumSignature(signature))
        expect(await verifyMessage({ address, message: { raw: message }, signature: hex })).toBe(
          true,
        )
      } finally {
        channel.close()
      }
    },
  )
})
