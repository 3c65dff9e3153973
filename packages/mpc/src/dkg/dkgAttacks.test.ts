/**
 * docs/THRESHOLD.md#attacks-the-tests-must-cover, DKG part: 3 (Fiat–Shamir context), 5 (indices),
 * 7 (equivocation), 8 (proof of knowledge, absent party). Each asserts the exact code and culprit.
 */
import { describe, expect, test } from 'vitest'
import { MpcError } from '../errors.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { seededRng } from '../test/rng.ts'
import { revealCommit } from './common.ts'
import { dkgReveal } from './dkgReveal.ts'
import { dkgStart } from './dkgStart.ts'
import { importOfflineShare } from './importOfflineShare.ts'
import type { DkgMessage, DkgRound2Payload, DkgRound3Payload, RevealPackage } from './types.ts'

function caught(run: () => unknown): MpcError {
  try {
    run()
  } catch (e) {
    if (e instanceof MpcError) return e
    throw e
  }
  throw new Error('expected an MpcError')
}

function expectMpc(
  run: () => unknown,
  code: MpcError['code'],
  culprit: number | undefined,
  message: string,
) {
  const err = caught(run)
  expect({ code: err.code, culprit: err.culprit, message: err.message }).toEqual({
    code,
    culprit,
    message,
  })
}

const base = { curve: 'secp256k1' as const, keyId: 'k', t: 2, n: 3 }

describe('attack 5: party indices', () => {
  test.each([
    [[0, 1], 'invalid DKG parameters: "online[0]" expected integer in [1, 3], got 0'],
    [[1, 1, 2], 'invalid DKG parameters: duplicate party index 1'],
    [
      [1, 2 ** 52],
      `invalid DKG parameters: "online[1]" expected integer in [1, 3], got ${2 ** 52}`,
    ],
    [[2, 3], 'invalid DKG parameters: "online" must contain our own index'],
  ])('online %j is rejected', (online, message) => {
    expectMpc(() => dkgStart({ ...base, index: 1, online }), 'Malformed', undefined, message)
  })

  test('our own index as an offline counterparty is rejected', () => {
    expectMpc(
      () =>
        dkgStart({
          ...base,
          index: 1,
          online: [1, 2],
          offline: [{ index: 1, encryptionKey: new Uint8Array(32) }],
        }),
      'Malformed',
      undefined,
      'invalid DKG parameters: our own index cannot be an offline party',
    )
  })

  test('inbound messages from index 0, from our own index, or duplicated are rejected', () => {
    const withSender = (from: number) => (m: DkgMessage) =>
      m.round === 1 && m.to === 1 && m.from === 2 ? { ...m, from } : m
    expectMpc(
      () => runDkg({ ...base, tamper: withSender(0) }),
      'Malformed',
      undefined,
      'invalid sender index 0',
    )
    expectMpc(
      () => runDkg({ ...base, tamper: withSender(1) }),
      'Malformed',
      undefined,
      'message claims our own index 1 as sender',
    )
    expectMpc(
      () =>
        runDkg({
          ...base,
          tamper: (m) => (m.round === 2 && m.from === 2 && m.to === 1 ? [m, m] : m),
        }),
      'Malformed',
      2,
      'duplicate message from 2',
    )
  })
})

describe('attack 7: equivocation', () => {
  test('different round-2 commitments to different parties → Abort naming the equivocator', () => {
    const tamper = (m: DkgMessage) => {
      if (m.round === 2 && m.from === 1 && m.to === 3) {
        const p = m.payload as DkgRound2Payload
        return { ...m, payload: { ...p, commit: new Uint8Array(32).fill(7) } } as DkgMessage
      }
      return m
    }
    // Honest party 3 (first to process) blames 1 from 1's own echo; honest 2 from 3's echo.
    expectMpc(
      () => runDkg({ ...base, tamper, order: [3, 2, 1] }),
      'Abort',
      1,
      'echo mismatch for round 2 reported by 1: party 1 equivocated',
    )
    expectMpc(
      () => runDkg({ ...base, tamper, order: [2, 3, 1] }),
      'Abort',
      1,
      'echo mismatch for round 2 reported by 3: party 1 equivocated',
    )
  })

  test('different round-1 nonces to different parties → Abort (sids diverge)', () => {
    const tamper = (m: DkgMessage) =>
      m.round === 1 && m.from === 2 && m.to === 3
        ? ({ ...m, payload: { nonce: new Uint8Array(32) } } as DkgMessage)
        : m
    const err = caught(() => runDkg({ ...base, tamper }))
    expect(err.code).toBe('Abort')
    expect(err.message).toMatch(/^message from \d carries another sid$/)
  })
})

describe('attack 8: proofs of knowledge and absent parties', () => {
  test('an invalid proof of knowledge (committed and echoed consistently) → Abort culprit', () => {
    const corrupt = (
      index: number,
      step: number,
      states: Map<number, import('./types.ts').DkgState>,
      out: DkgMessage[],
    ) => {
      if (index !== 2 || step !== 2) return
      const state = states.get(2)
      if (state?.reveal === undefined || state.sid === undefined) throw new Error('no state')
      const z = state.reveal.proof.z.slice()
      z[31] = (z[31] as number) ^ 1
      const bad: RevealPackage = { ...state.reveal, proof: { R: state.reveal.proof.R, z } }
      state.reveal = bad
      for (const m of out)
        (m.payload as { commit: Uint8Array }).commit = revealCommit(state.sid, 2, bad)
    }
    expectMpc(
      () => runDkg({ ...base, corrupt }),
      'Abort',
      2,
      'invalid proof of knowledge from party 2',
    )
  })

  test('a missing proof of knowledge is Malformed with the sender as culprit', () => {
    const tamper = (m: DkgMessage) => {
      if (m.round !== 3 || m.from !== 3) return m
      const p = m.payload as DkgRound3Payload
      const { proof: _proof, ...rest } = p.reveal
      return { ...m, payload: { ...p, reveal: rest } } as unknown as DkgMessage
    }
    expectMpc(
      () => runDkg({ ...base, tamper }),
      'Malformed',
      3,
      'invalid round 3 payload from 3: "proof" expected object',
    )
  })

  test("party j replaying party i's commitments and proof as its own → Abort culprit j", () => {
    const corrupt = (
      index: number,
      step: number,
      states: Map<number, import('./types.ts').DkgState>,
      out: DkgMessage[],
    ) => {
      if (index !== 2 || step !== 2) return
      const victim = states.get(1)?.reveal
      const state = states.get(2)
      if (victim === undefined || state?.reveal === undefined || state.sid === undefined)
        throw new Error('no state')
      const copy: RevealPackage = {
        ...state.reveal,
        commitments: victim.commitments,
        proof: victim.proof,
      }
      state.reveal = copy
      for (const m of out)
        (m.payload as { commit: Uint8Array }).commit = revealCommit(state.sid, 2, copy)
    }
    expectMpc(
      () => runDkg({ ...base, corrupt }),
      'Abort',
      2,
      'invalid proof of knowledge from party 2',
    )
  })

  test('a party absent from the commit round → Abort naming it', () => {
    const tamper = (m: DkgMessage) => (m.round === 2 && m.from === 3 ? undefined : m)
    expectMpc(() => runDkg({ ...base, tamper }), 'Abort', 3, 'no round 2 message from party 3')
  })

  test('a share that does not match the dealer commitments → Abort culprit', () => {
    const tamper = (m: DkgMessage) => {
      if (m.round !== 3 || m.from !== 1 || m.to !== 2) return m
      const p = m.payload as DkgRound3Payload
      const share = p.share.slice()
      share[31] = (share[31] as number) ^ 1
      return { ...m, payload: { ...p, share } } as DkgMessage
    }
    expectMpc(
      () => runDkg({ ...base, tamper }),
      'Abort',
      1,
      'share from party 1 does not match its commitments',
    )
  })
})

describe('attack 3: context binding', () => {
  test('a round-3 message replayed into another session fails (sid)', () => {
    const recorded: DkgMessage[] = []
    runDkg({
      ...base,
      rng: seededRng('a'),
      tamper: (m) => {
        recorded.push(m)
        return m
      },
    })
    const old = recorded.find((m) => m.round === 3 && m.from === 1 && m.to === 2) as DkgMessage
    const tamper = (m: DkgMessage) => (m.round === 3 && m.from === 1 && m.to === 2 ? old : m)
    expectMpc(
      () => runDkg({ ...base, rng: seededRng('b'), tamper }),
      'Abort',
      1,
      'message from 1 carries another sid',
    )
  })

  test('the same payload re-labelled with the current sid does not open the commitment', () => {
    const recorded: DkgMessage[] = []
    runDkg({
      ...base,
      rng: seededRng('c'),
      tamper: (m) => {
        recorded.push(m)
        return m
      },
    })
    const old = recorded.find((m) => m.round === 3 && m.from === 1 && m.to === 2) as DkgMessage
    const tamper = (m: DkgMessage) => {
      if (m.round !== 3 || m.from !== 1 || m.to !== 2) return m
      const p = m.payload as DkgRound3Payload
      return { ...m, payload: { ...(old.payload as DkgRound3Payload), echo: p.echo } } as DkgMessage
    }
    expectMpc(
      () => runDkg({ ...base, rng: seededRng('d'), tamper }),
      'Abort',
      1,
      'reveal from party 1 does not open its round-2 commitment',
    )
  })

  test('a payload sent under another round number is Malformed', () => {
    const tamper = (m: DkgMessage) =>
      m.round === 2 && m.from === 3 && m.to === 1 ? { ...m, round: 3 } : m
    expectMpc(
      () => runDkg({ ...base, tamper }),
      'Malformed',
      3,
      'message from 3 is for round 3, expected 2',
    )
  })
})

test('the state machine rejects out-of-order use', () => {
  const { state } = dkgStart({ ...base, index: 1, online: [1, 2, 3] })
  expect(() => dkgReveal(state, [])).toThrow('dkgReveal: DKG state is at step 2, expected 3')
})

test('a tampered backup dealing is rejected on import, naming the dealer', () => {
  const { transcript, offlineKeys } = runDkg({ ...base, online: [1, 2], rng: seededRng('backup') })
  const key = offlineKeys.get(3)?.secretKey as Uint8Array
  const reveals = transcript.reveals.map((r, k) => {
    if (k !== 0) return r
    const first = r.backups[0]
    if (first === undefined) throw new Error('no dealing')
    const ct = first.ciphertext.slice()
    ct[70] = (ct[70] as number) ^ 1
    return { ...r, backups: [{ to: 3, ciphertext: ct }] }
  })
  expect(importOfflineShare(transcript, 3, key).index).toBe(3)
  expectMpc(
    () => importOfflineShare({ ...transcript, reveals }, 3, key),
    'Abort',
    1,
    'dealing from party 1 does not decrypt',
  )
})
