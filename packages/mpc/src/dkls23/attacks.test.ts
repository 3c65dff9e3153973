/**
 * docs/THRESHOLD.md#attacks-the-tests-must-cover, the items that concern signing (1, 3, 4, 5, 6,
 * 7): each tamper must end in the exact error code and culprit.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { decodePoint } from '../curve/index.ts'
import type { KeyShare } from '../dkg/keyShare.ts'
import type { Rng } from '../encoding/random.ts'
import { expectMpcError, expectMpcRejection } from '../ot/testing/expectMpcError.ts'
import { modQ, Q, readScalar, scalarBytes } from '../vole/scalars.ts'
import type { Round1Payload, Round2Payload, Round3Payload, SignMessage } from './messages.ts'
import { nonceX } from './signMath.ts'
import { createSignSession } from './signSession.ts'
import {
  createSessions,
  dealKey,
  dealPairs,
  presign,
  type RunOptions,
  route,
  sign,
  type Tamper,
} from './testing/harness.ts'

const { shares } = dealKey(2, 3)
const messageHash = randomBytes(32)
const base = (extra: Partial<RunOptions> = {}): RunOptions => ({
  shares,
  signers: [1, 2],
  pairs: dealPairs(3),
  messageHash,
  ...extra,
})

function flip(bytes: Uint8Array, at = 0): Uint8Array {
  const out = bytes.slice()
  out[at] = (out[at] as number) ^ 1
  return out
}

/** Rewrites the payload of the message from `from` to `to` in round `round`. */
function tamperWith<P>(round: 1 | 2 | 3, from: number, to: number, edit: (p: P) => P): Tamper {
  return (r, messages) =>
    r !== round
      ? messages
      : messages.map((m) =>
          m.from === from && m.to === to
            ? ({ ...m, payload: edit(m.payload as P) } as SignMessage)
            : m,
        )
}

const banOf = (culprit: number, message: string) =>
  ({ code: 'Ban', culprit, pair: [1, 2], message }) as const

describe('1. tampered OTE, vOLE and Γ → Ban, and the pair refuses to sign after', () => {
  const oteBan = banOf(2, 'OT extension: consistency check failed for the receiver 2')
  for (const field of ['u', 'xHat', 'tHat'] as const) {
    test(`OTE ${field}`, () => {
      const o = base({
        tamper: tamperWith<Round1Payload>(1, 2, 1, (p) => ({
          ...p,
          ote: { ...p.ote, [field]: flip(p.ote[field], 9) },
        })),
      })
      expectMpcError(() => presign(o), oteBan)
      const pair = o.pairs[1]?.[2]
      expect(pair?.banned).toBe(true)
      expect(pair?.sender.delta.every((b) => b === 0)).toBe(true)
      expectMpcError(() => createSessions(o), {
        code: 'Ban',
        culprit: 2,
        pair: [1, 2],
        message: 'dkls23: pair (1, 2) is banned until a fresh OT setup',
      })
    })
  }

  const voleBan = banOf(1, 'vOLE: consistency check failed for the sender 1')
  for (const field of ['aTilde', 'eta', 'muHat'] as const) {
    test(`vOLE ${field}`, () => {
      const o = base({
        tamper: tamperWith<Round2Payload>(2, 1, 2, (p) => ({
          ...p,
          vole: { ...p.vole, [field]: flip(p.vole[field], 40 % p.vole[field].length) },
        })),
      })
      expectMpcError(() => presign(o), voleBan)
      expect(o.pairs[2]?.[1]?.banned).toBe(true)
    })
  }

  for (const field of ['gammaU', 'gammaV'] as const) {
    test(`Γ ${field}`, () => {
      const other = secp256k1.Point.BASE.multiply(12345n).toBytes(true)
      const o = base({
        tamper: tamperWith<Round2Payload>(2, 2, 1, (p) => ({ ...p, [field]: other })),
      })
      expectMpcError(() => presign(o), banOf(2, 'dkls23: Γ check failed for party 2'))
      expect(o.pairs[1]?.[2]?.banned).toBe(true)
    })
  }
})

describe('3. Fiat–Shamir context', () => {
  test('a round-1 payload replayed under another sid → Ban', () => {
    const pairs = dealPairs(3)
    const earlier: SignMessage[] = []
    presign({ ...base(), pairs, transcript: earlier })
    const replay = earlier.find((m) => m.round === 1 && m.from === 2 && m.to === 1) as SignMessage
    const o = base({
      pairs,
      tamper: tamperWith<Round1Payload>(1, 2, 1, () => replay.payload as Round1Payload),
    })
    expectMpcError(
      () => presign(o),
      banOf(2, 'OT extension: consistency check failed for the receiver 2'),
    )
  })

  test("party 3's payload relabelled as party 2's → Ban naming 2", () => {
    const o = base({ signers: [1, 2, 3] })
    const steal: Tamper = (r, ms) => {
      if (r !== 1) return ms
      const from3 = ms.find((m) => m.from === 3 && m.to === 1) as SignMessage
      return ms.map((m) => (m.from === 2 && m.to === 1 ? { ...m, payload: from3.payload } : m))
    }
    expectMpcError(
      () => presign({ ...o, tamper: steal }),
      banOf(2, 'OT extension: consistency check failed for the receiver 2'),
    )
  })

  test('a message of another round, sid or key is Malformed', () => {
    const o = base()
    for (const [edit, message] of [
      [(m: SignMessage) => ({ ...m, round: 2 }), 'dkls23: expected round 1, got round 2'],
      [
        (m: SignMessage) => ({ ...m, sid: flip(m.sid) }),
        'dkls23: round 1: message for another session',
      ],
      [
        (m: SignMessage) => ({ ...m, keyId: 'other' }),
        'dkls23: round 1: message for another key or epoch',
      ],
      [(m: SignMessage) => ({ ...m, to: 3 }), 'dkls23: round 1: message addressed to 3'],
    ] as const) {
      const sessions = createSessions(o)
      const r1 = [...sessions.values()].flatMap((s) => s.round1())
      const bad = edit(route(r1, 1)[0] as SignMessage) as SignMessage
      expectMpcError(() => sessions.get(1)?.round2([bad]), {
        code: 'Malformed',
        culprit: 2,
        message,
      })
    }
  })
})

describe('4. presignature reuse', () => {
  test('a presignature signs once; w_i is released only after markConsumed resolves', async () => {
    const o = base()
    const presigs = presign(o)
    const p1 = presigs.get(1)
    if (p1 === undefined) throw new Error('no presignature')
    let release: () => void = () => {}
    const persisted: Uint8Array[] = []
    let resolved = false
    const pending = p1
      .sign(messageHash, {
        markConsumed: (id) =>
          new Promise<void>((resolve) => {
            persisted.push(id)
            release = resolve
          }),
      })
      .then((ms) => {
        resolved = true
        return ms
      })
    await Promise.resolve()
    expect(persisted).toEqual([p1.id])
    expect(resolved).toBe(false)
    // A second use while the first is being persisted, and after it, is refused.
    await expectMpcRejection(p1.sign(randomBytes(32), { markConsumed: async () => {} }), {
      code: 'Abort',
      culprit: undefined,
      message: 'dkls23: presignature already used',
    })
    release()
    const messages = await pending
    expect(messages).toHaveLength(1)
    await expectMpcRejection(p1.sign(messageHash, { markConsumed: async () => {} }), {
      code: 'Abort',
      culprit: undefined,
      message: 'dkls23: presignature already used',
    })
  })

  test('a failed markConsumed releases nothing and burns the presignature', async () => {
    const p1 = presign(base()).get(1)
    if (p1 === undefined) throw new Error('no presignature')
    await expectMpcRejection(
      p1.sign(messageHash, {
        markConsumed: async () => {
          throw new Error('disk full')
        },
      }),
      {
        code: 'Abort',
        culprit: undefined,
        message: 'dkls23: could not persist presignature consumption',
      },
    )
    await expectMpcRejection(p1.sign(messageHash, { markConsumed: async () => {} }), {
      code: 'Abort',
      culprit: undefined,
      message: 'dkls23: presignature already used',
    })
  })

  test('rounds run once and in order', () => {
    const s = createSessions(base()).get(1)
    expect(() => s?.round2([])).toThrow('dkls23: round 2 called at step 0')
    s?.round1()
    expect(() => s?.round1()).toThrow('dkls23: round 1 called at step 1')
    expect(() => s?.round2([])).toThrow()
    expect(() => s?.round2([])).toThrow('dkls23: session failed, start a new one')
  })
})

describe('5. party indices', () => {
  const options = (signers: number[]) => ({
    share: shares[0] as KeyShare,
    signers,
    pairs: dealPairs(3)[1] ?? {},
    nonces: Object.fromEntries(signers.map((i) => [i, randomBytes(32)])),
  })
  test('index 0, index ≥ q or beyond n, duplicates and a missing own index are rejected', () => {
    expect(() => createSignSession(options([0, 1]))).toThrow(
      new RangeError('signer index 0 outside [1, 3]'),
    )
    expect(() => createSignSession(options([1, 2 ** 256]))).toThrow(
      /signer index .* outside \[1, 3\]/,
    )
    expect(() => createSignSession(options([1, 4]))).toThrow(
      new RangeError('signer index 4 outside [1, 3]'),
    )
    expect(() => createSignSession(options([1, 2, 2]))).toThrow(
      new RangeError('duplicate signer index 2'),
    )
    expect(() => createSignSession(options([2, 3]))).toThrow(
      new RangeError('own index 1 is not a signer'),
    )
  })

  test('a message from index 0, from ourselves or from a non-signer is Malformed', () => {
    const o = base()
    for (const from of [0, 1, 3]) {
      const sessions = createSessions(o)
      const r1 = [...sessions.values()].flatMap((s) => s.round1())
      const m = route(r1, 1)[0] as SignMessage
      expectMpcError(() => sessions.get(1)?.round2([{ ...m, from }]), {
        code: 'Malformed',
        culprit: undefined,
        message: `dkls23: round 1: sender ${from} is not another signer`,
      })
    }
  })
})

/** An RNG that returns the given byte strings first (lengths must match), then fresh randomness. */
function scripted(...values: Uint8Array[]): Rng {
  return (length) => {
    const next = values.shift()
    if (next === undefined) return randomBytes(length)
    if (next.length !== length)
      throw new Error(`scripted rng: wanted ${length} bytes, have ${next.length}`)
    return next
  }
}

const wide = (v: bigint) => {
  const out = new Uint8Array(48)
  out.set(scalarBytes(v), 16)
  return out
}

describe('6. trivial values through an injected RNG', () => {
  test('R = O (r_2 = −r_1) → Abort at both parties', () => {
    const r1 = readScalar(randomBytes(32), 0) % Q
    const o = base({ rngs: { 1: scripted(wide(r1)), 2: scripted(wide(Q - r1)) } })
    const sessions = createSessions(o)
    const a = [...sessions.values()].flatMap((s) => s.round1())
    const b = [...sessions.entries()].flatMap(([i, s]) => s.round2(route(a, i)))
    for (const [i, s] of sessions) {
      expectMpcError(() => s.round3(route(b, i)), {
        code: 'Abort',
        culprit: undefined,
        message: 'dkls23: R = O',
      })
    }
  })

  test('a zero draw for r_i or φ_i is redrawn, never used', async () => {
    const o = base({ rngs: { 1: scripted(new Uint8Array(48), new Uint8Array(48)) } })
    const sigs = await sign(o)
    expect(sigs.get(1)?.compact).toEqual(sigs.get(2)?.compact)
  })

  test('r_x = 0 → Abort (the point with x = q exists on secp256k1)', () => {
    const x = scalarBytes(Q)
    const bytes = new Uint8Array(33)
    bytes[0] = 2
    bytes.set(x, 1)
    expectMpcError(() => nonceX(decodePoint(bytes)), {
      code: 'Abort',
      culprit: undefined,
      message: 'dkls23: r_x = 0',
    })
  })

  test('Σu = 0 (a rushing party broadcasts u_2 = −u_1) → Abort', async () => {
    let u1 = 0n
    const tamper: Tamper = (r, ms) => {
      if (r !== 3) return ms
      const own = ms.find((m) => m.from === 1) as SignMessage
      u1 = readScalar((own.payload as Round3Payload).u, 0)
      return ms.map((m) =>
        m.from === 2
          ? { ...m, payload: { ...(m.payload as Round3Payload), u: scalarBytes(modQ(-u1)) } }
          : m,
      )
    }
    await expectMpcRejection(sign(base({ tamper })), {
      code: 'Abort',
      culprit: undefined,
      message: 'dkls23: Σu = 0 (not attributable: u_j are unverifiable shares)',
    })
  })

  test('a tampered w → the combined signature does not verify → Abort', async () => {
    const tamper = tamperWith<Round3Payload>(3, 2, 1, (p) => ({ ...p, w: flip(p.w, 31) }))
    const o = base({ tamper })
    const presigs = presign(o)
    const out: SignMessage[] = []
    for (const p of presigs.values())
      out.push(...(await p.sign(messageHash, { markConsumed: async () => {} })))
    const r3 = tamper(3, out)
    expectMpcError(() => presigs.get(1)?.combine(route(r3, 1)), {
      code: 'Abort',
      culprit: undefined,
      message:
        'dkls23: the combined signature does not verify under PK′ (not attributable: some u_j or w_j is wrong)',
    })
  })

  test('Σ pk_j ≠ PK′ (party 2 signs with a wrong share, consistently) → Abort', () => {
    const s2 = shares[1] as KeyShare
    const wrong: KeyShare = {
      ...s2,
      secretShare: scalarBytes(modQ(readScalar(s2.secretShare, 0) + 1n)),
    }
    const o = base({ shares: [shares[0] as KeyShare, wrong, shares[2] as KeyShare] })
    expectMpcError(() => presign(o), {
      code: 'Abort',
      culprit: 2,
      message: 'dkls23: Σ pk_j ≠ PK′: party 2 sent a wrong pk_j',
    })
  })

  test('Σ pk_j ≠ PK′ with three signers → Abort without a culprit (ζ_j·G is not public)', () => {
    const s2 = shares[1] as KeyShare
    const wrong: KeyShare = {
      ...s2,
      secretShare: scalarBytes(modQ(readScalar(s2.secretShare, 0) + 1n)),
    }
    const o = base({
      signers: [1, 2, 3],
      shares: [shares[0] as KeyShare, wrong, shares[2] as KeyShare],
    })
    expectMpcError(() => presign(o), {
      code: 'Abort',
      culprit: undefined,
      message:
        'dkls23: Σ pk_j ≠ PK′ (not attributable with more than two signers: ζ_j·G is not public)',
    })
  })

  test('a commitment that does not open → Abort naming the party', () => {
    const o = base({
      tamper: tamperWith<Round2Payload>(2, 2, 1, (p) => ({ ...p, salt: flip(p.salt) })),
    })
    expectMpcError(() => presign(o), {
      code: 'Abort',
      culprit: 2,
      message: 'dkls23: party 2 opened a different R_j than committed',
    })
  })
})

describe('7. equivocation', () => {
  test('party 1 shows party 3 a different R_1 (consistently) → Abort at the echo check', async () => {
    const o = base({ signers: [1, 2, 3] })
    // Two instances of party 1 on one sid: the first talks to party 2, the twin to party 3.
    const nonces = Object.fromEntries(o.signers.map((i) => [i, randomBytes(32)]))
    const make = (i: number) =>
      createSignSession({
        share: o.shares[i - 1] as KeyShare,
        signers: o.signers,
        pairs: o.pairs[i] ?? {},
        nonces,
      })
    const [s1, twin, s2, s3] = [make(1), make(1), make(2), make(3)]
    const r1 = [
      ...s1.round1().filter((m) => m.to === 2),
      ...twin.round1().filter((m) => m.to === 3),
      ...s2.round1(),
      ...s3.round1(),
    ]
    const r2 = [
      ...s1.round2(route(r1, 1)).filter((m) => m.to === 2),
      ...twin.round2(route(r1, 1)).filter((m) => m.to === 3),
      ...s2.round2(route(r1, 2)),
      ...s3.round2(route(r1, 3)),
    ]
    // Every pairwise check passes: each honest party sees a consistent party 1.
    const p2 = s2.round3(route(r2, 2))
    const p3 = s3.round3(route(r2, 3))
    const from2 = await p2.sign(messageHash, { markConsumed: async () => {} })
    const from3 = await p3.sign(messageHash, { markConsumed: async () => {} })
    const echo2 = ((from2[0] as SignMessage).payload as Round3Payload).echo
    // Party 1 tells party 2 whatever matches party 2's view; party 3's echo gives it away.
    const forged = { ...(from3.find((m) => m.to === 2) as SignMessage), from: 1 }
    const fromAdversary = {
      ...forged,
      payload: { u: scalarBytes(1n), w: scalarBytes(1n), echo: echo2 },
    }
    expectMpcError(() => p2.combine([fromAdversary, ...route(from3, 2)]), {
      code: 'Abort',
      culprit: undefined,
      message:
        'dkls23: party 3 saw different round-1 commitments (equivocation; not attributable: any signer may have equivocated)',
    })
  })

  test('with two signers a wrong echo names the sender', async () => {
    const o = base({
      tamper: tamperWith<Round3Payload>(3, 2, 1, (p) => ({ ...p, echo: flip(p.echo) })),
    })
    await expectMpcRejection(sign(o), {
      code: 'Abort',
      culprit: 2,
      message: 'dkls23: party 2 sent a wrong echo of round 1',
    })
  })
})
