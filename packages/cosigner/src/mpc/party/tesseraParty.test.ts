/**
 * The co-signer's MpcParty on @tessera/mpc, in process against the real PostgreSQL: DKG
 * (secp256k1 and Ed25519) with the share stored pending → active, the DKLs23 OT setup, DKLs23
 * signatures viem verifies, presignatures that sign once, FROST, refresh and recovery, and the
 * refusals: a policy denial naming its rule, another identity's key, a retired epoch's share.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import {
  applyOfflineRefresh,
  generateEncryptionKey,
  importOfflineShare,
  type KeyShare,
  type PairOtState,
  publicKeyState,
} from '@tessera/mpc'
import { bytesToHex, hashMessage, hexToBytes, recoverMessageAddress } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { toBase64Url, utf8 } from '../../bytes.ts'
import {
  deviceDkg,
  deviceFrostSign,
  deviceOtSetup,
  devicePresign,
  deviceRecover,
  deviceRefresh,
  deviceSign,
  deviceSignWithPresignature,
} from '../../test/deviceParty.ts'
import {
  ChannelError,
  loginWeChat,
  openSignerChannel,
  type SignerChannel,
} from '../../test/signerChannel.ts'
import { startTestCosigner, type TestCosigner } from '../../test/startTestCosigner.ts'

const address = (share: KeyShare) =>
  publicKeyToAddress(bytesToHex(secp256k1.Point.fromBytes(share.publicKey).toBytes(false)))

const sigHex = (compact: Uint8Array, recovery: number) =>
  `${bytesToHex(compact)}${recovery % 2 === 0 ? '1b' : '1c'}` as const

describe('the co-signer party, in process', () => {
  let c: TestCosigner
  let channel: SignerChannel
  let token: string
  const keys = async () =>
    (
      (await (
        await fetch(`${c.url}/v1/keys`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { keys: { keyId: string; epoch: number; status: string; publicKey: string }[] }
    ).keys
  beforeAll(async () => {
    c = await startTestCosigner()
    const login = await loginWeChat(c.url, c.wechat.issueCode({ openid: 'o-party' }), 'demo')
    token = login.token
    channel = await openSignerChannel(c, login.token)
  }, 60_000)
  afterAll(async () => {
    channel?.close()
    await c?.cleanup()
  })

  let share: KeyShare
  let pair: PairOtState
  test('secp256k1 DKG: the co-signer stores its share active; the backup imports its share', async () => {
    const backup = generateEncryptionKey()
    const dkg = await deviceDkg(channel, {
      keyId: 'k-evm',
      curve: 'secp256k1',
      backupKey: backup.publicKey,
    })
    share = dkg.share
    expect(await keys()).toEqual([
      {
        keyId: 'k-evm',
        epoch: 0,
        curve: 'secp256k1',
        status: 'active',
        publicKey: toBase64Url(share.publicKey),
        publicState: expect.any(Object),
      },
    ])
    const backupShare = importOfflineShare(dkg.transcript, 3, backup.secretKey)
    expect(backupShare.publicKey).toEqual(share.publicKey)
    pair = await deviceOtSetup(channel, share)
  })

  test('DKLs23 personal_sign: viem recovers the address', async () => {
    const message = utf8('Sign in to Demo')
    const signature = await deviceSign(channel, {
      share,
      pair,
      request: { method: 'personal_sign', payload: bytesToHex(message) },
      digest: hexToBytes(hashMessage({ raw: message })),
    })
    expect(
      await recoverMessageAddress({
        message: { raw: message },
        signature: sigHex(signature.compact, signature.recovery),
      }),
    ).toBe(address(share))
  })

  test('refresh moves both to epoch 1; recovery with the backup gives the device epoch 2; the old shares are refused', async () => {
    const backupKey = generateEncryptionKey()
    const dkg = await deviceDkg(channel, {
      keyId: 'k-rec',
      curve: 'secp256k1',
      backupKey: backupKey.publicKey,
    })
    let backup = importOfflineShare(dkg.transcript, 3, backupKey.secretKey)
    const refreshed = await deviceRefresh(channel, dkg.share, backupKey.publicKey)
    expect(refreshed.share.epoch).toBe(1)
    backup = applyOfflineRefresh(backup, refreshed.transcript, backupKey.secretKey)
    const { device } = await deviceRecover(channel, backup, publicKeyState(backup))
    expect(device.epoch).toBe(2)
    expect(device.publicKey).toEqual(dkg.share.publicKey)
    const newPair = await deviceOtSetup(channel, device)
    const message = utf8('after recovery')
    const request = { method: 'personal_sign' as const, payload: bytesToHex(message) }
    const digest = hexToBytes(hashMessage({ raw: message }))
    const signature = await deviceSign(channel, { share: device, pair: newPair, request, digest })
    expect(
      await recoverMessageAddress({
        message: { raw: message },
        signature: sigHex(signature.compact, signature.recovery),
      }),
    ).toBe(address(dkg.share))
    await expect(deviceOtSetup(channel, refreshed.share)).rejects.toThrow(
      new ChannelError(
        'PartyFailed',
        "the co-signer's dkls23-setup run failed at round 1: key k-rec epoch 1 is retired (current epoch 2): a share from before a refresh or recovery is refused",
      ),
    )
  })

  test('a presignature signs once', async () => {
    const message = utf8('presigned')
    const { presignature, id } = await devicePresign(channel, share, pair)
    const request = { method: 'personal_sign' as const, payload: bytesToHex(message) }
    const digest = hexToBytes(hashMessage({ raw: message }))
    const signature = await deviceSignWithPresignature(channel, {
      share,
      presignature,
      id,
      request,
      digest,
    })
    expect(
      await recoverMessageAddress({
        message: { raw: message },
        signature: sigHex(signature.compact, signature.recovery),
      }),
    ).toBe(address(share))
  })

  test('Ed25519 DKG and a FROST signature', async () => {
    const backup = generateEncryptionKey()
    const dkg = await deviceDkg(channel, {
      keyId: 'k-sol',
      curve: 'ed25519',
      backupKey: backup.publicKey,
    })
    const message = utf8('a Solana message')
    const signature = await deviceFrostSign(channel, dkg.share, message)
    expect(ed25519.verify(signature, message, dkg.share.publicKey)).toBe(true)
  })
})
