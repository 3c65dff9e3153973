import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { seededRng } from '../test/rng.ts'
import { BASE_OT_COUNT, baseOtChoose, baseOtReceive, baseOtSend } from './base.ts'

const SENDER = 2
const RECEIVER = 1

const bit = (bits: Uint8Array, l: number) => ((bits[l >>> 3] as number) >>> (l & 7)) & 1
const slot = (pads: Uint8Array, l: number) => pads.subarray(l * 32, l * 32 + 32)
const u16 = (l: number) => Uint8Array.of(l >>> 8, l & 0xff)
const scalarLE = (bytes: Uint8Array) => bytes.reduceRight((v, x) => (v << 8n) | BigInt(x), 0n)

describe('endemic base OT', () => {
  const sid = randomBytes(32)
  const choices = randomBytes(32)
  // Seeded, so that the sid test below can rerun the same randomness under another sid.
  const { message, state } = baseOtChoose(sid, choices, seededRng('receiver'))
  // Receiver states for the later tests, cloned before the real one is consumed.
  const spare = [structuredClone(state), structuredClone(state), structuredClone(state)]
  const plain = structuredClone(state)
  const flipped = structuredClone(state)
  flipped.choices.forEach((b, i) => {
    flipped.choices[i] = b ^ 0xff
  })
  const sent = baseOtSend(sid, message, RECEIVER, seededRng('sender'))
  const pads = baseOtReceive(state, sent.message, SENDER)

  test('the receiver gets the pad of its choice bit, never the other one', () => {
    for (let l = 0; l < BASE_OT_COUNT; l++) {
      const b = bit(choices, l)
      expect(slot(pads, l)).toEqual(slot(b === 1 ? sent.pads1 : sent.pads0, l))
      expect(slot(pads, l)).not.toEqual(slot(b === 1 ? sent.pads0 : sent.pads1, l))
    }
  })

  test('r_b and the receiver pad are the THRESHOLD.md formulas, computed plainly with noble', () => {
    // From the receiver's α_l: r_b = α·G − H_G(sid, l, r_{1−b}), pad = H(sid, l, b, r_0‖r_1, A, α·A).
    const G = ristretto255.Point.BASE
    for (const l of [0, 1, 77, 128, 255]) {
      const b = bit(choices, l)
      const r01 = message.r.subarray(l * 64, l * 64 + 64)
      const rb = r01.subarray(32 * b, 32 * b + 32)
      const other = r01.subarray(32 * (1 - b), 32 * (1 - b) + 32)
      const alpha = scalarLE(plain.alphas.subarray(l * 32, l * 32 + 32))
      const hg = ristretto255_hasher.hashToCurve(taggedHash(TAGS.otBaseGroup, sid, u16(l), other))
      expect(rb).toEqual(G.multiply(alpha).subtract(hg).toBytes())
      const a = sent.message.a // one A for the batch
      const m = ristretto255.Point.fromBytes(a).multiply(alpha).toBytes()
      const j = Uint8Array.of(b)
      expect(slot(pads, l)).toEqual(taggedHash(TAGS.otBasePad, sid, u16(l), j, r01, a, m))
    }
  })

  test('both sender pads are the THRESHOLD.md formulas under one key a for the batch (noble)', () => {
    // The sender's key is its first draw: 64 bytes reduced mod ℓ (no redraw for this seed).
    const a = scalarLE(seededRng('sender')(64)) % ristretto255.Point.Fn.ORDER
    const A = ristretto255.Point.BASE.multiply(a)
    expect(sent.message.a).toEqual(A.toBytes())
    const hg = (l: number, p: Uint8Array) =>
      ristretto255_hasher.hashToCurve(taggedHash(TAGS.otBaseGroup, sid, u16(l), p))
    for (const l of [0, 3, 200, 255]) {
      const r01 = message.r.subarray(l * 64, l * 64 + 64)
      const r = [r01.subarray(0, 32), r01.subarray(32, 64)]
      for (const j of [0, 1]) {
        const y = ristretto255.Point.fromBytes(r[j] as Uint8Array).add(
          hg(l, r[1 - j] as Uint8Array),
        )
        const m = y.multiply(a).toBytes()
        const want = taggedHash(TAGS.otBasePad, sid, u16(l), Uint8Array.of(j), r01, A.toBytes(), m)
        expect(slot(j === 1 ? sent.pads1 : sent.pads0, l)).toEqual(want)
      }
    }
  })

  test('flipping the choice bits after the fact yields neither pad (independence)', () => {
    const other = baseOtReceive(flipped, sent.message, SENDER)
    for (let l = 0; l < BASE_OT_COUNT; l++) {
      expect(slot(other, l)).not.toEqual(slot(sent.pads0, l))
      expect(slot(other, l)).not.toEqual(slot(sent.pads1, l))
    }
  })

  test('pads are distinct across instances, and across sids for the same choices', () => {
    const seen = new Set<string>()
    for (let l = 0; l < BASE_OT_COUNT; l++) {
      seen.add(slot(sent.pads0, l).join())
      seen.add(slot(sent.pads1, l).join())
    }
    expect(seen.size).toBe(2 * BASE_OT_COUNT)
    // Same receiver and sender randomness as the run above, another sid: every pad changes.
    const sid2 = randomBytes(32)
    const b = baseOtChoose(sid2, choices, seededRng('receiver'))
    const s2 = baseOtSend(sid2, b.message, RECEIVER, seededRng('sender'))
    for (let l = 0; l < BASE_OT_COUNT; l++) {
      expect(slot(sent.pads0, l)).not.toEqual(slot(s2.pads0, l))
      expect(slot(sent.pads1, l)).not.toEqual(slot(s2.pads1, l))
    }
  })

  test('the receiver state is single-use', () => {
    expect(() => baseOtReceive(state, sent.message, SENDER)).toThrow('step 2 already done')
  })

  function expectMpc(fn: () => unknown, code: string, culprit: number, text: string) {
    try {
      fn()
    } catch (e) {
      expect(e).toBeInstanceOf(MpcError)
      expect((e as MpcError).code).toBe(code)
      expect((e as MpcError).culprit).toBe(culprit)
      expect((e as MpcError).message).toContain(text)
      return
    }
    throw new Error('expected an MpcError')
  }

  test('the sender rejects identity, invalid encodings and r_0 = r_1', () => {
    const identity = message.r.slice()
    identity.set(ristretto255.Point.ZERO.toBytes(), 5 * 64)
    expectMpc(
      () => baseOtSend(sid, { r: identity }, RECEIVER),
      'Malformed',
      RECEIVER,
      'r_0[5] is the identity',
    )
    const invalid = message.r.slice()
    invalid.fill(0xff, 7 * 64 + 32, 8 * 64)
    expectMpc(
      () => baseOtSend(sid, { r: invalid }, RECEIVER),
      'Malformed',
      RECEIVER,
      'r_1[7] is not a ristretto255 point',
    )
    const equal = message.r.slice()
    equal.copyWithin(9 * 64 + 32, 9 * 64, 9 * 64 + 32)
    expectMpc(
      () => baseOtSend(sid, { r: equal }, RECEIVER),
      'Abort',
      RECEIVER,
      'r_0 = r_1 in instance 9',
    )
    expectMpc(
      () => baseOtSend(sid, { r: message.r.subarray(1) }, RECEIVER),
      'Malformed',
      RECEIVER,
      'wrong length',
    )
  })

  test('the receiver rejects an identity or invalid A, and an A of the wrong length', () => {
    expect(sent.message.a).toHaveLength(32)
    for (const [bytes, text] of [
      [ristretto255.Point.ZERO.toBytes(), 'A is the identity'],
      [new Uint8Array(32).fill(0xff), 'A is not a ristretto255 point'],
      [new Uint8Array(64), 'wrong length'],
    ] as const) {
      const fresh = spare.pop()
      if (fresh === undefined) throw new Error('no spare receiver state')
      expectMpc(() => baseOtReceive(fresh, { a: bytes.slice() }, SENDER), 'Malformed', SENDER, text)
    }
  })
})
