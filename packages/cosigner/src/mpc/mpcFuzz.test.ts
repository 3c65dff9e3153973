/**
 * Seeded fuzz of `/v1/mpc` against a real in-process co-signer on PostgreSQL (issue: "malformed,
 * oversized and out-of-order MPC messages … the server stays up and its data stays consistent").
 * The seed is printed; `TESSERA_FUZZ_SEED` replays a run, `TESSERA_FUZZ_SCALE` multiplies the
 * case counts. Thousands of inputs at each layer:
 *   1. raw WebSocket messages before and inside the Noise handshake, and after it;
 *   2. sealed frame texts mutated as JSON (wrong types, bad ids, bad chunk headers, huge
 *      declared lengths, unknown and multi-byte fields);
 *   3. well-framed sequences: chunks out of order, repeated, oversized or changing fields, rounds
 *      out of order, unknown protocols, reused sids, too many streams;
 *   4. every protocol's round-1 payload (dkg, dkls23-setup, dkls23-presign, dkls23-sign,
 *      frost-sign, refresh, recovery) mutated as wire values and as bytes.
 * Each reaction is checked against the channel model (test/channelModel.ts): the exact close, a
 * documented error code with a precise message (never what a JS engine or SQL says), or a run's
 * answer. Afterwards the process still serves a login, a DKG and a FROST signature; the key rows
 * are unchanged, the only new presignature-table rows are the nonces of FROST round 1s the
 * co-signer answered, no lock is left, and the audit chain verifies.
 */
import { randomBytes } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { frostSign as deviceFrostSign } from '@tessera/cosigner-client'
import {
  dkgStart,
  frostCommit,
  generateEncryptionKey,
  importOfflineShare,
  type KeyShare,
  memoryNonceStore,
  publicKeyState,
  recoveryHelperStart,
  recoveryTargetStart,
  refreshStart,
  startPairSetup,
} from '@tessera/mpc'
import { splitExistingKeyIntoShares } from '@tessera/mpc/dangerous'
import { createHandshake, generateKeyPair } from '@tessera/noise'
import {
  encodeCosignerFrame,
  encodeCosignerRequest,
  encodeMpcValue,
  type CosignerDataFrame as Frame,
  type MpcValue,
  COSIGNER_CHANNEL_RULES as WIRE,
} from '@tessera/protocol/cosigner'
import { serializeTransaction, toHex } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { verifyAudit } from '../audit/verifyAudit.ts'
import { createKeyring, masterKey } from '../crypto/masterKey.ts'
import { decodeSigningRequest } from '../policy/decodeRequest.ts'
import type { Database } from '../storage/database.ts'
import { openPostgres } from '../storage/postgres.ts'
import { deviceDkgRounds } from '../test/deviceDkgSteps.ts'
import { POSTGRES_URL } from '../test/engines.ts'
import { frameOf } from '../test/frameView.ts'
import {
  DOCUMENTED_CLOSES,
  DOCUMENTED_ERRORS,
  type FuzzConnection,
  feed,
  frameTexts,
  INTERNAL,
  newTally,
  openFuzzConnection,
  rawExchange,
} from '../test/fuzzConnection.ts'
import { mutateBytes, mutateFrameBytes, mutateWire, randomWire } from '../test/fuzzInputs.ts'
import { fuzzSeed, type Rand, seededRand } from '../test/fuzzRandom.ts'
import { loginWeChat, openSignerChannel } from '../test/signerChannel.ts'
import { startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'
import { createTesseraParty } from './party/createTesseraParty.ts'
import { storeNewShare } from './party/partyRecords.ts'

const SEED = fuzzSeed(0x7e55_e2a1)
const SCALE = Number(process.env.TESSERA_FUZZ_SCALE ?? '1')
const n = (count: number) => Math.max(1, Math.round(count * SCALE))
console.log(`mpc fuzz seed ${SEED} (replay: TESSERA_FUZZ_SEED=${SEED})`)

/** Served protocols and which change a share, exactly as the co-signer's party declares them. */
const PROTOCOLS = createTesseraParty({} as never).protocols
const MAX_STREAMS = 4
const hex32 = (r: Rand) => toHex(r.bytes(32)).slice(2)

interface Template {
  protocol: string
  keyId?: string
  value: Record<string, MpcValue>
}

/** A template's round-1 payload in protocol's typed layout (throws on a value it refuses). */
const encodeTemplate = (t: Pick<Template, 'protocol' | 'value'>): Uint8Array =>
  encodeCosignerRequest(t.protocol as 'dkg', 1, t.value as never)

describe('fuzzing /v1/mpc', () => {
  const r = seededRand(SEED)
  const tally = newTally()
  const masterHex = randomBytes(32).toString('hex')
  const backup = generateEncryptionKey()
  const crashes: unknown[] = []
  const onCrash = (error: unknown) => crashes.push(error)
  /** Sids of FROST round 1s the co-signer answered: each left one sealed nonce, by design. */
  const frostAnswered: string[] = []
  let c: TestCosigner
  let db: Database
  let token: string
  let identity: string
  let device: KeyShare
  let templates: Template[]
  let before: Awaited<ReturnType<typeof snapshot>>

  async function snapshot() {
    const keys = await db.query<Record<string, unknown>>(
      `SELECT key_id, epoch, status, encode(public_key, 'hex') AS pk, public_state, updated_at,
         encode(sha256(share_ciphertext), 'hex') AS share FROM keys ORDER BY identity, key_id, epoch`,
    )
    const presignatures = await db.query<Record<string, unknown>>(
      `SELECT key_id, epoch, record_id, kind, consumed_at, length(ciphertext) AS bytes
       FROM presignatures ORDER BY identity, key_id, epoch, record_id`,
    )
    const locks = await db.query('SELECT key_id, holder FROM key_locks')
    return { keys, presignatures, locks }
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onCrash)
    process.on('uncaughtException', onCrash)
    c = await startTestCosigner({ masterKey: masterHex })
    ;({ token, identity } = await loginWeChat(
      c.url,
      c.wechat.issueCode({ openid: 'o-fuzz' }),
      'demo',
    ))
    db = await openPostgres({ url: POSTGRES_URL, schema: c.schema })
    // An Ed25519 key by a real DKG (fast), with its backup share for recovery payloads.
    const channel = await openSignerChannel(c, token)
    const dkg = await deviceDkgRounds(
      channel,
      { keyId: 'fz-ed', curve: 'ed25519', backupKey: backup.publicKey },
      4,
    )
    channel.close()
    device = dkg.share as KeyShare
    const backupShare = importOfflineShare(
      dkg.transcript as NonNullable<typeof dkg.transcript>,
      3,
      backup.secretKey,
    )
    // A secp256k1 key imported as `splitExistingKeyIntoShares` does, stored as a DKG would store
    // it, without a DKLs23 pair (the fuzz stays in round 1; a pair setup costs seconds).
    const shares = splitExistingKeyIntoShares({
      curve: 'secp256k1',
      keyId: 'fz-evm',
      t: 2,
      n: 3,
      privateKey: secp256k1.utils.randomSecretKey(),
    })
    await storeNewShare(
      {
        db,
        keyring: createKeyring(masterKey(hexToBytes(masterHex))),
        now: () => c.clock.now,
      },
      identity,
      shares[1] as KeyShare,
      [{ index: 3, encryptionKey: backup.publicKey }],
      'active',
    )
    for (const s of shares) s.secretShare.fill(0)
    const commitment = await frostCommit(device, {
      sessionId: 'template',
      store: memoryNonceStore(),
    })
    templates = buildTemplates(device, backupShare, commitment as unknown as MpcValue)
    before = await snapshot()
  }, 60_000)

  afterAll(async () => {
    process.off('unhandledRejection', onCrash)
    process.off('uncaughtException', onCrash)
    await db?.close()
    await c?.cleanup()
  })

  function buildTemplates(
    share: KeyShare,
    backupShare: KeyShare,
    frostCommitment: MpcValue,
  ): Template[] {
    const offline = [{ index: 3, encryptionKey: backup.publicKey }]
    const toCosigner = (messages: readonly unknown[]) =>
      (messages as { to: number }[]).filter((m) => m.to === 2) as unknown as MpcValue[]
    const dkg = dkgStart({
      curve: 'ed25519',
      keyId: 'fz-dkg',
      t: 2,
      n: 3,
      index: 1,
      online: [1, 2],
      offline,
    })
    const refresh = refreshStart(share, { online: [1, 2], offline })
    const target = recoveryTargetStart({ record: publicKeyState(share), index: 1, helpers: [2, 3] })
    const helper = recoveryHelperStart(backupShare, { helpers: [2, 3], target: 1 })
    const setup = startPairSetup({
      self: 1,
      peer: 2,
      keyId: 'fz-ed',
      epoch: 0,
      sid: r.bytes(32),
    })
    const request = (method: string, payload: string, chainId?: string) => ({
      method,
      payload,
      ...(chainId === undefined ? {} : { chainId }),
    })
    const tx = serializeTransaction({
      chainId: 1,
      type: 'eip1559',
      to: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
      value: 10n ** 15n,
      nonce: 3,
      gas: 21_000n,
      maxFeePerGas: 30_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    })
    const typed = JSON.stringify({
      domain: { name: 'Demo', version: '1', chainId: 1 },
      types: { Mail: [{ name: 'contents', type: 'string' }] },
      primaryType: 'Mail',
      message: { contents: 'hello' },
    })
    const sign = (req: Record<string, MpcValue>, presignature?: string) => {
      const digest = decodeSigningRequest(req as never).digest as Uint8Array
      const at = { keyId: 'fz-evm', epoch: 0, path: 'm/0/1', request: req, digest }
      return {
        protocol: 'dkls23-sign',
        value:
          presignature === undefined
            ? { variant: 'online', ...at, nonce: r.bytes(32) }
            : { variant: 'presigned', ...at, presignature },
      }
    }
    const frost = (commitment: MpcValue) => ({
      protocol: 'frost-sign',
      value: {
        keyId: 'fz-ed',
        epoch: 0,
        path: 'm/0/1',
        message: utf8ToBytes('fuzz'),
        request: { method: 'solana_signMessage', payload: '0x66757a7a' },
        commitment,
      },
    })
    return [
      {
        protocol: 'dkg',
        keyId: 'fz-dkg',
        value: {
          variant: 'start',
          curve: 'ed25519',
          t: 2,
          n: 3,
          online: [1, 2],
          offline: offline as unknown as MpcValue,
          messages: toCosigner(dkg.messages),
        },
      },
      {
        protocol: 'dkg',
        keyId: 'fz-dkg',
        value: { variant: 'pendingAck', pendingAck: r.bytes(32) },
      },
      {
        protocol: 'dkls23-setup',
        keyId: 'fz-ed',
        value: { epoch: 0, message: setup.message as unknown as MpcValue },
      },
      {
        protocol: 'dkls23-presign',
        value: { keyId: 'fz-evm', epoch: 0, path: 'm/0/1', nonce: r.bytes(32) },
      },
      sign(request('personal_sign', toHex(utf8ToBytes('Sign in to Demo')))),
      sign(request('eth_sendTransaction', tx, 'eip155:1')),
      sign(request('eth_signTypedData_v4', typed, 'eip155:1')),
      sign(request('personal_sign', '0x1234'), hex32(r)),
      frost(frostCommitment),
      {
        protocol: 'refresh',
        keyId: 'fz-ed',
        value: { epoch: 0, messages: toCosigner(refresh.messages) },
      },
      {
        protocol: 'recovery',
        keyId: 'fz-ed',
        value: { epoch: 0, messages: toCosigner([...target.messages, ...helper.messages]) },
      },
    ]
  }

  /** Connections of the current test: all closed after it, passed or failed. */
  const live = new Set<FuzzConnection>()
  const connect = async () => {
    const conn = await openFuzzConnection(c, token, PROTOCOLS, MAX_STREAMS)
    live.add(conn)
    return conn
  }
  afterEach(() => {
    for (const conn of live) conn.client.close()
    live.clear()
  })

  /**
   * Runs `cases` cases on `count` concurrent signers (their own connections and random streams
   * derived from the seed), so the co-signer's database waits overlap.
   */
  const workers = (
    count: number,
    cases: number,
    body: (r: Rand, cases: number, worker: number) => Promise<void>,
  ) =>
    Promise.all(
      Array.from({ length: count }, (_, w) =>
        body(seededRand((SEED + Math.imul(0x9e37_79b9, w + 1)) >>> 0), Math.ceil(cases / count), w),
      ),
    )

  /** Sends a logical frame (chunked if large) through the model; the last result. */
  async function send(conn: FuzzConnection, frame: Frame) {
    let result: Awaited<ReturnType<typeof feed>> = { kind: 'silent' }
    for (const text of frameTexts(frame)) {
      result = await feed(conn, text, tally)
      if (conn.dead) break
    }
    return result
  }

  test('raw messages before, inside and after the Noise handshake close with 4400, 4401 or 1009', async () => {
    const url = c.mpcUrl
    const serverKey = Uint8Array.from(Buffer.from(c.noiseStaticKey, 'base64url'))
    const ik = (payload: Uint8Array) =>
      createHandshake({
        protocolName: WIRE.noiseProtocol,
        initiator: true,
        staticKeyPair: generateKeyPair(),
        remoteStaticKey: serverKey,
      }).writeMessage(payload)
    const expectClose = async (
      messages: (Uint8Array | string)[],
      code: number,
      reason: string | RegExp,
    ) => {
      const got = await rawExchange(url, messages)
      tally.closes.set(got.code, (tally.closes.get(got.code) ?? 0) + 1)
      expect(got.code, `${got.code} ${got.reason}`).toBe(code)
      if (typeof reason === 'string') expect(got.reason).toBe(reason)
      else expect(got.reason).toMatch(reason)
      expect(got.reason).not.toMatch(INTERNAL)
    }
    const handshakeFailed = /^noise handshake failed: ./
    await workers(3, n(60), async (r, cases) => {
      for (let i = 0; i < cases; i++) {
        // Random bytes, or a real first message mutated (never left intact).
        const real = ik(utf8ToBytes(token))
        let bytes = r.chance(0.4) ? r.bytes(r.size(200)) : mutateBytes(r, real)
        if (Buffer.compare(Buffer.from(bytes), Buffer.from(real)) === 0) bytes = real.subarray(1)
        await expectClose([bytes], 4400, handshakeFailed)
      }
    })
    await workers(3, n(30), async (r, cases) => {
      for (let i = 0; i < cases; i++) {
        // A sound handshake carrying a token that is not ours.
        const variants = [
          () => r.bytes(r.size(300)),
          () => utf8ToBytes(Buffer.from(r.bytes(r.size(100))).toString('base64url')),
          () => utf8ToBytes(`${token.slice(0, r.int(token.length))}`),
          () => {
            // A character of the header changed (never a segment's last, whose low bits are spare).
            const at = r.int(token.indexOf('.') - 1)
            const ch = token[at] === 'A' ? 'B' : 'A'
            return utf8ToBytes(token.slice(0, at) + ch + token.slice(at + 1))
          },
          () => utf8ToBytes(`${token}.${'x'.repeat(r.size(30))}`),
          () => utf8ToBytes('a'.repeat(r.range(20_000, 60_000))),
        ]
        const payload = r.pick(variants)()
        let text: string | undefined
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(payload)
        } catch {
          text = undefined
        }
        if (text === token) continue
        if (text === undefined) await expectClose([ik(payload)], 4400, handshakeFailed)
        else await expectClose([ik(payload)], 4401, /^session token rejected: ./)
      }
    })
    await expectClose(['hello'], 4400, 'binary frames only')
    await expectClose([new Uint8Array(WIRE.maxNoiseMessage + WIRE.nonceBytes + 1)], 1009, '')
    await workers(3, n(30), async (r, cases) => {
      for (let i = 0; i < cases; i++) {
        // After the handshake: bytes that are not a sealed frame of this session.
        const conn = await connect()
        const kind = r.int(3)
        if (kind === 0) {
          const bytes = r.bytes(r.size(100))
          conn.client.ws.send(bytes)
          const got = await conn.next()
          expect(got).toMatchObject({
            kind: 'closed',
            code: 4400,
            reason:
              bytes.length <= WIRE.nonceBytes
                ? 'transport message shorter than its nonce'
                : expect.stringMatching(/^transport message refused: ./),
          })
        } else {
          // A sealed frame, then the same message again (a replay) or tampered.
          let sent: Uint8Array | undefined
          const original = conn.client.ws.send.bind(conn.client.ws)
          conn.client.ws.send = ((data: Uint8Array) => {
            sent = Uint8Array.from(data)
            original(data)
          }) as typeof conn.client.ws.send
          const text = encodeCosignerFrame(
            frameOf({ sid: hex32(r), protocol: 'zz-probe', round: 1, payload: new Uint8Array(0) }),
          )
          expect(await feed(conn, text, tally)).toMatchObject({
            kind: 'error',
            code: 'UnknownProtocol',
          })
          const again = kind === 1 ? (sent as Uint8Array) : mutateBytes(r, sent as Uint8Array)
          original(again)
          const got = await conn.next()
          expect(got).toMatchObject({ kind: 'closed', code: 4400 })
          expect((got as { reason: string }).reason).toMatch(
            /^transport message (refused: .|shorter)/,
          )
        }
        tally.closes.set(4400, (tally.closes.get(4400) ?? 0) + 1)
      }
    })
  }, 60_000)

  test('sealed frames with mutated headers: the exact close, or the exact error', async () => {
    await workers(3, n(180), async (r, cases) => {
      let conn = await connect()
      for (let i = 0; i < cases; i++) {
        if (conn.dead) conn = await connect()
        const base = frameOf({
          sid: hex32(r),
          protocol: r.pick([...PROTOCOLS.map((p) => p.name), 'zz-unknown']),
          round: 1,
          payload: r.bytes(r.size(64)),
          ...(r.chance(0.5) ? { keyId: r.pick(['fz-dkg', 'fz-ed', 'fz-none']) } : {}),
        })
        const result = await feed(conn, mutateFrameBytes(r, encodeCosignerFrame(base)), tally)
        if (result.kind === 'answer')
          throw new Error(`random payload answered: ${JSON.stringify(base)}`)
      }
      conn.client.close()
    })
  }, 60_000)

  test('well-framed sequences: chunks, rounds and sids out of order, unknown protocols, too many streams', async () => {
    const served = PROTOCOLS.map((p) => p.name)
    // First each channel refusal once, whatever the seed; then random sequences.
    const conn = await connect()
    const frost = templates.find((t) => t.protocol === 'frost-sign') as Template
    const frame = (over: Partial<Frame> & { part?: number; parts?: number }) =>
      encodeCosignerFrame({
        type: 'data',
        sid: hex32(r),
        protocol: 'frost-sign',
        round: 1,
        payload: encodeTemplate(frost),
        ...over,
      })
    const expectCode = async (text: Uint8Array, code: string) =>
      expect(await feed(conn, text, tally)).toMatchObject({ kind: 'error', code })
    await expectCode(frame({ protocol: 'zz-unknown' }), 'UnknownProtocol')
    await expectCode(frame({ round: 2 }), 'OutOfOrder')
    await expectCode(frame({ protocol: 'refresh' }), 'Malformed')
    await expectCode(frame({ part: 0, parts: 100 }), 'TooLarge')
    const spent = hex32(r)
    await expectCode(frame({ sid: spent, payload: utf8ToBytes('x') }), 'PartyFailed')
    await expectCode(frame({ sid: spent }), 'SidReused')
    const chunked = hex32(r)
    expect(await feed(conn, frame({ sid: chunked, part: 0, parts: 3 }), tally)).toEqual({
      kind: 'silent',
    })
    await expectCode(frame({ sid: chunked, part: 0, parts: 3 }), 'DuplicateChunk')
    for (let k = 0; k < MAX_STREAMS; k++) {
      const opened = await feed(conn, frame({}), tally)
      expect(opened.kind).toBe('answer')
      if (opened.kind === 'answer') noteAnswer(opened.frame)
    }
    await expectCode(frame({}), 'TooManyStreams')
    conn.client.close()
    await workers(2, n(600), async (r, cases) => {
      let conn = await connect()
      let sids: string[] = []
      for (let i = 1; i <= cases; i++) {
        if (conn.dead || i % 150 === 0) {
          conn.client.close()
          conn = await connect()
          sids = []
        }
        const open = conn.model.open
        const sid =
          open.length > 0 && r.chance(0.4)
            ? r.pick(open)
            : sids.length > 0 && r.chance(0.2)
              ? r.pick(sids)
              : hex32(r)
        if (!sids.includes(sid)) sids.push(sid)
        const template = r.pick(templates)
        const protocol = r.chance(0.8) ? template.protocol : r.pick([...served, 'zz-unknown'])
        const round = r.chance(0.6) ? 1 : r.range(1, 5)
        const keyId = r.chance(0.9) ? (template.keyId ?? 'fz-none') : undefined
        // Round 1 of a template opens a stream; anything else is garbage a run refuses.
        const payload =
          round === 1 && protocol === template.protocol && r.chance(0.5)
            ? encodeTemplate(template)
            : r.bytes(r.size(64))
        const frame: Frame = {
          type: 'data',
          sid,
          protocol,
          round,
          payload,
          ...(keyId === undefined ? {} : { keyId }),
        }
        if (r.chance(0.3)) {
          await sendChunks(r, conn, frame)
          continue
        }
        const result = await send(conn, frame)
        if (result.kind === 'answer') noteAnswer(result.frame)
        if (result.kind === 'answer' && result.frame.round > 1)
          throw new Error(`garbage round ${result.frame.round} answered: ${protocol}`)
      }
      conn.client.close()
    })
  }, 60_000)

  /** A message in chunks, with the chunk sequence disturbed: skipped, repeated, swapped, changed. */
  async function sendChunks(r: Rand, conn: FuzzConnection, frame: Frame) {
    // maxParts full chunks pass the 2 MiB limit at the last one (rare: 2 MiB each time); more
    // than maxParts declared is refused at the first.
    const parts = r.chance(0.04) ? WIRE.maxParts : r.pick([2, 3, 4, WIRE.maxParts + 1, 100, 65_535])
    const size = parts === WIRE.maxParts ? WIRE.chunkBytes : r.range(0, 40)
    const order = Array.from({ length: Math.min(parts, 50) }, (_, k) => k)
    const op = r.int(6)
    if (op === 0 && order.length > 1) order.splice(r.int(order.length), 1)
    if (op === 1) order.splice(r.int(order.length), 0, r.int(parts))
    if (op === 2 && order.length > 1) {
      const a = r.int(order.length)
      const b = r.int(order.length)
      ;[order[a], order[b]] = [order[b] as number, order[a] as number]
    }
    for (const [k, part] of order.entries()) {
      if (conn.dead) return
      const changed = op === 3 && k === order.length - 1
      const chunk: Frame = {
        type: 'data',
        sid: frame.sid,
        protocol: changed ? 'zz-other' : frame.protocol,
        round: op === 4 && k > 0 ? frame.round + 1 : frame.round,
        ...(frame.keyId === undefined ? {} : { keyId: frame.keyId }),
        part,
        parts,
        payload: r.bytes(op === 5 && k === 1 ? 0 : size),
      }
      const result = await feed(conn, encodeCosignerFrame(chunk), tally)
      if (result.kind === 'error') return
      if (result.kind === 'answer') throw new Error('a disturbed chunked message was answered')
    }
  }

  function noteAnswer(frame: Frame) {
    if (frame.protocol === 'frost-sign' && frame.round === 1) frostAnswered.push(frame.sid)
  }

  test("every protocol's round-1 payload mutated: an answer or a precise error", async () => {
    // One signer per locked key (a DKG's key id; the Ed25519 key's setup, refresh and recovery),
    // one for the protocols without a lock: contention would only turn cases into KeyBusy.
    const lane = (t: Template) => (t.keyId === 'fz-dkg' ? 0 : t.keyId === 'fz-ed' ? 1 : 2)
    await workers(3, n(1000), async (r, cases, worker) => {
      const mine = templates.filter((t) => lane(t) === worker)
      let conn = await connect()
      for (let i = 0; i < cases; i++) {
        if (conn.dead || conn.model.open.length >= MAX_STREAMS - 1) {
          conn.client.close()
          conn = await connect()
        }
        const template = r.pick(mine)
        let payload: Uint8Array
        const how = r.int(10)
        if (how === 0) payload = encodeTemplate(template)
        else if (how <= 5) {
          try {
            payload = encodeTemplate({ ...template, value: mutateWire(r, template.value) as never })
          } catch {
            payload = mutateBytes(r, encodeTemplate(template))
          }
        } else if (how <= 8) payload = mutateBytes(r, encodeTemplate(template))
        else
          payload = r.chance(0.5)
            ? encodeMpcValue(randomWire(r), 'fuzz payload')
            : r.bytes(r.size(300))
        if (payload.length > WIRE.maxMessageBytes)
          payload = payload.subarray(0, WIRE.maxMessageBytes)
        const frame: Frame = {
          type: 'data',
          sid: hex32(r),
          protocol: template.protocol,
          round: 1,
          payload,
          ...(template.keyId === undefined ? {} : { keyId: template.keyId }),
        }
        const result = await send(conn, frame)
        if (result.kind !== 'answer') continue
        noteAnswer(result.frame)
        // A run that took round 1: garbage for round 2 ends it (or, without a lock to hold, it
        // is left open for the close).
        if (template.keyId !== undefined || r.chance(0.8)) {
          const next = await send(conn, { ...frame, round: 2, payload: r.bytes(r.size(40)) })
          if (next.kind === 'answer') throw new Error(`garbage round 2 answered: ${frame.protocol}`)
        }
      }
      conn.client.close()
    })
  }, 60_000)

  test('afterwards: it still serves login, DKG and signatures; the data is consistent', async () => {
    // Every stream ended and released its lock (the channel logs both ends of each stream).
    const count = (event: string) => c.logs.filter((l) => l.includes(`"event":"${event}"`)).length
    let starts = count('mpc_stream_start')
    let ends = count('mpc_stream_end')
    if (starts !== ends) {
      let live = false
      const settled = c.waitForLog((line) => {
        if (!live) return false
        if (line.includes('"event":"mpc_stream_start"')) starts++
        if (line.includes('"event":"mpc_stream_end"')) ends++
        return starts === ends
      })
      live = true
      await settled
    }
    const after = await snapshot()
    expect(after.keys).toEqual(before.keys)
    expect(after.locks).toEqual([])
    const added = after.presignatures.filter(
      (p) => !before.presignatures.some((b) => JSON.stringify(b) === JSON.stringify(p)),
    )
    expect(after.presignatures.length - added.length).toBe(before.presignatures.length)
    expect(added.map((p) => [p.key_id, p.kind, p.record_id, p.consumed_at]).sort()).toEqual(
      frostAnswered.map((sid) => ['fz-ed', 'nonce', sid, null]).sort(),
    )
    const audit = await verifyAudit(db)
    expect(audit.problems).toEqual([])
    expect(audit.ok).toBe(true)
    expect(c.logs.filter((l) => l.includes('"level":"error"'))).toEqual([])
    expect(crashes).toEqual([])
    expect([...tally.closes.keys()].filter((code) => !DOCUMENTED_CLOSES.has(code))).toEqual([])
    expect([...tally.errors.keys()].filter((code) => !DOCUMENTED_ERRORS.has(code))).toEqual([])
    for (const code of [
      'UnknownProtocol',
      'OutOfOrder',
      'SidReused',
      'TooManyStreams',
      'Malformed',
      'TooLarge',
      'DuplicateChunk',
      'PartyFailed',
    ])
      expect(tally.errors.get(code), code).toBeGreaterThan(0)
    for (const code of [4400, 4401, 1009])
      expect(tally.closes.get(code), `${code}`).toBeGreaterThan(0)
    // Still up: a new login, a new DKG, and FROST signatures with the old and the new key, a
    // minute later: the fuzz's FROST requests went through the policy and used its rate budget.
    c.clock.now += 61_000
    const fresh = await loginWeChat(c.url, c.wechat.issueCode({ openid: 'o-fuzz' }), 'demo')
    const channel = await openSignerChannel(c, fresh.token)
    try {
      const dkg = await deviceDkgRounds(
        channel,
        { keyId: 'fz-after', curve: 'ed25519', backupKey: backup.publicKey },
        4,
      )
      for (const share of [device, dkg.share as KeyShare]) {
        const message = utf8ToBytes(`after the fuzz, ${share.keyId}`)
        const signature = await deviceFrostSign(channel, share, message)
        expect(ed25519.verify(signature, message, share.publicKey)).toBe(true)
      }
    } finally {
      channel.close()
    }
    const summary = {
      seed: SEED,
      closes: Object.fromEntries(tally.closes),
      errors: Object.fromEntries(tally.errors),
      frames: tally.frames,
      answers: tally.answers,
      runFailures: [...tally.details.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40),
    }
    console.log(JSON.stringify(summary, null, 1))
  }, 60_000)
})
