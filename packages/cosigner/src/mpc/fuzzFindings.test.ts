/**
 * Regressions for what fuzzing `/v1/mpc` (mpcFuzz.test.ts) found, each through a real in-process
 * co-signer on PostgreSQL:
 *   - a close reason quoting the signer's input (an unknown field named in 4-byte characters) was
 *     cut inside a character; the re-encoded reason passed 123 bytes, the socket threw, the
 *     rejection went unhandled (a process on Node's defaults exits) and the socket stayed open;
 *   - a run failure quoting 70 KB of the signer's input made an error frame larger than one Noise
 *     message: sealing it threw, again unhandled, and the signer never got an answer;
 *   - a FROST round 1 with a bad message or commitment stored our nonces before refusing;
 *   - a payload object with an own `toString` (or `valueOf`…) that is not a function made any
 *     error message quoting it throw "Cannot convert object to primitive value" instead.
 * The first two are now closed by the binary wire format itself (no field names quoted, bounded
 * fields, every message and close reason clipped by protocol's clipUtf8); their tests here check
 * the precise close and refusal that replaced them.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import {
  type CosignerConnection,
  frostSign as deviceFrostSign,
  exchangeRound,
} from '@tessera/cosigner-client'
import { generateEncryptionKey, type KeyShare } from '@tessera/mpc'
import { encodeCosignerRequest } from '@tessera/protocol/cosigner'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '../storage/database.ts'
import { openPostgres } from '../storage/postgres.ts'
import { deviceDkgRounds } from '../test/deviceDkgSteps.ts'
import { POSTGRES_URL } from '../test/engines.ts'
import { connectMpc } from '../test/mpcClient.ts'
import { clientError, loginWeChat, openSignerChannel, rawRound } from '../test/signerChannel.ts'
import { startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'

describe('what the /v1/mpc fuzz found', () => {
  let c: TestCosigner
  let db: Database
  let token: string
  let channel: CosignerConnection
  const crashes: unknown[] = []
  const onCrash = (error: unknown) => crashes.push(error)
  beforeAll(async () => {
    process.on('unhandledRejection', onCrash)
    c = await startTestCosigner()
    db = await openPostgres({ url: POSTGRES_URL, schema: c.schema })
    ;({ token } = await loginWeChat(c.url, c.wechat.issueCode({ openid: 'o-found' }), 'demo'))
    channel = await openSignerChannel(c, token)
  }, 60_000)
  afterAll(async () => {
    process.off('unhandledRejection', onCrash)
    channel?.close()
    await db?.close()
    await c?.cleanup()
  })

  // (Close reasons and error messages are clipped on a character boundary by protocol's
  // clipUtf8, tested in packages/protocol/src/cosigner/frames.test.ts: the binary frame quotes
  // no field names of the signer's any more.)
  test('a frame of an unknown kind closes with 4400 and its precise reason', async () => {
    const client = connectMpc(c.mpcUrl, c.noiseStaticKey, token)
    await client.ready
    client.sendPlain(Uint8Array.of(2, 7, ...new Uint8Array(40)))
    expect(await client.closed).toEqual({
      code: 4400,
      reason: 'malformed frame: unknown frame kind 7 (1 data, 2 error)',
    })
    expect(crashes).toEqual([])
  })

  test('a key id the wire refuses is answered with the field and its rule', async () => {
    const keyId = `k${'é'.repeat(35)}`
    const payload = Uint8Array.of(0, 0, 0, utf8ToBytes(keyId).length, ...utf8ToBytes(keyId))
    await expect(rawRound(channel, 'frost-sign', 1, payload)).rejects.toThrow(
      clientError(
        'PartyFailed',
        `the co-signer's frost-sign run failed at round 1: frost-sign round 1 request: "keyId" expected /^[A-Za-z0-9_.-]{1,64}$/`,
      ),
    )
    expect(crashes).toEqual([])
  })

  test('a FROST round 1 with a bad message or commitment stores no nonce; a good one signs', async () => {
    const backup = generateEncryptionKey()
    const dkg = await deviceDkgRounds(
      channel,
      { keyId: 'k-frost', curve: 'ed25519', backupKey: backup.publicKey },
      4,
    )
    const share = dkg.share as KeyShare
    const nonces = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM presignatures'))[0]?.n
    const good = { index: 1, epoch: 0, hiding: share.publicKey, binding: share.publicKey }
    const failed = (why: string) =>
      clientError('PartyFailed', `the co-signer's frost-sign run failed at round 1: ${why}`)
    const refused = async (commitment: typeof good, why: string) =>
      expect(
        exchangeRound(channel.stream('frost-sign'), 'frost-sign', 1, {
          keyId: 'k-frost',
          epoch: 0,
          path: 'm',
          message: utf8ToBytes('m'),
          request: { method: 'solana_signMessage', payload: '0x6d' },
          commitment,
        }),
      ).rejects.toThrow(failed(why))
    const valid = encodeCosignerRequest('frost-sign', 1, {
      keyId: 'k-frost',
      epoch: 0,
      path: 'm',
      message: utf8ToBytes('m'),
      request: { method: 'solana_signMessage', payload: '0x6d' },
      commitment: good,
    })
    // A binding one byte short: the payload ends inside it.
    await expect(
      rawRound(channel, 'frost-sign', 1, valid.subarray(0, valid.length - 1)),
    ).rejects.toThrow(
      failed(
        'frost-sign round 1 request: truncated at byte 95 reading "commitment.binding" (needs 32, 31 left)',
      ),
    )
    await refused(
      { ...good, index: 2 },
      `frost-sign round 1 commitment: "index" must be the device's (1)`,
    )
    await refused(
      { ...good, epoch: 1 },
      `frost-sign round 1 commitment: "epoch" must be the key's epoch 0`,
    )
    const notAPoint = new Uint8Array(32).fill(0xff)
    await refused(
      { ...good, hiding: notAPoint },
      'frost-sign round 1 commitment: "hiding" is not an Ed25519 point',
    )
    expect(await nonces()).toBe(0)
    // A message whose `v` has an own, non-callable `toString` is refused where it is decoded.
    await expect(
      exchangeRound(
        channel.stream('refresh'),
        'refresh',
        1,
        { epoch: 0, messages: [{ v: { toString: 1 }, from: 1, to: 2, round: 1 }] },
        'k-frost',
      ),
    ).rejects.toThrow(
      clientError(
        'PartyFailed',
        `the co-signer's refresh run failed at round 1: refresh round 1 request: "messages[0].v": key "toString" repeated or reserved`,
      ),
    )
    const message = utf8ToBytes('still signs')
    const signature = await deviceFrostSign(channel, share, message)
    expect(ed25519.verify(signature, message, share.publicKey)).toBe(true)
    expect(base64urlnopad.encode(signature)).toHaveLength(86)
  })
})
