/**
 * A refresh interrupted between the two phases (docs/THRESHOLD.md#crash-recovery: Crash at any step
 * must be recoverable), through a REAL co-signer process: the device got every ack (round 2) but
 * round 3 never reached the co-signer, whose new share stays `pending` beside the active one. The
 * next share-changing run resolves it with @tessera/mpc's `resolveRefresh` from the device's
 * report:
 *   - the device switched: it names the new epoch with its ack → the co-signer switches too,
 *     signatures at the new epoch verify, the old epoch is refused as retired;
 *   - the device did not switch: it names the old epoch → the pending share is abandoned, the old
 *     share still signs, and a fresh refresh runs.
 */
import { randomBytes } from 'node:crypto'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import type { CosignerConnection } from '@tessera/cosigner-client'
import {
  dkg as deviceDkg,
  otSetup as deviceOtSetup,
  refresh as deviceRefresh,
  dklsSign as deviceSign,
} from '@tessera/cosigner-client'
import {
  deserializeKeyShare,
  type EcdsaSignature,
  ethereumSignature,
  generateEncryptionKey,
  type KeyShare,
  type PairOtState,
  serializeKeyShare,
} from '@tessera/mpc'
import { bytesToHex, type Hex, hashMessage, hexToBytes, verifyMessage } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { clientError, loginWeChat, openSignerChannel } from '../../test/signerChannel.ts'
import { type SpawnedCosigner, spawnCosigner } from '../../test/spawnCosigner.ts'
import { startWeChatDouble, type WeChatDouble } from '../../test/wechatDouble.ts'

const sigHex = (s: EcdsaSignature) => bytesToHex(ethereumSignature(s))

describe('a refresh interrupted between its two phases is resolved, not dropped', () => {
  let wechat: WeChatDouble
  let cosigner: SpawnedCosigner
  let token: string
  beforeAll(async () => {
    wechat = await startWeChatDouble()
    cosigner = await spawnCosigner({
      COSIGNER_WECHAT_APPID: wechat.appId,
      COSIGNER_WECHAT_SECRET: wechat.secret,
      COSIGNER_WECHAT_BASE_URL: wechat.url,
      COSIGNER_MASTER_KEY: randomBytes(32).toString('hex'),
      COSIGNER_LOG_LEVEL: 'debug',
    })
    ;({ token } = await loginWeChat(cosigner.url, wechat.issueCode({ openid: 'o-irf' }), 'demo'))
  }, 60_000)
  afterAll(async () => {
    const code = await cosigner?.stop()
    await wechat?.close()
    expect(code).toBe(0)
  })

  const backupKey = generateEncryptionKey()

  async function newKey(channel: CosignerConnection, keyId: string) {
    const { share, pair } = await deviceDkg(channel, {
      keyId,
      curve: 'secp256k1',
      backupKey: backupKey.publicKey,
    })
    const address = publicKeyToAddress(
      bytesToHex(secp256k1.Point.fromBytes(share.publicKey).toBytes(false)),
    )
    return { share, address, pair: pair as PairOtState }
  }

  async function signs(
    channel: CosignerConnection,
    key: { share: KeyShare; pair: PairOtState; address: Hex },
    text: string,
  ) {
    const message = utf8ToBytes(text)
    const signature = await deviceSign(channel, {
      ...key,
      request: { method: 'personal_sign', payload: bytesToHex(message) },
      digest: hexToBytes(hashMessage({ raw: message })),
    })
    return verifyMessage({
      address: key.address,
      message: { raw: message },
      signature: sigHex(signature),
    })
  }

  /** Rounds 1–2 of a refresh, then the socket drops; resolves once its key lock is released. */
  async function interruptedRefresh(share: KeyShare) {
    const channel = await openSignerChannel(cosigner, token)
    const before = cosigner.output.join('').split('\n').length
    const refreshed = await deviceRefresh(channel, share, backupKey.publicKey, {
      interrupted: true,
    })
    channel.close()
    await cosigner.waitForLine(
      (line) =>
        line.includes('"event":"mpc_stream_end"') &&
        line.includes('"protocol":"refresh"') &&
        line.includes('"lockReleased":true') &&
        cosigner.output.join('').split('\n').indexOf(line) >= before - 1,
    )
    return refreshed
  }

  test('the device switched: its ack completes the commit; the new epoch signs, the old is retired', async () => {
    const channel = await openSignerChannel(cosigner, token)
    try {
      const key = await newKey(channel, 'switched')
      const refreshed = await interruptedRefresh(key.share)
      expect(refreshed.share.epoch).toBe(key.share.epoch + 1)
      // Without its ack the co-signer cannot tell: it refuses rather than guess.
      await expect(deviceOtSetup(channel, refreshed.share)).rejects.toThrow(
        clientError(
          'PartyFailed',
          `the co-signer's dkls23-setup run failed at round 1: key switched epoch ${refreshed.share.epoch} awaits the end of an interrupted refresh: send its ack ("pendingAck") to complete it`,
        ),
      )
      const pair = await deviceOtSetup(channel, refreshed.share, {
        pendingAck: refreshed.transcript.ack,
      })
      expect(await signs(channel, { ...key, share: refreshed.share, pair }, 'after resolve')).toBe(
        true,
      )
      await expect(signs(channel, key, 'old epoch')).rejects.toThrow(
        clientError(
          'PartyFailed',
          `the co-signer's dkls23-sign run failed at round 1: key switched epoch ${key.share.epoch} is retired (current epoch ${refreshed.share.epoch}): a share from before a refresh or recovery is refused`,
        ),
      )
    } finally {
      channel.close()
    }
  })

  test('the device did not switch: the pending share is abandoned; the old share signs; a new refresh runs', async () => {
    const channel = await openSignerChannel(cosigner, token)
    try {
      const key = await newKey(channel, 'stayed')
      // The device's stored old share: the run's in-memory copy is erased when it switches.
      const stored = serializeKeyShare(key.share)
      const lost = await interruptedRefresh(key.share)
      lost.share.secretShare.fill(0)
      key.share = deserializeKeyShare(stored)
      const pair = await deviceOtSetup(channel, key.share)
      expect(await signs(channel, { ...key, pair }, 'old share still signs')).toBe(true)
      const refreshed = await deviceRefresh(channel, key.share, backupKey.publicKey)
      expect(refreshed.share.epoch).toBe(key.share.epoch + 1)
      const newPair = await deviceOtSetup(channel, refreshed.share)
      expect(
        await signs(channel, { ...key, share: refreshed.share, pair: newPair }, 'refreshed'),
      ).toBe(true)
      const keys = (await (
        await fetch(`${cosigner.url}/v1/keys`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { keys: { keyId: string; epoch: number; status: string }[] }
      expect(
        keys.keys
          .filter((k) => k.keyId === 'stayed')
          .map((k) => [k.epoch, k.status])
          .sort(),
      ).toEqual([
        [key.share.epoch, 'retired'],
        [refreshed.share.epoch, 'active'],
      ])
    } finally {
      channel.close()
    }
  })
})
