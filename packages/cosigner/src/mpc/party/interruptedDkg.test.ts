/**
 * A DKG interrupted at each of its rounds (the device's socket drops, or its process dies, right
 * after the co-signer answered that round), in process against the real PostgreSQL, Ed25519 so
 * each run is quick (the rule does not depend on the curve). What the co-signer holds afterwards
 * and how the next run resolves it (resolvePendingDkg.ts):
 *   after round 1 or 2 — nothing stored; a `pendingAck` finds nothing to complete (NotFound) and a
 *     new DKG runs;
 *   after round 3 — our share `pending`: the device's ack promotes it (audited, idempotent), a new
 *     DKG abandons it (audited with the old public key), a wrong ack or a refresh without the ack
 *     is refused with the share kept, and a refresh naming the epoch with the ack promotes it;
 *   after round 4 — active; the ack answers the same again, a new DKG is refused.
 * Every promoted key signs with FROST under the public key the device holds.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import {
  type CosignerConnection,
  frostSign as deviceFrostSign,
  exchangeRound,
} from '@tessera/cosigner-client'
import { cleanReshare, generateEncryptionKey, type KeyShare, refreshStart } from '@tessera/mpc'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DeviceDkg, deviceDkgRounds } from '../../test/deviceDkgSteps.ts'
import { clientError, loginWeChat, openSignerChannel } from '../../test/signerChannel.ts'
import { startTestCosigner, type TestCosigner } from '../../test/startTestCosigner.ts'

const backup = generateEncryptionKey()

describe('a DKG interrupted at each round is completed or abandoned, never silently mixed', () => {
  let c: TestCosigner
  let token: string
  beforeAll(async () => {
    c = await startTestCosigner()
    ;({ token } = await loginWeChat(c.url, c.wechat.issueCode({ openid: 'o-idkg' }), 'demo'))
  }, 60_000)
  afterAll(() => c?.cleanup())

  const get = async <T>(path: string) =>
    (await (
      await fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as T
  const keysOf = async (keyId: string) =>
    (
      await get<{ keys: { keyId: string; epoch: number; status: string; publicKey: string }[] }>(
        '/v1/keys',
      )
    ).keys
      .filter((k) => k.keyId === keyId)
      .map((k) => [k.epoch, k.status, k.publicKey])
  /** The key id's audit records, oldest first. */
  const recordsOf = async (keyId: string) =>
    (
      await get<{ records: { seq: number; kind: string; data: Record<string, unknown> }[] }>(
        '/v1/audit?limit=1000',
      )
    ).records
      .filter((r) => r.data.keyId === keyId)
      .sort((a, b) => a.seq - b.seq)
  const auditOf = async (keyId: string) =>
    (await recordsOf(keyId)).map((r) => [r.kind, r.data.resolved ?? r.data.status ?? null])

  /** Runs rounds 1..n on a channel of its own, then drops it; resolves once its lock is free. */
  async function interrupted(keyId: string, rounds: 1 | 2 | 3 | 4): Promise<DeviceDkg> {
    const channel = await openSignerChannel(c, token)
    const before = c.logs.length
    const run = await deviceDkgRounds(
      channel,
      { keyId, curve: 'ed25519', backupKey: backup.publicKey },
      rounds,
    )
    channel.close()
    await c.waitForLog(
      (line) =>
        line.includes('"event":"mpc_stream_end"') &&
        line.includes('"protocol":"dkg"') &&
        line.includes('"lockReleased":true') &&
        c.logs.lastIndexOf(line) >= before,
    )
    return run
  }

  async function withChannel<T>(fn: (channel: CosignerConnection) => Promise<T>): Promise<T> {
    const channel = await openSignerChannel(c, token)
    try {
      return await fn(channel)
    } finally {
      channel.close()
    }
  }

  const complete = (channel: CosignerConnection, keyId: string, ack: Uint8Array) =>
    exchangeRound(
      channel.stream('dkg'),
      'dkg',
      1,
      { variant: 'pendingAck', pendingAck: ack },
      keyId,
    )

  async function signs(channel: CosignerConnection, share: KeyShare) {
    const message = utf8ToBytes(`signed by ${share.keyId}`)
    const signature = await deviceFrostSign(channel, share, message)
    return ed25519.verify(signature, message, share.publicKey)
  }

  const failed = (message: string) =>
    clientError('PartyFailed', `the co-signer's dkg run failed at round 1: ${message}`)

  test.each([1, 2] as const)(
    'after round %i: nothing is stored; an ack finds nothing to complete; a new DKG runs',
    async (rounds) => {
      const keyId = `k-r${rounds}`
      const run = await interrupted(keyId, rounds)
      expect(await keysOf(keyId)).toEqual([])
      await withChannel(async (channel) => {
        if (rounds === 2) {
          // The device finished locally, but the co-signer never got its confirmation.
          await expect(complete(channel, keyId, run.ok as Uint8Array)).rejects.toThrow(
            failed(
              `key ${keyId} has no interrupted DKG to complete (it never finished at the co-signer, or was abandoned): start a new dkg`,
            ),
          )
        }
        const fresh = await deviceDkgRounds(
          channel,
          { keyId, curve: 'ed25519', backupKey: backup.publicKey },
          4,
        )
        expect(await signs(channel, fresh.share as KeyShare)).toBe(true)
      })
      expect(await auditOf(keyId)).toEqual([
        ...(rounds === 2 ? [['mpc-abort', null]] : []),
        ['dkg', 'pending'],
        ['dkg', 'active'],
        ['sign', null],
      ])
    },
  )

  test('after round 3: the device’s ack promotes the pending share (audited, idempotent) and it signs', async () => {
    const run = await interrupted('k-r3-ack', 3)
    const publicKey = base64urlnopad.encode(run.share?.publicKey as Uint8Array)
    expect(await keysOf('k-r3-ack')).toEqual([[0, 'pending', publicKey]])
    await withChannel(async (channel) => {
      const answer = { variant: 'completed', epoch: 0, publicKey: run.share?.publicKey }
      expect(await complete(channel, 'k-r3-ack', run.ok as Uint8Array)).toEqual(answer)
      expect(await keysOf('k-r3-ack')).toEqual([[0, 'active', publicKey]])
      // Sent again (its answer was lost too): the same answer, nothing changes.
      expect(await complete(channel, 'k-r3-ack', run.ok as Uint8Array)).toEqual(answer)
      expect(await signs(channel, run.share as KeyShare)).toBe(true)
    })
    expect(await auditOf('k-r3-ack')).toEqual([
      ['dkg', 'pending'],
      ['dkg', 'promote'],
      ['sign', null],
    ])
  })

  test('after round 3: a new DKG abandons the pending share, audited with its public key', async () => {
    const run = await interrupted('k-r3-new', 3)
    const old = base64urlnopad.encode(run.share?.publicKey as Uint8Array)
    await withChannel(async (channel) => {
      const fresh = await deviceDkgRounds(
        channel,
        { keyId: 'k-r3-new', curve: 'ed25519', backupKey: backup.publicKey },
        4,
      )
      const now = base64urlnopad.encode(fresh.share?.publicKey as Uint8Array)
      expect(now).not.toBe(old)
      expect(await keysOf('k-r3-new')).toEqual([[0, 'active', now]])
      expect(await signs(channel, fresh.share as KeyShare)).toBe(true)
      // The abandoned run's ack no longer completes anything.
      await expect(complete(channel, 'k-r3-new', run.ok as Uint8Array)).rejects.toThrow(
        failed(
          'key k-r3-new is active and was not formed by the DKG this "pendingAck" acknowledges',
        ),
      )
    })
    const audit = await recordsOf('k-r3-new')
    expect(audit.map((r) => [r.kind, r.data.resolved ?? r.data.status ?? null])).toEqual([
      ['dkg', 'pending'],
      ['mpc-abort', 'abandon'],
      ['dkg', 'pending'],
      ['dkg', 'active'],
      ['sign', null],
      ['mpc-abort', null],
    ])
    expect(audit[1]?.data).toMatchObject({
      protocol: 'dkg',
      epoch: 0,
      publicKey: Buffer.from(run.share?.publicKey as Uint8Array).toString('hex'),
    })
  })

  test('after round 3: a wrong ack or a refresh without the ack is refused and the share kept; a refresh naming the epoch with the ack promotes it', async () => {
    const run = await interrupted('k-r3-refuse', 3)
    const other = await interrupted('k-r3-other', 3)
    const publicKey = base64urlnopad.encode(run.share?.publicKey as Uint8Array)
    const before = c.logs.length
    await withChannel(async (channel) => {
      // Another DKG's ack (a real one, of another key id) is never mixed in.
      await expect(complete(channel, 'k-r3-refuse', other.ok as Uint8Array)).rejects.toThrow(
        failed(
          `key k-r3-refuse epoch 0: "pendingAck" does not acknowledge the pending DKG (its share is kept; a share of one DKG is never mixed with another's)`,
        ),
      )
      await expect(
        exchangeRound(
          channel.stream('refresh'),
          'refresh',
          1,
          { epoch: 0, messages: [] },
          'k-r3-refuse',
        ),
      ).rejects.toThrow(
        clientError(
          'PartyFailed',
          `the co-signer's refresh run failed at round 1: key k-r3-refuse epoch 0 awaits the end of an interrupted dkg: name that epoch and send its ack ("pendingAck") to complete it, or start a new dkg to abandon it`,
        ),
      )
      expect(await keysOf('k-r3-refuse')).toEqual([[0, 'pending', publicKey]])
      // The ack in a refresh's round 1 completes the DKG; the refresh then goes on from epoch 0
      // (and stops here: a refresh interrupted at round 1 leaves nothing behind).
      const started = refreshStart(run.share as KeyShare, {
        online: [1, 2],
        offline: [{ index: 3, encryptionKey: backup.publicKey }],
      })
      const refreshed = await exchangeRound(
        channel.stream('refresh'),
        'refresh',
        1,
        {
          epoch: 0,
          pendingAck: run.ok as Uint8Array,
          messages: started.messages.filter((m) => m.to === 2),
        },
        'k-r3-refuse',
      )
      cleanReshare(started.state)
      expect(refreshed.messages.length).toBeGreaterThan(0)
      expect(await keysOf('k-r3-refuse')).toEqual([[0, 'active', publicKey]])
    })
    await c.waitForLog(
      (line) =>
        line.includes('"event":"mpc_stream_end"') &&
        line.includes('"protocol":"refresh"') &&
        line.includes('"reason":"socket closed"') &&
        line.includes('"lockReleased":true') &&
        c.logs.lastIndexOf(line) >= before,
    )
    await withChannel(async (channel) => {
      expect(await signs(channel, run.share as KeyShare)).toBe(true)
    })
    expect(await auditOf('k-r3-refuse')).toEqual([
      ['dkg', 'pending'],
      ['mpc-abort', null],
      ['mpc-abort', null],
      ['dkg', 'promote'],
      ['sign', null],
    ])
    expect(await keysOf('k-r3-other')).toEqual([
      [0, 'pending', base64urlnopad.encode(other.share?.publicKey as Uint8Array)],
    ])
  })

  test('after round 4 (its answer lost): the ack answers the same again; a new DKG is refused', async () => {
    const run = await interrupted('k-r4', 4)
    const publicKey = base64urlnopad.encode(run.share?.publicKey as Uint8Array)
    expect(await keysOf('k-r4')).toEqual([[0, 'active', publicKey]])
    await withChannel(async (channel) => {
      expect(await complete(channel, 'k-r4', run.ok as Uint8Array)).toEqual({
        variant: 'completed',
        epoch: 0,
        publicKey: run.share?.publicKey,
      })
      await expect(
        deviceDkgRounds(
          channel,
          { keyId: 'k-r4', curve: 'ed25519', backupKey: backup.publicKey },
          1,
        ),
      ).rejects.toThrow(failed('key k-r4 already exists for this identity'))
      expect(await signs(channel, run.share as KeyShare)).toBe(true)
    })
    expect(await auditOf('k-r4')).toEqual([
      ['dkg', 'pending'],
      ['dkg', 'active'],
      ['mpc-abort', null],
      ['sign', null],
    ])
  })
})
