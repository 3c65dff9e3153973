/**
 * The `/v1/mpc` channel end to end with a Node signer client (docs/SESSION.md#signer--co-signer):
 * Noise IK with the pinned key, the JWT as first payload, framed sub-streams dispatched to an
 * MpcParty, and every rejection with its exact code — bad JWT, wrong pinned key, device-key
 * binding, malformed, oversized, tampered and out-of-order frames, round timeouts, sid reuse,
 * and the per-key lock for share-changing runs across connections and identities.
 */
import { randomBytes } from 'node:crypto'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import { generateKeyPair } from '@tessera/noise'
import { encodeCosignerFrame } from '@tessera/protocol/cosigner'
import { hashMessage, hexToBytes } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import { connectMpc } from '../test/mpcClient.ts'
import { ADMIN_TOKEN, startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'
import { createTestParty } from '../test/testParty.ts'
import { NO_MPC_PARTY } from './mpcParty.ts'

const sid = () => randomBytes(32).toString('hex')
const b64 = (bytes: number[]) => base64urlnopad.encode(Uint8Array.from(bytes))

async function login(c: TestCosigner, openid: string, deviceKey?: Uint8Array) {
  const res = await fetch(`${c.url}/v1/login/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      code: c.wechat.issueCode({ openid }),
      dappId: 'demo',
      ...(deviceKey ? { deviceKey: base64urlnopad.encode(deviceKey) } : {}),
    }),
  })
  const body = (await res.json()) as { token: string; identity: string }
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(body)}`)
  return body
}

describe('MPC channel with no party (until @tessera/mpc is wired in)', () => {
  let c: TestCosigner
  beforeAll(async () => {
    c = await startTestCosigner({ party: NO_MPC_PARTY })
  }, 60_000)
  afterAll(() => c.cleanup())

  test('IK handshake with the JWT, then an unknown protocol gets a precise error', async () => {
    const { token, identity } = await login(c, 'o-mpc-none')
    const client = connectMpc(c.mpcUrl, c.noiseStaticKey, token)
    expect(await client.ready).toMatchObject({ v: 1, sub: identity, dapp: 'demo' })
    const s = sid()
    client.sendFrame({ sid: s, protocol: 'dkls23-sign', round: 1, keyId: 'k1', payload: '' })
    expect(await client.next()).toEqual({
      sid: s,
      protocol: 'dkls23-sign',
      round: 1,
      error: {
        code: 'UnknownProtocol',
        message: 'protocol "dkls23-sign" is not served by this co-signer (serves: none)',
        retryable: false,
      },
    })
    client.close()
  })

  test.each([
    ['a malformed token', async () => 'not-a-jwt', 'session token rejected: malformed token'],
    [
      'another co-signer’s token',
      async () => (await startAndLogin()).token,
      'session token rejected: unknown "kid"',
    ],
  ])('%s closes with 4401', async (_label, makeToken, reason) => {
    const client = connectMpc(c.mpcUrl, c.noiseStaticKey, await makeToken())
    await expect(client.ready).rejects.toThrow(`closed 4401: ${reason}`)
  })

  test('an expired token closes with 4401 (injected clock)', async () => {
    const { token } = await login(c, 'o-mpc-exp')
    c.clock.now += 601_000
    try {
      const client = connectMpc(c.mpcUrl, c.noiseStaticKey, token)
      await expect(client.ready).rejects.toThrow(
        'closed 4401: session token rejected: expired ("exp" is in the past)',
      )
    } finally {
      c.clock.now -= 601_000
    }
  })

  test('a client pinning the wrong co-signer key fails the handshake (4400)', async () => {
    const { token } = await login(c, 'o-mpc-pin')
    const client = connectMpc(c.mpcUrl, base64urlnopad.encode(generateKeyPair().publicKey), token)
    await expect(client.ready).rejects.toThrow('closed 4400: noise handshake failed: ')
  })

  test('a session bound to a device key (cnf) refuses another device key', async () => {
    const device = generateKeyPair()
    const { token } = await login(c, 'o-mpc-cnf', device.publicKey)
    const good = connectMpc(c.mpcUrl, c.noiseStaticKey, token, { staticKey: device })
    await good.ready
    good.close()
    const other = connectMpc(c.mpcUrl, c.noiseStaticKey, token)
    await expect(other.ready).rejects.toThrow(
      'closed 4401: device key does not match the session token (cnf)',
    )
  })

  // A second co-signer: its tokens are signed by keys the first one does not know.
  let second: TestCosigner | undefined
  async function startAndLogin() {
    second ??= await startTestCosigner()
    return login(second, 'o-elsewhere')
  }
  afterAll(() => second?.cleanup())
})

describe('MPC channel with a party', () => {
  let c: TestCosigner
  let quick: TestCosigner
  const parties = { main: createTestParty(), quick: createTestParty() }
  beforeAll(async () => {
    ;[c, quick] = await Promise.all([
      startTestCosigner({ party: parties.main.party }),
      startTestCosigner({ party: parties.quick.party, roundTimeoutMs: 100 }),
    ])
  }, 60_000)
  afterAll(async () => {
    parties.main.releaseAll()
    await Promise.all([c.cleanup(), quick.cleanup()])
  })

  async function open(on: TestCosigner = c, openid = `o-${randomBytes(3).toString('hex')}`) {
    const { token } = await login(on, openid)
    const client = connectMpc(on.mpcUrl, on.noiseStaticKey, token)
    await client.ready
    return client
  }

  test('a two-round run: answers in order, then the stream is done and its sid is spent', async () => {
    const client = await open()
    const s = sid()
    client.sendFrame({ sid: s, protocol: 'echo', round: 1, payload: b64([1, 2, 3]) })
    expect(await client.next()).toEqual({
      sid: s,
      protocol: 'echo',
      round: 1,
      payload: b64([3, 2, 1]),
    })
    client.sendFrame({ sid: s, protocol: 'echo', round: 2, payload: b64([4, 5]) })
    expect(await client.next()).toEqual({
      sid: s,
      protocol: 'echo',
      round: 2,
      payload: b64([5, 4]),
    })
    client.sendFrame({ sid: s, protocol: 'echo', round: 1, payload: '' })
    expect(await client.next()).toMatchObject({
      error: {
        code: 'SidReused',
        message: `sid ${s.slice(0, 16)}… was already used on this connection; never reuse a sid`,
        retryable: false,
      },
    })
    client.close()
  })

  test('a 200 KB round travels in chunks both ways and reassembles byte for byte', async () => {
    const client = await open()
    const s = sid()
    const big = new Uint8Array(randomBytes(200_000))
    client.send({ type: 'data', sid: s, protocol: 'echo', round: 1, payload: big })
    expect(await client.next()).toEqual({
      sid: s,
      protocol: 'echo',
      round: 1,
      payload: base64urlnopad.encode(big.slice().reverse()),
    })
    client.send({ type: 'data', sid: s, protocol: 'echo', round: 2, payload: big })
    expect((await client.next()).payload).toBe(base64urlnopad.encode(big.slice().reverse()))
    client.close()
  })

  test('chunks out of order, repeated or too many are refused with their exact error', async () => {
    const client = await open()
    const chunk = (s: string, part: number, parts: number, round = 1) =>
      client.sendFrame({ sid: s, protocol: 'echo', round, part, parts, payload: b64([part]) })
    const [a, b, d] = [sid(), sid(), sid()]
    chunk(a, 1, 3)
    expect(await client.next()).toEqual({
      sid: a,
      protocol: 'echo',
      round: 1,
      error: {
        code: 'OutOfOrder',
        message: 'chunk 2 of 3 arrived before chunk 1 of round 1',
        retryable: false,
      },
    })
    // A stream in progress: its round-2 message repeats a chunk, which ends the stream.
    client.sendFrame({ sid: b, protocol: 'echo', round: 1, payload: b64([1]) })
    await client.next()
    chunk(b, 0, 2, 2)
    chunk(b, 0, 2, 2)
    expect(await client.next()).toEqual({
      sid: b,
      protocol: 'echo',
      round: 2,
      error: { code: 'DuplicateChunk', message: 'chunk 1 of 2 arrived twice', retryable: false },
    })
    expect(parties.main.aborted).toContain('echo:chunk refused')
    chunk(b, 1, 2, 2)
    expect(await client.next()).toMatchObject({
      error: { code: 'SidReused' },
    })
    chunk(d, 0, 100)
    expect(await client.next()).toEqual({
      sid: d,
      protocol: 'echo',
      round: 1,
      error: {
        code: 'TooLarge',
        message: 'a message of 100 chunks exceeds the limit of 33 chunks (2097152 bytes)',
        retryable: false,
      },
    })
    client.close()
  })

  test('out-of-order rounds are refused and abort the stream', async () => {
    const client = await open()
    const s = sid()
    client.sendFrame({ sid: s, protocol: 'echo', round: 2, payload: '' })
    expect(await client.next()).toMatchObject({
      error: {
        code: 'OutOfOrder',
        message: `no open sub-stream ${s.slice(0, 16)}…: a sub-stream starts at round 1, got round 2`,
        retryable: false,
      },
    })
    const t = sid()
    client.sendFrame({ sid: t, protocol: 'echo', round: 1, payload: '' })
    await client.next()
    client.sendFrame({ sid: t, protocol: 'echo', round: 3, payload: '' })
    expect(await client.next()).toEqual({
      sid: t,
      protocol: 'echo',
      round: 3,
      error: {
        code: 'OutOfOrder',
        message: 'sub-stream expected round 2, got round 3',
        retryable: false,
      },
    })
    expect(parties.main.aborted).toContain('echo:frame out of order')
    client.close()
  })

  test('a failing party run is reported and aborted', async () => {
    const client = await open()
    const s = sid()
    client.sendFrame({ sid: s, protocol: 'echo', round: 1, payload: b64([0xff]) })
    expect(await client.next()).toMatchObject({
      error: {
        code: 'PartyFailed',
        message: "the co-signer's echo run failed at round 1: test party refuses 0xff",
        retryable: false,
      },
    })
    client.close()
  })

  /** A valid data frame of echo round 1 with `patch` applied at `at` (protocol's layout). */
  const patched = (s: string, at: number, ...bytes: number[]) => {
    const frame = encodeCosignerFrame({
      type: 'data',
      sid: s,
      protocol: 'echo',
      round: 1,
      payload: Uint8Array.of(7),
    })
    frame.set(bytes, at)
    return frame
  }
  test.each<[string, (s: string) => Uint8Array, string]>([
    [
      'no header',
      () => Uint8Array.of(2),
      'malformed frame: frame: truncated at byte 1 reading the kind (needs 1, 0 left)',
    ],
    [
      'another version',
      (s) => patched(s, 0, 1),
      'malformed frame: unknown frame version 1 (this side speaks 2)',
    ],
    [
      'an unknown kind',
      (s) => patched(s, 1, 9),
      'malformed frame: unknown frame kind 9 (1 data, 2 error)',
    ],
    [
      'an error frame from the signer',
      (s) =>
        encodeCosignerFrame({ type: 'error', sid: s, error: { code: 'Malformed', message: 'x' } }),
      'malformed frame: the signer sends data frames only',
    ],
    [
      'a round 0',
      (s) => patched(s, 34, 0),
      'malformed frame: "round" must be an integer in 1..255',
    ],
    [
      'a payload length that lies',
      (s) => patched(s, 45, 0, 0, 0, 9),
      'malformed frame: the payload length says 9 bytes, the frame carries 1',
    ],
  ])('a frame with %s closes with 4400', async (_label, frame, reason) => {
    const client = await open()
    client.sendPlain(frame(sid()))
    expect(await client.closed).toEqual({ code: 4400, reason })
  })

  test('a tampered transport message closes with 4400', async () => {
    const client = await open()
    const original = client.ws.send.bind(client.ws)
    client.ws.send = ((data: Uint8Array) => {
      const copy = Uint8Array.from(data)
      copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 1
      original(copy)
    }) as typeof client.ws.send
    client.sendFrame({ sid: sid(), protocol: 'echo', round: 1, payload: '' })
    expect(await client.closed).toMatchObject({
      code: 4400,
      reason: expect.stringMatching(/^transport message refused: /),
    })
  })

  test('an oversized message closes with 1009; a text message with 4400', async () => {
    const client = await open()
    client.ws.send(new Uint8Array(65_535 + 9))
    expect((await client.closed).code).toBe(1009)
    const text = await open()
    text.ws.send('hello')
    expect(await text.closed).toEqual({ code: 4400, reason: 'binary frames only' })
  })

  test('a share-changing run needs a keyId', async () => {
    const client = await open()
    client.sendFrame({ sid: sid(), protocol: 'test-refresh', round: 1, payload: '' })
    expect(await client.next()).toMatchObject({
      error: {
        code: 'Malformed',
        message: 'protocol "test-refresh" changes a share: its first frame must name "keyId"',
        retryable: false,
      },
    })
    client.close()
  })

  test('one share-changing run per key: a second one is KeyBusy, another identity is independent', async () => {
    const openid = `o-lock-${randomBytes(3).toString('hex')}`
    const first = await open(c, openid)
    const second = await open(c, openid)
    const stranger = await open(c)
    const [s1, s2, s3, s4] = [sid(), sid(), sid(), sid()]
    first.sendFrame({ sid: s1, protocol: 'test-refresh', round: 1, keyId: 'k1', payload: '' })
    await parties.main.waitingRuns(1)
    second.sendFrame({ sid: s2, protocol: 'test-refresh', round: 1, keyId: 'k1', payload: '' })
    expect(await second.next()).toEqual({
      sid: s2,
      protocol: 'test-refresh',
      round: 1,
      error: {
        code: 'KeyBusy',
        message:
          'key k1 is busy with another share-changing operation (test-refresh); test-refresh refused',
        retryable: true,
      },
    })
    stranger.sendFrame({ sid: s3, protocol: 'test-refresh', round: 1, keyId: 'k1', payload: '' })
    const strangerAnswer = stranger.next()
    const firstAnswer = first.next()
    // Both runs are now waiting at the party's gate: release them.
    await parties.main.waitingRuns(2)
    parties.main.releaseAll()
    expect(await firstAnswer).toEqual({
      sid: s1,
      protocol: 'test-refresh',
      round: 1,
      payload: b64([1]),
    })
    expect(await strangerAnswer).toEqual({
      sid: s3,
      protocol: 'test-refresh',
      round: 1,
      payload: b64([1]),
    })
    // Done: the lock is released, the key takes a new run.
    second.sendFrame({ sid: s4, protocol: 'test-refresh', round: 1, keyId: 'k1', payload: '' })
    await parties.main.waitingRuns(1)
    parties.main.releaseAll()
    expect(await second.next()).toEqual({
      sid: s4,
      protocol: 'test-refresh',
      round: 1,
      payload: b64([1]),
    })
    for (const client of [first, second, stranger]) client.close()
  })

  test('a dropped socket aborts the run and releases the key lock', async () => {
    const openid = `o-drop-${randomBytes(3).toString('hex')}`
    const first = await open(c, openid)
    first.sendFrame({
      sid: sid(),
      protocol: 'test-refresh',
      round: 1,
      keyId: 'k-drop',
      payload: '',
    })
    await parties.main.waitingRuns(1)
    const before = c.logs.length
    first.close()
    await c.waitForLog(
      (line) => line.includes('"event":"mpc_channel_closed"') && c.logs.lastIndexOf(line) >= before,
    )
    expect(parties.main.aborted).toContain('test-refresh:socket closed')
    // The lock outlives the step in flight (it may still write), then is released.
    parties.main.releaseAll()
    const ended = (line: string) =>
      line.includes('"event":"mpc_stream_end"') &&
      line.includes('"reason":"socket closed"') &&
      line.includes('"lockReleased":true')
    await c.waitForLog(ended)
    const second = await open(c, openid)
    const s = sid()
    second.sendFrame({ sid: s, protocol: 'test-refresh', round: 1, keyId: 'k-drop', payload: '' })
    await parties.main.waitingRuns(1)
    parties.main.releaseAll()
    expect(await second.next()).toEqual({
      sid: s,
      protocol: 'test-refresh',
      round: 1,
      payload: b64([1]),
    })
    second.close()
  })

  test('a signing run goes through the policy: allowed, audited; denied with the rule', async () => {
    const openid = `o-sign-${randomBytes(3).toString('hex')}`
    const client = await open(c, openid)
    const message = utf8ToBytes('Sign in to Demo')
    const s = sid()
    client.sendFrame({
      sid: s,
      protocol: 'test-sign',
      round: 1,
      payload: base64urlnopad.encode(message),
    })
    const answer = await client.next()
    expect(answer.payload).toBe(base64urlnopad.encode(hexToBytes(hashMessage({ raw: message }))))
    const identity = `wechat:${c.wechat.appId}:${openid}`
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }
    const put = await fetch(`${c.url}/v1/admin/policies/${encodeURIComponent(identity)}/demo`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ methods: ['eth_sendTransaction'] }),
    })
    expect(put.status).toBe(200)
    const t = sid()
    client.sendFrame({
      sid: t,
      protocol: 'test-sign',
      round: 1,
      payload: base64urlnopad.encode(message),
    })
    expect(await client.next()).toEqual({
      sid: t,
      protocol: 'test-sign',
      round: 1,
      error: {
        code: 'PolicyDenied',
        message: 'policy rule "methods" denied the request: method personal_sign is not allowed',
        retryable: false,
      },
    })
    const { token } = await login(c, openid)
    const audit = (await (
      await fetch(`${c.url}/v1/audit`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      records: { kind: string; data: { allowed?: boolean; rule?: string } }[]
    }
    expect(audit.records.map((r) => [r.kind, r.data.allowed, r.data.rule])).toEqual([
      ['login', undefined, undefined],
      ['policy-decision', false, 'methods'],
      ['policy-change', undefined, undefined],
      ['sign', undefined, undefined],
      ['policy-decision', true, undefined],
      ['login', undefined, undefined],
    ])
    client.close()
  })

  test('a silent signer hits the round timeout and the run is aborted', async () => {
    const client = await open(quick)
    const s = sid()
    client.sendFrame({ sid: s, protocol: 'echo', round: 1, payload: '' })
    expect(await client.next()).toMatchObject({ round: 1 })
    expect(await client.next()).toEqual({
      sid: s,
      protocol: 'echo',
      round: 2,
      error: {
        code: 'RoundTimeout',
        message: 'no round 2 within 100 ms; the run is aborted',
        retryable: true,
      },
    })
    expect(parties.quick.aborted).toContain('echo:round timeout')
    client.close()
  })

  test('too many concurrent streams on one connection are refused', async () => {
    const client = await open()
    for (let i = 0; i < 4; i++) {
      client.sendFrame({ sid: sid(), protocol: 'echo', round: 1, payload: '' })
      await client.next()
    }
    client.sendFrame({ sid: sid(), protocol: 'echo', round: 1, payload: '' })
    expect(await client.next()).toMatchObject({
      error: {
        code: 'TooManyStreams',
        message: 'at most 4 sub-streams may be open at once',
        retryable: true,
      },
    })
    client.close()
  })
})

test('the WebSocket endpoint only exists at /v1/mpc', async () => {
  const c = await startTestCosigner()
  try {
    const ws = new WebSocket(`${c.url.replace('http', 'ws')}/elsewhere`)
    const error = await new Promise<Error>((resolve) => ws.on('error', resolve))
    expect(error.message).toBe('Unexpected server response: 404')
  } finally {
    await c.cleanup()
  }
})
