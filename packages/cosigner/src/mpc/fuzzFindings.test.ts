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
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { generateEncryptionKey, type KeyShare } from '@tessera/mpc'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { toBase64Url, utf8 } from '../bytes.ts'
import type { Database } from '../storage/database.ts'
import { openPostgres } from '../storage/postgres.ts'
import { deviceDkgRounds } from '../test/deviceDkgSteps.ts'
import { deviceFrostSign } from '../test/deviceParty.ts'
import { POSTGRES_URL } from '../test/engines.ts'
import { connectMpc } from '../test/mpcClient.ts'
import {
  ChannelError,
  loginWeChat,
  openSignerChannel,
  type SignerChannel,
} from '../test/signerChannel.ts'
import { startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'
import { clipUtf8, WIRE } from './frames.ts'

describe('what the /v1/mpc fuzz found', () => {
  let c: TestCosigner
  let db: Database
  let token: string
  let channel: SignerChannel
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

  test('a close reason quoting multi-byte characters is cut on a character boundary', async () => {
    const client = connectMpc(c.mpcUrl, c.noiseStaticKey, token)
    await client.ready
    const sid = 'ab'.repeat(32)
    // The first 32 characters of the name are quoted: 139 bytes, and byte 123 falls inside a '€'.
    client.sendFrame({ sid, protocol: 'dkg', round: 1, payload: '', [`a${'€'.repeat(40)}`]: 1 })
    expect(await client.closed).toEqual({
      code: 4400,
      reason: `malformed frame: frame has unknown field "a${'€'.repeat(25)}…`,
    })
    expect(crashes).toEqual([])
  })

  test('a run failure quoting 70 KB of input is answered, its message clipped to 1024 bytes', async () => {
    const keyId = `k${'é'.repeat(35_000)}`
    const error = await channel
      .exchange(channel.newSid(), 'frost-sign', 1, { keyId, epoch: 0 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChannelError)
    const message = (error as ChannelError).message
    expect(message).toBe(
      `PartyFailed: ${clipUtf8(`the co-signer's frost-sign run failed at round 1: no active key ${keyId} for this identity`, WIRE.maxErrorMessageBytes)}`,
    )
    expect(utf8(message.slice('PartyFailed: '.length)).length).toBeLessThanOrEqual(1024)
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
    const refused = async (value: Record<string, unknown>, why: string) =>
      expect(
        channel.exchange(channel.newSid(), 'frost-sign', 1, {
          keyId: 'k-frost',
          epoch: 0,
          ...value,
        }),
      ).rejects.toThrow(
        new ChannelError('PartyFailed', `the co-signer's frost-sign run failed at round 1: ${why}`),
      )
    await refused({ commitment: good }, 'frost-sign round 1: "message" expected bytes')
    await refused(
      { message: utf8('m'), commitment: [] },
      'frost-sign round 1: "commitment" expected {index, epoch, hiding, binding}',
    )
    await refused(
      { message: utf8('m'), commitment: { ...good, index: 2 } },
      `frost-sign round 1 commitment: "index" must be the device's (1)`,
    )
    await refused(
      { message: utf8('m'), commitment: { ...good, epoch: 1 } },
      `frost-sign round 1 commitment: "epoch" must be the key's epoch 0`,
    )
    await refused(
      { message: utf8('m'), commitment: { ...good, binding: new Uint8Array(31) } },
      'frost-sign round 1 commitment: "binding" expected 32 bytes',
    )
    const notAPoint = new Uint8Array(32).fill(0xff)
    await refused(
      { message: utf8('m'), commitment: { ...good, hiding: notAPoint } },
      'frost-sign round 1 commitment: "hiding" is not an Ed25519 point',
    )
    expect(await nonces()).toBe(0)
    // A message whose `v` has an own, non-callable `toString` is refused where it is decoded.
    await expect(
      channel.exchange(
        channel.newSid(),
        'refresh',
        1,
        { epoch: 0, messages: [{ v: { toString: 1 }, from: 1, to: 2, round: 1 }] },
        'k-frost',
      ),
    ).rejects.toThrow(
      new ChannelError(
        'PartyFailed',
        `the co-signer's refresh run failed at round 1: refresh round 1: payload does not decode: wire object key "toString" repeated or reserved`,
      ),
    )
    const message = utf8('still signs')
    const signature = await deviceFrostSign(channel, share, message)
    expect(ed25519.verify(signature, message, share.publicKey)).toBe(true)
    expect(toBase64Url(signature)).toHaveLength(86)
  })
})
