/**
 * The typed round payloads of `/v1/mpc`: every round of every run round-trips (request and
 * reply), unions keep their variant, and damaged payloads — truncated, trailing bytes, a wrong
 * length, an unknown variant tag, a value out of range, an unknown protocol or round — are refused
 * with an error naming the protocol, round and field.
 */
import { describe, expect, test } from 'vitest'
import {
  decodeCosignerReply,
  decodeCosignerRequest,
  encodeCosignerReply,
  encodeCosignerRequest,
} from './cosignerPayload.ts'
import { COSIGNER_RUNS } from './runs.ts'

const b = (n: number, fill = 7) => new Uint8Array(n).fill(fill)
const messages = [
  { from: 1, to: 2, round: 1, commitment: b(32), delta: 123n, list: [1, 'x', null, true] },
]
const request = {
  method: 'personal_sign',
  chainId: 'eip155:1',
  payload: '0x68656c6c6f',
  origin: 'https://app.example',
}
const commitment = { index: 1, epoch: 3, hiding: b(32, 1), binding: b(32, 2) }

/** One valid request and reply per round of every run. */
const SAMPLES: Record<string, Record<number, [unknown, unknown]>> = {
  dkg: {
    1: [
      {
        variant: 'start',
        curve: 'secp256k1',
        t: 2,
        n: 3,
        online: [1, 2],
        offline: [{ index: 3, encryptionKey: b(32) }],
        messages,
      },
      { variant: 'started', messages },
    ],
    2: [{ messages }, { messages: [] }],
    3: [{ messages }, { publicKey: b(33) }],
    4: [{ stored: true }, {}],
  },
  'dkls23-setup': {
    1: [
      { epoch: 0, message: { a: b(3) } },
      { message: { a: 1 }, reply: [b(2)] },
    ],
    2: [{ reply: { x: 'y' } }, {}],
  },
  'dkls23-presign': {
    1: [
      { keyId: 'k-1', epoch: 2, path: 'm/0/3', nonce: b(32) },
      { nonce: b(32), messages },
    ],
    2: [{ messages }, { messages, presignature: 'ab'.repeat(32) }],
  },
  'dkls23-sign': {
    1: [
      {
        variant: 'online',
        keyId: 'k',
        epoch: 0,
        path: 'm',
        request,
        digest: b(32, 9),
        nonce: b(32),
      },
      { variant: 'online', nonce: b(32), messages },
    ],
    2: [{ messages }, { messages }],
    3: [{ messages }, { signature: b(64), recovery: 1 }],
  },
  'frost-sign': {
    1: [
      {
        keyId: 'k',
        epoch: 3,
        path: 'm/2147483647',
        message: b(100),
        request: { method: 'solana_signMessage', payload: '0x00' },
        commitment,
      },
      { commitment: { ...commitment, index: 2 } },
    ],
    2: [{ share: { index: 1, share: b(32) } }, { signature: b(64) }],
  },
  refresh: {
    1: [{ epoch: 4, pendingAck: b(32), backupKey: b(32, 9), messages }, { messages }],
    2: [{ messages }, { messages }],
    3: [{ messages }, { epoch: 5, publicKey: b(32) }],
  },
}
SAMPLES['key-export'] = {
  1: [{ keyId: 'k1', epoch: 1, confirmation: 'I understand' }, { share: b(32) }],
}
SAMPLES.recovery = SAMPLES.refresh as Record<number, [unknown, unknown]>

const enc = encodeCosignerRequest as (p: string, r: number, v: unknown) => Uint8Array
const dec = decodeCosignerRequest as (p: string, r: number, b: Uint8Array) => unknown
const encReply = encodeCosignerReply as (p: string, r: number, v: unknown) => Uint8Array
const decReply = decodeCosignerReply as (p: string, r: number, b: Uint8Array) => unknown

const refusal = (shortMessage: string, code = 'Malformed') =>
  expect.objectContaining({ name: 'CosignerFrameError', code, shortMessage })

describe('round payloads', () => {
  test('every round of every run has a sample, and each round-trips both ways', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(COSIGNER_RUNS).sort())
    for (const [protocol, run] of Object.entries(COSIGNER_RUNS)) {
      const samples = SAMPLES[protocol] as Record<number, [unknown, unknown]>
      expect(Object.keys(samples)).toEqual(Object.keys(run.rounds))
      for (const [round, [req, rep]] of Object.entries(samples)) {
        const r = Number(round)
        expect(dec(protocol, r, enc(protocol, r, req)), `${protocol} ${r}`).toEqual(req)
        expect(decReply(protocol, r, encReply(protocol, r, rep)), `${protocol} ${r}`).toEqual(rep)
      }
    }
  })

  test('the other variants of a union and absent optional fields round-trip', () => {
    const ack = { variant: 'pendingAck', pendingAck: b(32) } as const
    expect(decodeCosignerRequest('dkg', 1, encodeCosignerRequest('dkg', 1, ack))).toEqual(ack)
    const presigned = {
      variant: 'presigned',
      keyId: 'k',
      epoch: 1,
      path: 'm/0/1',
      request: { method: 'eth_sendTransaction' },
      digest: b(32),
      presignature: 'cd'.repeat(32),
    } as const
    expect(
      decodeCosignerRequest('dkls23-sign', 1, encodeCosignerRequest('dkls23-sign', 1, presigned)),
    ).toEqual(presigned)
    const done = { variant: 'completed', epoch: 0, publicKey: b(33) } as const
    expect(decodeCosignerReply('dkg', 1, encodeCosignerReply('dkg', 1, done))).toEqual(done)
  })

  test('a known answer: the presign round 1 request layout', () => {
    const bytes = encodeCosignerRequest('dkls23-presign', 1, {
      keyId: 'k',
      epoch: 258,
      path: 'm/7',
      nonce: b(32, 0xee),
    })
    expect(Buffer.from(bytes).toString('hex')).toBe(
      `000000016b00000102000000036d2f37${'ee'.repeat(32)}`,
    )
  })

  test('truncated, trailing and wrongly sized payloads name the run, round and field', () => {
    const bytes = encodeCosignerRequest('dkls23-presign', 1, {
      keyId: 'k',
      epoch: 1,
      path: 'm',
      nonce: b(32),
    })
    expect(() => decodeCosignerRequest('dkls23-presign', 1, bytes.subarray(0, 20))).toThrow(
      refusal(
        'dkls23-presign round 1 request: truncated at byte 14 reading "nonce" (needs 32, 6 left)',
      ),
    )
    expect(() => decodeCosignerRequest('dkls23-presign', 1, new Uint8Array([...bytes, 0]))).toThrow(
      refusal('dkls23-presign round 1 request: 1 trailing bytes after the payload'),
    )
    expect(() =>
      encodeCosignerRequest('dkls23-presign', 1, { keyId: 'k', epoch: 1, path: 'm', nonce: b(31) }),
    ).toThrow(refusal('dkls23-presign round 1 request: "nonce" expected 32 bytes, got 31'))
    expect(() =>
      encodeCosignerRequest('dkls23-presign', 1, {
        keyId: 'k/1',
        epoch: 1,
        path: 'm',
        nonce: b(32),
      }),
    ).toThrow(refusal('dkls23-presign round 1 request: "keyId" expected /^[A-Za-z0-9_.-]{1,64}$/'))
    expect(() =>
      encodeCosignerRequest('dkls23-presign', 1, {
        keyId: 'k',
        epoch: -1,
        path: 'm',
        nonce: b(32),
      }),
    ).toThrow(
      refusal('dkls23-presign round 1 request: "epoch" expected an integer in 0..4294967295'),
    )
  })

  test('an unknown variant tag, literal or presence byte is refused', () => {
    expect(() => decodeCosignerRequest('dkg', 1, Uint8Array.of(5))).toThrow(
      refusal(
        'dkg round 1 request: "payload.variant" expected one of the variants start, pendingAck, got tag 5',
      ),
    )
    expect(() => decodeCosignerRequest('dkg', 1, Uint8Array.of(0, 9))).toThrow(
      refusal('dkg round 1 request: "curve" expected one of secp256k1, ed25519'),
    )
    const refresh = encodeCosignerRequest('refresh', 1, { epoch: 1, messages: [] })
    refresh[4] = 2
    expect(() => decodeCosignerRequest('refresh', 1, refresh)).toThrow(
      refusal('refresh round 1 request: "pendingAck" expected a presence byte (0 or 1)'),
    )
    expect(() => decodeCosignerRequest('dkg', 4, Uint8Array.of(2))).toThrow(
      refusal('dkg round 4 request: "stored" expected a boolean (0 or 1)'),
    )
  })

  test('a nested field error carries its path', () => {
    const bad = {
      variant: 'start',
      curve: 'ed25519',
      t: 2,
      n: 3,
      online: [1, 2],
      offline: [{ index: 3, encryptionKey: b(31) }],
      messages: [],
    } as const
    expect(() => encodeCosignerRequest('dkg', 1, bad)).toThrow(
      refusal('dkg round 1 request: "offline[0].encryptionKey" expected 32 bytes, got 31'),
    )
    const tooMany = { messages: Array.from({ length: 65 }, () => null) }
    expect(() => encodeCosignerRequest('refresh', 2, tooMany)).toThrow(
      refusal('refresh round 2 request: "messages" expected a list of at most 64 items'),
    )
    expect(() => decodeCosignerRequest('refresh', 2, Uint8Array.of(0, 0, 1, 0))).toThrow(
      refusal('refresh round 2 request: "messages" expected a list of at most 64 items, got 256'),
    )
  })

  test('a derivation path is non-hardened, canonical and bounded, on write and on read', () => {
    const presign = (path: string) => ({ keyId: 'k', epoch: 1, path, nonce: b(32) })
    const expected =
      '"path" expected a non-hardened path "m/n/…" (each n < 2^31, no leading zeros, at most 8 steps), got'
    const cases: [string, string][] = [
      ["m/0'/1", `the hardened step "0'" in "m/0'/1"`],
      ['m/0h', `the hardened step "0h" in "m/0h"`],
      ['m/2147483648', 'the step "2147483648" in "m/2147483648"'],
      ['m/01', 'the step "01" in "m/01"'],
      ['m/', 'the step "" in "m/"'],
      ['m/-1', 'the step "-1" in "m/-1"'],
      ['0/1', '"0/1" (must start with "m")'],
      ['m/1/2/3/4/5/6/7/8/9', '9 steps in "m/1/2/3/4/5/6/7/8/9"'],
    ]
    for (const [path, why] of cases) {
      expect(() => encodeCosignerRequest('dkls23-presign', 1, presign(path)), path).toThrow(
        refusal(`dkls23-presign round 1 request: ${expected} ${why}`),
      )
      // A peer that skips the check: the reader refuses the same bytes.
      const text = new TextEncoder().encode(path)
      const forged = Uint8Array.from([
        ...[0, 0, 0, 1, 0x6b, 0, 0, 0, 1],
        ...[0, 0, 0, text.length],
        ...text,
        ...b(32),
      ])
      expect(() => decodeCosignerRequest('dkls23-presign', 1, forged), path).toThrow(
        refusal(`dkls23-presign round 1 request: ${expected} ${why}`),
      )
    }
    expect(() =>
      decodeCosignerRequest(
        'dkls23-presign',
        1,
        encodeCosignerRequest('dkls23-presign', 1, presign('m/1/2/3/4/5/6/7/2147483647')),
      ),
    ).not.toThrow()
  })

  test('an unknown protocol or round is refused', () => {
    expect(() => dec('zz', 1, new Uint8Array(0))).toThrow(
      refusal('no payload layout for protocol "zz"', 'UnknownProtocol'),
    )
    expect(() => dec('frost-sign', 3, new Uint8Array(0))).toThrow(
      refusal('frost-sign has no round 3 (rounds 1..2)', 'OutOfOrder'),
    )
    expect(() => dec('toString', 1, new Uint8Array(0))).toThrow(
      refusal('no payload layout for protocol "toString"', 'UnknownProtocol'),
    )
  })

  test('types follow the protocol and round', () => {
    // @ts-expect-error: dkls23-presign round 1 needs a nonce
    expect(() => encodeCosignerRequest('dkls23-presign', 1, { keyId: 'k', epoch: 1 })).toThrow()
    // @ts-expect-error: frost-sign has no round 3
    expect(() => encodeCosignerRequest('frost-sign', 3, {})).toThrow()
    const reply = decodeCosignerReply(
      'dkls23-sign',
      3,
      encodeCosignerReply('dkls23-sign', 3, { signature: b(64), recovery: 0 }),
    )
    const recovery: number = reply.recovery
    expect(recovery).toBe(0)
  })
})
