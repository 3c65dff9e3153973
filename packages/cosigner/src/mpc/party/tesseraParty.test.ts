/**
 * The co-signer's MpcParty on @tessera/mpc, in process against the real PostgreSQL: DKG stores
 * the share active, a DKLs23 signature viem recovers (at the root and at m/0/3, where the child
 * address signs; a presignature signs only at its path; a wrong digest or a hardened path is
 * refused), Ed25519 DKG + FROST (at the root and at m/0/3; Solana transfers authorized by the
 * policy from the transaction message signed), and refusals that name
 * what is wrong (a second DKG of a key, FROST on a secp256k1 key, a request without its fields).
 * The secp256k1 DKG sets up the pairwise OT in its own rounds, so its key signs at once. Refresh
 * (and the signature refused before a new epoch's OT setup), recovery, presignatures, policy and
 * foreign keys are proven through a real process in cosignerProcess.e2e.test.ts.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base58, base64urlnopad } from '@scure/base'
import {
  type CosignerConnection,
  dkg as deviceDkg,
  frostSign as deviceFrostSign,
  presign as devicePresign,
  dklsSign as deviceSign,
  exchangeRound,
  requestPresignedShare,
} from '@tessera/cosigner-client'
import {
  deriveEd25519,
  deriveSecp256k1,
  ethereumSignature,
  generateEncryptionKey,
  importOfflineShare,
  type KeyShare,
  type PairOtState,
} from '@tessera/mpc'
import { encodeCosignerRequest } from '@tessera/protocol/cosigner'
import { bytesToHex, hashMessage, hexToBytes, recoverMessageAddress } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { clientError, loginWeChat, openSignerChannel, rawRound } from '../../test/signerChannel.ts'
import { ADMIN_TOKEN, startTestCosigner, type TestCosigner } from '../../test/startTestCosigner.ts'

/** A legacy Solana message: one System transfer of `lamports` from `from` to `to`. */
function solanaTransfer(from: Uint8Array, to: Uint8Array, lamports: bigint): Uint8Array {
  const data = new Uint8Array(12)
  const view = new DataView(data.buffer)
  view.setUint32(0, 2, true)
  view.setBigUint64(4, lamports, true)
  return Uint8Array.from([
    ...[1, 0, 1, 3],
    ...from,
    ...to,
    ...new Uint8Array(32),
    ...new Uint8Array(32).fill(7),
    ...[1, 2, 2, 0, 1, 12],
    ...data,
  ])
}

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

  test("issue #12: a dapp origin's own rule applies whatever dapp id the login named; the audit names the origin", async () => {
    // The device logs in naming dapp "dapp-b"; the request comes from a session paired with A.
    const login = await loginWeChat(c.url, c.wechat.issueCode({ openid: 'o-party' }), 'dapp-b')
    expect(login.identity).toBe(identity)
    const asB = await openSignerChannel(c, login.token)
    const A = 'https://dapp-a.example'
    const policyOf = (dapp: string) =>
      `${c.url}/v1/admin/policies/${encodeURIComponent(identity)}/${encodeURIComponent(dapp)}`
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }
    // Stored under A's canonical origin, however the operator spelled it.
    const put = await fetch(policyOf('HTTPS://Dapp-A.example:443/'), {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ methods: ['eth_signTransaction'] }),
    })
    expect(await put.json()).toEqual({
      identity,
      dappId: A,
      origin: A,
      policy: { methods: ['eth_signTransaction'] },
    })
    const personal = (text: string, origin?: string) => {
      const raw = utf8ToBytes(text)
      return {
        request: {
          method: 'personal_sign',
          payload: bytesToHex(raw),
          ...(origin === undefined ? {} : { origin }),
        },
        digest: hexToBytes(hashMessage({ raw })),
      }
    }
    try {
      await expect(deviceSign(asB, { share, pair, ...personal('from A', A) })).rejects.toThrow(
        clientError(
          'PolicyDenied',
          'policy rule "methods" denied the request: method personal_sign is not allowed',
        ),
      )
      // The session's own dapp id ("demo") does not escape it either.
      await expect(deviceSign(channel, { share, pair, ...personal('from A', A) })).rejects.toThrow(
        clientError(
          'PolicyDenied',
          'policy rule "methods" denied the request: method personal_sign is not allowed',
        ),
      )
      // Another origin's request is not A's: the default policy signs it.
      await deviceSign(asB, { share, pair, ...personal('from C', 'https://dapp-c.example') })
      const audit = await fetch(`${c.url}/v1/audit?limit=10`, {
        headers: { authorization: `Bearer ${login.token}` },
      })
      const { records } = (await audit.json()) as { records: { kind: string; data: unknown }[] }
      const decisions = records
        .filter((r) => r.kind === 'policy-decision')
        .map((r) => r.data as Record<string, unknown>)
        .reverse()
      expect(decisions).toMatchObject([
        { allowed: false, rule: 'methods', origin: A, policy: 'identity/origin' },
        { allowed: true, origin: 'https://dapp-c.example', policy: 'default' },
      ])

      // A hostile origin on the wire (a zero-width space in the host, the same byte count) is
      // refused by the co-signer's decoder before the policy, its counters or the audit move.
      const round1 = encodeCosignerRequest('dkls23-sign', 1, {
        variant: 'online',
        keyId: 'k-evm',
        epoch: share.epoch,
        path: 'm',
        ...personal('hostile', 'https://abcd.example'),
        nonce: new Uint8Array(32),
      })
      const at = Buffer.from(round1).indexOf(Buffer.from('abcd.example'))
      round1.set(utf8ToBytes('a\u200b.example'), at)
      await expect(rawRound(asB, 'dkls23-sign', 1, round1)).rejects.toThrow(
        clientError(
          'PartyFailed',
          `the co-signer's dkls23-sign run failed at round 1: dkls23-sign round 1 request: "request.origin" expected a dapp origin "http(s)://host[:port]" (lowercase ASCII, punycode for international names, no default port, path, query or credentials), got a control, invisible or bidirectional character (U+200B) at index 9`,
        ),
      )
      const after = (await (
        await fetch(`${c.url}/v1/audit?limit=10`, {
          headers: { authorization: `Bearer ${login.token}` },
        })
      ).json()) as { records: { kind: string }[] }
      expect(after.records.filter((r) => r.kind === 'policy-decision')).toHaveLength(2)
    } finally {
      asB.close()
      expect((await fetch(policyOf(A), { method: 'DELETE', headers: admin })).status).toBe(200)
    }
  })

  test('at a derived path: the child address signs; a presignature signs only at its path; a wrong digest or path is refused', async () => {
    const child = deriveSecp256k1(share, 'm/0/3')
    const childAddress = publicKeyToAddress(
      bytesToHex(secp256k1.Point.fromBytes(child.publicKey).toBytes(false)),
    )
    const personal = (text: string) => {
      const raw = utf8ToBytes(text)
      return {
        request: { method: 'personal_sign', payload: bytesToHex(raw) },
        digest: hexToBytes(hashMessage({ raw })),
        message: { raw },
      }
    }
    const one = personal('child 3')
    const signature = await deviceSign(channel, { share, pair, ...one, path: 'm/0/3' })
    const recovered = await recoverMessageAddress({
      message: one.message,
      signature: bytesToHex(ethereumSignature(signature)),
    })
    expect(recovered).toBe(childAddress)
    expect(recovered).not.toBe(address(share))

    // A presignature made at m/0/3 and asked for at m/0/4: refused (and burnt).
    const made = await devicePresign(channel, share, pair, 'm/0/3')
    const two = personal('wrong path')
    await expect(
      requestPresignedShare(channel, { share, id: made.id, ...two, path: 'm/0/4' }),
    ).rejects.toThrow(
      clientError(
        'PartyFailed',
        `the co-signer's dkls23-sign run failed at round 1: dkls23-sign round 1: presignature ${made.id} was made for another key than the one at m/0/4 (it is consumed)`,
      ),
    )
    // One made at m/0/3 and used there signs for the child in one round trip.
    const good = await devicePresign(channel, share, pair, 'm/0/3')
    const three = personal('presigned child')
    const theirs = await requestPresignedShare(channel, {
      share,
      id: good.id,
      ...three,
      path: 'm/0/3',
    })
    await good.presignature.sign(three.digest, { markConsumed: async () => {} })
    const presigned = good.presignature.combine(theirs as never)
    expect(
      await recoverMessageAddress({
        message: three.message,
        signature: bytesToHex(ethereumSignature(presigned)),
      }),
    ).toBe(childAddress)

    // The device's digest must be the request's.
    const wrong = { ...personal('one thing'), digest: personal('another').digest }
    await expect(deviceSign(channel, { share, pair, ...wrong, path: 'm/0/3' })).rejects.toThrow(
      clientError(
        'PartyFailed',
        `the co-signer's dkls23-sign run failed at round 1: dkls23-sign round 1: the device's digest ${bytesToHex(wrong.digest).slice(2)} is not the personal_sign digest of the request (${hashMessage({ raw: utf8ToBytes('one thing') }).slice(2)})`,
      ),
    )
    // A hardened path never leaves the device.
    await expect(deviceSign(channel, { share, pair, ...one, path: "m/0'/3" })).rejects.toThrow(
      clientError(
        'Malformed',
        `"path" expected a non-hardened path "m/n/…" (each n < 2^31, no leading zeros, at most 8 steps), got the hardened step "0'" in "m/0'/3"`,
      ),
    )
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
        request: { method: 'solana_signMessage', payload: bytesToHex(message) },
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
    // At m/0/3 both add the same δ: the signature verifies under the child key only.
    const child = deriveEd25519(dkg.share, 'm/0/3').publicKey
    const derived = await deviceFrostSign(channel, dkg.share, message, 'm/0/3')
    expect(ed25519.verify(derived, message, child)).toBe(true)
    expect(ed25519.verify(derived, message, dkg.share.publicKey)).toBe(false)

    // FROST goes through the policy as a typed Solana request: a document without it denies it.
    const putPolicy = async (policy: object) => {
      const put = await fetch(`${c.url}/v1/admin/policies/${encodeURIComponent(identity)}/demo`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(policy),
      })
      expect(put.status, await put.clone().text()).toBe(200)
    }
    await putPolicy({ methods: ['personal_sign'] })
    await expect(deviceFrostSign(channel, dkg.share, message)).rejects.toThrow(
      clientError(
        'PolicyDenied',
        'policy rule "methods" denied the request: method solana_signMessage is not allowed',
      ),
    )

    // Solana transfers: the co-signer reads the transaction message it signs.
    const DEVNET = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
    const allowed = ed25519.getPublicKey(ed25519.utils.randomSecretKey())
    const denied = ed25519.getPublicKey(ed25519.utils.randomSecretKey())
    await putPolicy({
      methods: ['solana_signTransaction', 'solana_signMessage'],
      chains: [DEVNET],
      recipients: { deny: [base58.encode(denied)] },
    })
    const asTransaction = { method: 'solana_signTransaction', chainId: DEVNET } as const
    const refused = solanaTransfer(dkg.share.publicKey, denied, 5_000n)
    await expect(deviceFrostSign(channel, dkg.share, refused, 'm', asTransaction)).rejects.toThrow(
      clientError(
        'PolicyDenied',
        `policy rule "recipients.deny" denied the request: recipient ${base58.encode(denied)} is on the deny list`,
      ),
    )
    const transfer = solanaTransfer(dkg.share.publicKey, allowed, 5_000n)
    const signed = await deviceFrostSign(channel, dkg.share, transfer, 'm', asTransaction)
    expect(ed25519.verify(signed, transfer, dkg.share.publicKey)).toBe(true)
    // Another chain than the document's: refused by `chains`.
    await expect(
      deviceFrostSign(channel, dkg.share, transfer, 'm', {
        method: 'solana_signTransaction',
        chainId: 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
      }),
    ).rejects.toThrow(
      clientError(
        'PolicyDenied',
        'policy rule "chains" denied the request: chain solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp is not allowed',
      ),
    )
    // A transaction declared as a text message is refused before the policy.
    await expect(deviceFrostSign(channel, dkg.share, refused)).rejects.toThrow(
      clientError(
        'PartyFailed',
        "the co-signer's frost-sign run failed at round 1: signing request rejected: solana_signMessage payload has control characters (only text messages are signed)",
      ),
    )
    // A request whose payload is not the message signed is refused.
    await expect(
      exchangeRound(channel.stream('frost-sign'), 'frost-sign', 1, {
        keyId: 'k-sol',
        epoch: 0,
        path: 'm',
        message: refused,
        request: { ...asTransaction, payload: bytesToHex(transfer) },
        commitment: {
          index: 1,
          epoch: 0,
          hiding: dkg.share.publicKey,
          binding: dkg.share.publicKey,
        },
      }),
    ).rejects.toThrow(
      clientError(
        'PartyFailed',
        `the co-signer's frost-sign run failed at round 1: frost-sign round 1: the solana_signTransaction payload is not the message signed (${refused.length} bytes)`,
      ),
    )
    const audit = await fetch(`${c.url}/v1/audit?limit=200`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const { records } = (await audit.json()) as { records: { kind: string; data: unknown }[] }
    const decisions = records
      .filter((r) => r.kind === 'policy-decision')
      .map((r) => r.data as { allowed: boolean; method: string; decoded: Record<string, string> })
    expect(decisions.find((d) => d.method === 'solana_signTransaction' && d.allowed)).toMatchObject(
      {
        decoded: {
          chainId: DEVNET,
          recipients: base58.encode(allowed),
          lamports: '5000',
          programs: '11111111111111111111111111111111',
        },
      },
    )
  })
})
