/**
 * The whole flow through a REAL co-signer process (`tsx --conditions=source src/main.ts`, PGlite
 * in a temporary directory) and the Node signer client: WeChat login (the double) → secp256k1
 * DKG with the backup offline + DKLs23 OT setup → signatures viem verifies (EIP-191 message,
 * EIP-1559 transaction, EIP-712 typed data; online and from a presignature, which signs once) →
 * Ed25519 DKG + FROST → refresh → recovery of a lost device share with the backup (same address;
 * the old device share refused). Also: a policy denial reaches the client naming its rule, and
 * another identity's key id is refused. Everything lands in the caller's audit log.
 */
import { randomBytes } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import {
  type CosignerConnection,
  dkg as deviceDkg,
  frostSign as deviceFrostSign,
  otSetup as deviceOtSetup,
  presign as devicePresign,
  recover as deviceRecover,
  refresh as deviceRefresh,
  dklsSign as deviceSign,
  signWithPresignature as deviceSignWithPresignature,
  requestPresignedShare,
} from '@tessera/cosigner-client'
import {
  applyOfflineRefresh,
  type EcdsaSignature,
  ethereumSignature,
  generateEncryptionKey,
  importOfflineShare,
  type KeyShare,
  type PairOtState,
  publicKeyState,
} from '@tessera/mpc'
import {
  bytesToHex,
  type Hex,
  hashMessage,
  hashTypedData,
  hexToBytes,
  keccak256,
  parseEther,
  recoverTransactionAddress,
  serializeTransaction,
  type TransactionSerializableEIP1559,
  verifyMessage,
  verifyTypedData,
} from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { SigningRequest } from '../../policy/decodeRequest.ts'
import { clientError, loginWeChat, openSignerChannel } from '../../test/signerChannel.ts'
import { type SpawnedCosigner, spawnCosigner } from '../../test/spawnCosigner.ts'
import { startWeChatDouble, type WeChatDouble } from '../../test/wechatDouble.ts'

const ADMIN = `admin-${randomBytes(16).toString('hex')}`
const RECIPIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

const addressOf = (share: KeyShare) =>
  publicKeyToAddress(bytesToHex(secp256k1.Point.fromBytes(share.publicKey).toBytes(false)))
const vrs = (s: EcdsaSignature) => ({
  r: bytesToHex(s.r),
  s: bytesToHex(s.s),
  yParity: s.recovery & 1,
})
const sigHex = (s: EcdsaSignature) => bytesToHex(ethereumSignature(s))

const typedData = {
  domain: {
    name: 'Demo',
    version: '1',
    chainId: 1,
    verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
  },
  types: { Greeting: [{ name: 'text', type: 'string' }] },
  primaryType: 'Greeting',
  message: { text: 'hello from the e2e test' },
} as const

describe('a real co-signer process, end to end', () => {
  let wechat: WeChatDouble
  let cosigner: SpawnedCosigner
  let channel: CosignerConnection
  let token: string
  let identity: string
  beforeAll(async () => {
    wechat = await startWeChatDouble()
    cosigner = await spawnCosigner({
      COSIGNER_WECHAT_APPID: wechat.appId,
      COSIGNER_WECHAT_SECRET: wechat.secret,
      COSIGNER_WECHAT_BASE_URL: wechat.url,
      COSIGNER_ADMIN_TOKEN: ADMIN,
      COSIGNER_MASTER_KEY: randomBytes(32).toString('hex'),
    })
    const login = await loginWeChat(cosigner.url, wechat.issueCode({ openid: 'o-e2e' }), 'demo')
    ;({ token, identity } = login)
    channel = await openSignerChannel(cosigner, token)
  }, 60_000)
  afterAll(async () => {
    channel?.close()
    const code = await cosigner?.stop()
    await wechat?.close()
    expect(code).toBe(0)
  })

  const backupKey = generateEncryptionKey()
  let device: KeyShare
  let backup: KeyShare
  let pair: PairOtState
  let address: `0x${string}`

  async function signEvm(request: SigningRequest, digest: Hex, share = device, p = pair) {
    return deviceSign(channel, { share, pair: p, request, digest: hexToBytes(digest) })
  }

  test('login and DKG: the co-signer serves the protocols; the backup imports its share', async () => {
    const status = (await (await fetch(`${cosigner.url}/v1/status`)).json()) as {
      mpc: { protocols: string[] }
    }
    expect(status.mpc.protocols).toContain('dkls23-sign')
    expect(identity).toBe(`wechat:${wechat.appId}:o-e2e`)
    const dkg = await deviceDkg(channel, {
      keyId: 'wallet',
      curve: 'secp256k1',
      backupKey: backupKey.publicKey,
    })
    device = dkg.share
    backup = importOfflineShare(dkg.transcript, 3, backupKey.secretKey)
    address = addressOf(device)
    expect(addressOf(backup)).toBe(address)
    // The DKG's rounds set up the pairwise OT: the key signs at once.
    pair = dkg.pair as PairOtState
  })

  test('EIP-191, EIP-1559 and EIP-712 signatures that viem verifies', async () => {
    const message = utf8ToBytes('Sign in to Demo')
    const personal = await signEvm(
      { method: 'personal_sign', payload: bytesToHex(message) },
      hashMessage({ raw: message }),
    )
    expect(
      await verifyMessage({ address, message: { raw: message }, signature: sigHex(personal) }),
    ).toBe(true)

    const tx: TransactionSerializableEIP1559 = {
      type: 'eip1559',
      chainId: 1,
      nonce: 0,
      to: RECIPIENT,
      value: parseEther('0.01'),
      maxFeePerGas: 2n * 10n ** 9n,
      maxPriorityFeePerGas: 10n ** 9n,
      gas: 21_000n,
    }
    const unsigned = serializeTransaction(tx)
    const txSig = await signEvm(
      { method: 'eth_signTransaction', chainId: 'eip155:1', payload: unsigned },
      keccak256(unsigned),
    )
    const signed = serializeTransaction(tx, vrs(txSig))
    expect(await recoverTransactionAddress({ serializedTransaction: signed as never })).toBe(
      address,
    )

    const typed = await signEvm(
      { method: 'eth_signTypedData_v4', payload: JSON.stringify(typedData) },
      hashTypedData(typedData),
    )
    expect(await verifyTypedData({ address, ...typedData, signature: sigHex(typed) })).toBe(true)
  })

  test('a presignature signs once; its second use is refused', async () => {
    const { presignature, id } = await devicePresign(channel, device, pair)
    const message = utf8ToBytes('presigned')
    const request = { method: 'personal_sign' as const, payload: bytesToHex(message) }
    const digest = hexToBytes(hashMessage({ raw: message }))
    const sig = await deviceSignWithPresignature(channel, {
      share: device,
      presignature,
      id,
      request,
      digest,
    })
    expect(
      await verifyMessage({ address, message: { raw: message }, signature: sigHex(sig) }),
    ).toBe(true)
    await expect(
      requestPresignedShare(channel, { share: device, id, request, digest }),
    ).rejects.toMatchObject({
      code: 'PartyFailed',
      shortMessage: expect.stringMatching(
        new RegExp(
          `^the co-signer's dkls23-sign run failed at round 1: presignature ${id} was already consumed at \\d+; it is never reused$`,
        ),
      ),
    })
  })

  test('a policy denial reaches the client naming its rule', async () => {
    const put = await fetch(
      `${cosigner.url}/v1/admin/policies/${encodeURIComponent(identity)}/demo`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          methods: ['personal_sign', 'eth_signTypedData_v4', 'ed25519_sign'],
        }),
      },
    )
    expect(put.status).toBe(200)
    const tx = serializeTransaction({
      type: 'eip1559',
      chainId: 1,
      nonce: 1,
      to: RECIPIENT,
      value: 1n,
      maxFeePerGas: 2n,
      maxPriorityFeePerGas: 1n,
      gas: 21_000n,
    })
    await expect(
      signEvm({ method: 'eth_signTransaction', chainId: 'eip155:1', payload: tx }, keccak256(tx)),
    ).rejects.toThrow(
      clientError(
        'PolicyDenied',
        'policy rule "methods" denied the request: method eth_signTransaction is not allowed',
      ),
    )
  })

  test("another identity's key id is refused", async () => {
    const other = await loginWeChat(cosigner.url, wechat.issueCode({ openid: 'o-other' }), 'demo')
    const stranger = await openSignerChannel(cosigner, other.token)
    try {
      const message = utf8ToBytes('not yours')
      await expect(
        deviceSign(stranger, {
          share: device,
          pair,
          request: { method: 'personal_sign', payload: bytesToHex(message) },
          digest: hexToBytes(hashMessage({ raw: message })),
        }),
      ).rejects.toThrow(
        clientError(
          'PartyFailed',
          "the co-signer's dkls23-sign run failed at round 1: no active key wallet for this identity",
        ),
      )
      await expect(deviceOtSetup(stranger, device)).rejects.toThrow(
        clientError(
          'PartyFailed',
          "the co-signer's dkls23-setup run failed at round 1: no active key wallet for this identity",
        ),
      )
    } finally {
      stranger.close()
    }
  })

  test('Ed25519 DKG and a FROST signature', async () => {
    const dkg = await deviceDkg(channel, {
      keyId: 'solana',
      curve: 'ed25519',
      backupKey: backupKey.publicKey,
    })
    const message = utf8ToBytes('a Solana message')
    const signature = await deviceFrostSign(channel, dkg.share, message)
    expect(ed25519.verify(signature, message, dkg.share.publicKey)).toBe(true)
  })

  test('refresh: new epoch for device and co-signer; the backup applies its deltas; still the same address', async () => {
    // A presignature of the epoch being refreshed, which this process has already signed with.
    const stale = await devicePresign(channel, device, pair)
    const before = device
    const refreshed = await deviceRefresh(channel, device, backupKey.publicKey)
    expect(refreshed.share.epoch).toBe(device.epoch + 1)
    backup = applyOfflineRefresh(backup, refreshed.transcript, backupKey.secretKey)
    device = refreshed.share
    // The retired epoch's presignature is refused, by name.
    const late = utf8ToBytes('a presignature of the retired epoch')
    await expect(
      requestPresignedShare(channel, {
        share: before,
        id: stale.id,
        request: { method: 'personal_sign', payload: bytesToHex(late) },
        digest: hexToBytes(hashMessage({ raw: late })),
      }),
    ).rejects.toThrow(
      clientError(
        'PartyFailed',
        `the co-signer's dkls23-sign run failed at round 1: key wallet epoch ${before.epoch} is retired (current epoch ${device.epoch}): a share from before a refresh or recovery is refused`,
      ),
    )
    // A refresh carries no OT state: the new epoch signs only after a fresh dkls23-setup.
    const early = utf8ToBytes('before the setup')
    await expect(
      signEvm({ method: 'personal_sign', payload: bytesToHex(early) }, hashMessage({ raw: early })),
    ).rejects.toThrow(
      `the co-signer's dkls23-sign run failed at round 1: key wallet epoch ${device.epoch} has no DKLs23 OT setup with the device: run dkls23-setup first`,
    )
    pair = await deviceOtSetup(channel, device)
    const message = utf8ToBytes('after refresh')
    const sig = await signEvm(
      { method: 'personal_sign', payload: bytesToHex(message) },
      hashMessage({ raw: message }),
    )
    expect(
      await verifyMessage({ address, message: { raw: message }, signature: sigHex(sig) }),
    ).toBe(true)
  })

  test('recovery of a lost device share with the backup: same address, the old device share refused', async () => {
    const lost = device
    const lostPair = pair
    const recovered = await deviceRecover(channel, backup, publicKeyState(backup))
    expect(recovered.device.epoch).toBe(lost.epoch + 1)
    expect(addressOf(recovered.device)).toBe(address)
    device = recovered.device
    pair = await deviceOtSetup(channel, device)
    const message = utf8ToBytes('after recovery')
    const sig = await signEvm(
      { method: 'personal_sign', payload: bytesToHex(message) },
      hashMessage({ raw: message }),
    )
    expect(
      await verifyMessage({ address, message: { raw: message }, signature: sigHex(sig) }),
    ).toBe(true)
    await expect(
      signEvm(
        { method: 'personal_sign', payload: bytesToHex(message) },
        hashMessage({ raw: message }),
        lost,
        lostPair,
      ),
    ).rejects.toThrow(
      clientError(
        'PartyFailed',
        `the co-signer's dkls23-sign run failed at round 1: key wallet epoch ${lost.epoch} is retired (current epoch ${device.epoch}): a share from before a refresh or recovery is refused`,
      ),
    )
  })

  test("the caller's audit log holds every DKG, signature, refresh, recovery and decision", async () => {
    const res = await fetch(`${cosigner.url}/v1/audit?limit=200`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const { records } = (await res.json()) as {
      records: { kind: string; data: Record<string, unknown> }[]
    }
    const kinds = new Set(records.map((r) => r.kind))
    for (const kind of [
      'login',
      'dkg',
      'sign',
      'refresh',
      'recovery',
      'policy-decision',
      'policy-change',
      'mpc-abort',
    ])
      expect(kinds).toContain(kind)
    // Six online signatures end with the co-signer's own 'signed' record; the presigned one ends
    // when its (u, w) is released (the device combines), so its last record is 'share-released'.
    const signed = records.filter((r) => r.kind === 'sign' && r.data.phase === 'signed')
    expect(signed.length).toBe(6)
    const presigned = records.filter(
      (r) =>
        r.kind === 'sign' && r.data.mode === 'presignature' && r.data.phase === 'share-released',
    )
    expect(presigned.length).toBe(1)
    expect(presigned[0]?.data.digest).toMatch(/^[0-9a-f]{64}$/)
    expect(records.filter((r) => r.kind === 'policy-decision' && r.data.allowed === false)).toEqual(
      [expect.objectContaining({ data: expect.objectContaining({ rule: 'methods' }) })],
    )
  })
})
