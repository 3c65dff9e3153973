/**
 * The co-signer's MpcParty on @tessera/mpc, in process against the real PostgreSQL: DKG stores
 * the share active, a DKLs23 signature viem recovers, Ed25519 DKG + FROST, and refusals that name
 * what is wrong (a second DKG of a key, FROST on a secp256k1 key, a request without its fields).
 * The secp256k1 DKG sets up the pairwise OT in its own rounds, so its key signs at once. Refresh
 * (and the signature refused before a new epoch's OT setup), recovery, presignatures, policy and
 * foreign keys are proven through a real process in cosignerProcess.e2e.test.ts.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import {
  type CosignerConnection,
  dkg as deviceDkg,
  frostSign as deviceFrostSign,
  dklsSign as deviceSign,
  exchangeRound,
} from '@tessera/cosigner-client'
import {
  ethereumSignature,
  generateEncryptionKey,
  importOfflineShare,
  type KeyShare,
  type PairOtState,
} from '@tessera/mpc'
import { bytesToHex, hashMessage, hexToBytes, recoverMessageAddress } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { clientError, loginWeChat, openSignerChannel, rawRound } from '../../test/signerChannel.ts'
import { ADMIN_TOKEN, startTestCosigner, type TestCosigner } from '../../test/startTestCosigner.ts'

const address = (share: KeyShare) =>
  publicKeyToAddress(bytesToHex(secp256k1.Point.fromBytes(share.publicKey).toBytes(false)))

describe('the co-signer party, in process', () => {
  let c: TestCosigner
  let channel: CosignerConnection
  let token: string
  let identity: string
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
    identity = login.identity
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
        publicKey: base64urlnopad.encode(share.publicKey),
        publicState: expect.any(Object),
      },
    ])
    const backupShare = importOfflineShare(dkg.transcript, 3, backup.secretKey)
    expect(backupShare.publicKey).toEqual(share.publicKey)
    // Set up inside the DKG's rounds; the co-signer stored its side with the share.
    pair = dkg.pair as PairOtState
  })

  test('DKLs23 personal_sign: viem recovers the address', async () => {
    const message = utf8ToBytes('Sign in to Demo')
    const signature = await deviceSign(channel, {
      share,
      pair,
      request: { method: 'personal_sign', payload: bytesToHex(message) },
      digest: hexToBytes(hashMessage({ raw: message })),
    })
    expect(
      await recoverMessageAddress({
        message: { raw: message },
        signature: bytesToHex(ethereumSignature(signature)),
      }),
    ).toBe(address(share))
  })

  test('refusals name what is wrong: a second DKG of a key, FROST on a secp256k1 key, a request without its fields', async () => {
    const backup = generateEncryptionKey()
    await expect(
      deviceDkg(channel, { keyId: 'k-evm', curve: 'secp256k1', backupKey: backup.publicKey }),
    ).rejects.toThrow(
      clientError(
        'PartyFailed',
        "the co-signer's dkg run failed at round 1: key k-evm already exists for this identity",
      ),
    )
    const message = utf8ToBytes('too early')
    await expect(
      exchangeRound(channel.stream('frost-sign'), 'frost-sign', 1, {
        keyId: 'k-evm',
        epoch: 0,
        path: 'm',
        message,
        commitment: { index: 1, epoch: 0, hiding: new Uint8Array(32), binding: new Uint8Array(32) },
      }),
    ).rejects.toThrow(
      clientError(
        'PartyFailed',
        "the co-signer's frost-sign run failed at round 1: key k-evm is secp256k1: use dkls23-sign",
      ),
    )
    await expect(
      // The online variant's keyId and epoch, then nothing: the path is missing.
      rawRound(
        channel,
        'dkls23-sign',
        1,
        Uint8Array.of(0, 0, 0, 0, 5, ...utf8ToBytes('k-evm'), 0, 0, 0, 0),
      ),
    ).rejects.toThrow(
      clientError(
        'PartyFailed',
        'the co-signer\'s dkls23-sign run failed at round 1: dkls23-sign round 1 request: truncated at byte 14 reading "path" length (needs 4, 0 left)',
      ),
    )
  })

  test('Ed25519 DKG and a FROST signature', async () => {
    const backup = generateEncryptionKey()
    const dkg = await deviceDkg(channel, {
      keyId: 'k-sol',
      curve: 'ed25519',
      backupKey: backup.publicKey,
    })
    const message = utf8ToBytes('a Solana message')
    const signature = await deviceFrostSign(channel, dkg.share, message)
    expect(ed25519.verify(signature, message, dkg.share.publicKey)).toBe(true)

    // FROST goes through the policy as `ed25519_sign`: a document without it denies it.
    const put = await fetch(`${c.url}/v1/admin/policies/${encodeURIComponent(identity)}/demo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ methods: ['personal_sign'] }),
    })
    expect(put.status).toBe(200)
    await expect(deviceFrostSign(channel, dkg.share, message)).rejects.toThrow(
      clientError(
        'PolicyDenied',
        'policy rule "methods" denied the request: method ed25519_sign is not allowed',
      ),
    )
  })
})
