/**
 * SoftSpokenOT k = 2 (the v2 parameter set, docs/THRESHOLD.md#security-parameters): the extension
 * correlation, the consistency check against a cheating receiver that guesses Δ, tampers, and
 * known answers pinning every byte the v2 extension puts on the wire.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import type { Rng } from '../encoding/random.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { bytesToWords, getBit, transposeBits, wordsToBytes } from './bits.ts'
import { KAPPA, type OteMessage, oteMessageBytes, oteReceive, oteSend } from './extension.ts'
import { OT_PARAMS } from './params.ts'
import { prgColumns } from './prg.ts'
import { rowHash } from './rowHash.ts'
import { dealOtSetup } from './testing/dealOtSetup.ts'
import { expectMpcError } from './testing/expectMpcError.ts'

const V2 = OT_PARAMS[2]
const PAIR = { self: 1, peer: 2 }
const BAN = {
  code: 'Ban' as const,
  culprit: 2,
  pair: [1, 2] as const,
  message: 'OT extension: consistency check failed for the receiver 2',
}

/** Counter-mode SHA-256 stream under a label: reproducible bytes, no global state. */
function stream(label: string): Rng {
  let counter = 0
  return (length) => {
    const out = new Uint8Array(length)
    for (let at = 0; at < length; at += 32) {
      const block = sha256(utf8ToBytes(`${label}/${counter++}`))
      out.set(block.subarray(0, Math.min(32, length - at)), at)
    }
    return out
  }
}

const deltaWords = (delta: Uint8Array) => bytesToWords(delta)

describe('SoftSpokenOT k = 2 extension (v2: ξ = 416, ℓ′ = 544)', () => {
  const { sender, receiver } = dealOtSetup(undefined, 2)
  const sid = stream('k2/sid')(32)
  const bob = oteReceive(receiver, sid, undefined, V2)
  const alice = oteSend(sender, sid, bob.message, PAIR, V2)

  test('u is κ/2 columns of ℓ′ bits: 8,704 bytes, half of k = 1 at the same ℓ′', () => {
    expect(bob.message.u.length).toBe(oteMessageBytes(V2).u)
    expect(oteMessageBytes(V2).u).toBe(((KAPPA / 2) * 544) / 8)
    expect([bob.choices.length, bob.rows.length, alice.rows.length]).toEqual([13, 3328, 3328])
  })

  test('correlation: q_j = t_j ⊕ x_j·Δ for every useful OT', () => {
    const delta = deltaWords(sender.delta)
    let ones = 0
    for (let j = 0; j < V2.xi; j++) {
      const x = getBit(bob.choices, j)
      ones += x
      for (let i = 0; i < 8; i++) {
        const expected = ((bob.rows[j * 8 + i] as number) ^ (x * (delta[i] as number))) >>> 0
        expect(alice.rows[j * 8 + i]).toBe(expected)
      }
    }
    expect(ones).toBeGreaterThan(100)
    expect(ones).toBeLessThan(V2.xi - 100)
  })

  test('every Δ_i pattern of a block works (Δ = 0, all ones, and each 2-bit value)', () => {
    for (const fill of [0x00, 0xff, 0x55, 0xaa, 0x1b]) {
      const rng = stream(`k2/fill/${fill}`)
      const dealt = dealOtSetup(rng, 2)
      // Re-deal the sender for the fixed Δ from the same leaves.
      const delta = new Uint8Array(32).fill(fill)
      const leaves = (dealt.receiver as { leaves: Uint8Array }).leaves
      const seeds = new Uint8Array(32 * 3 * 128)
      for (let i = 0; i < 128; i++) {
        const d = ((delta[i >>> 2] as number) >>> (2 * (i & 3))) & 3
        for (let m = 1; m < 4; m++)
          seeds.set(
            leaves.subarray(32 * (4 * i + (m ^ d)), 32 * (4 * i + (m ^ d) + 1)),
            96 * i + 32 * (m - 1),
          )
      }
      const s = randomSid(fill)
      const b = oteReceive(dealt.receiver, s, undefined, V2)
      const a = oteSend({ delta, seeds }, s, b.message, PAIR, V2)
      const dw = deltaWords(delta)
      for (let j = 0; j < V2.xi; j += 7) {
        const x = getBit(b.choices, j)
        for (let i = 0; i < 8; i++)
          expect(a.rows[j * 8 + i]).toBe(
            ((b.rows[j * 8 + i] as number) ^ (x * (dw[i] as number))) >>> 0,
          )
      }
    }
  })

  test('tampered u (any block), x̂ or t̂ → Ban; a message for another sid → Ban', () => {
    const flip = (bytes: Uint8Array, at: number, bit = 0) => {
      const out = bytes.slice()
      out[at] = (out[at] as number) ^ (1 << bit)
      return out
    }
    const send = (m: OteMessage) => () => oteSend(sender, sid, m, PAIR, V2)
    for (const at of [0, 67, 68, 4000, 8703])
      expectMpcError(send({ ...bob.message, u: flip(bob.message.u, at, at & 7) }), BAN)
    expectMpcError(send({ ...bob.message, xHat: flip(bob.message.xHat, 9) }), BAN)
    expectMpcError(send({ ...bob.message, tHat: flip(bob.message.tHat, 31) }), BAN)
    expectMpcError(send(oteReceive(receiver, randomSid(1), undefined, V2).message), BAN)
  })

  test('a v1-sized u under v2 is Malformed naming the receiver, not a Ban', () => {
    expectMpcError(
      () => oteSend(sender, sid, { ...bob.message, u: new Uint8Array(20480) }, PAIR, V2),
      {
        code: 'Malformed',
        culprit: 2,
        message: 'OT extension: "u" expected 8704 bytes',
      },
    )
  })

  test('a cheating receiver (another x in one block) passes only by guessing Δ_i: 1 of the 4 guesses', () => {
    // The receiver knows all leaves. It uses x in every block but flips row j0 of x in block i's
    // correction, then folds its guess g of Δ_i into t̂ (the only way the sender's q̂ ⊕ x̂·Δ can
    // equal it). The check must pass for exactly one g, the true Δ_i: probability 2^-k per block.
    const leaves = (receiver as { leaves: Uint8Array }).leaves
    const colWords = V2.lPrime / 32
    const s2 = randomSid(2)
    const nonce = taggedHash(TAGS.otExtPrg, s2).subarray(0, 12)
    const x = bytesToWords(stream('k2/cheat/x')(V2.lPrime / 8))
    const r = new Uint32Array(2 * KAPPA * colWords)
    prgColumns(leaves, 2 * KAPPA, nonce, colWords, r)
    const t = new Uint32Array(KAPPA * colWords)
    const u = new Uint32Array((KAPPA / 2) * colWords)
    for (let i = 0; i < KAPPA / 2; i++)
      for (let w = 0; w < colWords; w++) {
        const [r0, r1, r2, r3] = [0, 1, 2, 3].map(
          (k) => r[(4 * i + k) * colWords + w] as number,
        ) as [number, number, number, number]
        t[2 * i * colWords + w] = r1 ^ r3
        t[(2 * i + 1) * colWords + w] = r2 ^ r3
        u[i * colWords + w] = r0 ^ r1 ^ r2 ^ r3 ^ (x[w] as number)
      }
    const block = 37
    const j0 = 5
    u[block * colWords + (j0 >>> 5)] =
      (u[block * colWords + (j0 >>> 5)] as number) ^ (1 << (j0 & 31))
    const uBytes = wordsToBytes(u)
    const digest = taggedHash(TAGS.otExtChi, s2, uBytes)
    const chi = new Uint32Array(16)
    chi.set(bytesToWords(taggedHash(TAGS.otExtChi, digest, Uint8Array.of(0))), 0)
    chi.set(bytesToWords(taggedHash(TAGS.otExtChi, digest, Uint8Array.of(1))), 8)
    const rows = transposeBits(t, KAPPA, V2.lPrime)
    const { acc, xHat } = rowHash(rows, chi, V2.xi, x)
    // ê = W_{j0} in GF(2^128), bit-sliced: rowHash of a matrix whose only non-zero row is j0.
    const unit = new Uint32Array(V2.lPrime * 8)
    unit.fill(0xffffffff, j0 * 8, j0 * 8 + 8)
    const e = rowHash(unit, chi, V2.xi).acc
    const passed: number[] = []
    for (let g = 0; g < 4; g++) {
      const guess = acc.slice()
      for (let b = 0; b < 128; b++) {
        const word = b * 8 + ((2 * block) >>> 5)
        const mask = (g << ((2 * block) & 31)) & (e[word] as number)
        guess[word] = (guess[word] as number) ^ mask
      }
      const tHat = taggedHash(TAGS.otExtCheck, s2, wordsToBytes(guess))
      const message = { u: uBytes, xHat: wordsToBytes(xHat), tHat }
      try {
        oteSend(sender, s2, message, PAIR, V2)
        passed.push(g)
      } catch (err) {
        expectMpcError(() => {
          throw err
        }, BAN)
      }
    }
    const d = ((sender.delta[block >>> 2] as number) >>> (2 * (block & 3))) & 3
    expect(passed).toEqual([d])
  })
})

function randomSid(label: number): Uint8Array {
  return stream(`k2/sid/${label}`)(32)
}

/** The v2 setup from fixed bytes (`deltaFill` overrides Δ). */
function setupV2(label: string, deltaFill?: number) {
  const rng = stream(label)
  const leaves = rng(32 * 2 * KAPPA)
  const delta = deltaFill === undefined ? rng(KAPPA / 8) : new Uint8Array(KAPPA / 8).fill(deltaFill)
  const seeds = new Uint8Array(32 * 3 * (KAPPA / 2))
  for (let i = 0; i < KAPPA / 2; i++) {
    const d = ((delta[i >>> 2] as number) >>> (2 * (i & 3))) & 3
    for (let m = 1; m < 4; m++)
      seeds.set(
        leaves.subarray(32 * (4 * i + (m ^ d)), 32 * (4 * i + (m ^ d) + 1)),
        96 * i + 32 * (m - 1),
      )
  }
  return { sender: { delta, seeds }, receiver: { leaves } }
}

const hex16 = (bytes: Uint8Array) => bytesToHex(sha256(bytes)).slice(0, 32)

function run(label: string, deltaFill?: number) {
  const { sender, receiver } = setupV2(label, deltaFill)
  const sid = stream(`${label}/sid`)(32)
  const bob = oteReceive(receiver, sid, stream(`${label}/choices`), V2)
  const alice = oteSend(sender, sid, bob.message, PAIR, V2)
  return {
    u: hex16(bob.message.u),
    xHat: bytesToHex(bob.message.xHat),
    tHat: hex16(bob.message.tHat),
    choices: hex16(wordsToBytes(bob.choices)),
    rows: hex16(wordsToBytes(bob.rows)),
    senderRows: hex16(wordsToBytes(alice.rows)),
  }
}

describe('SoftSpokenOT k = 2 known answers', () => {
  test('random Δ, Δ = 0 and Δ = all ones', () => {
    expect({ a: run('k2-kat-a'), b: run('k2-kat-b', 0), c: run('k2-kat-c', 0xff) }).toEqual(KAT)
  })
})

// Pinned from this implementation when v2 was introduced (its correctness is the correlation and
// cheating tests above); any later change to these bytes is a wire change of the v2 set.
const KAT = {
  a: {
    u: '30d1d4d949f0a170b06206751549cc66',
    xHat: 'c2439ddfdc88e7d069296b3c1ad38bd1',
    tHat: 'c2564c4913237da4df607d9c12834b76',
    choices: 'f55017ddac27e0a41501b0e32330f1a9',
    rows: 'fcb8f0d4e409608d32100d516769b95a',
    senderRows: '6ea8725c06c44241248ba84fe8b46807',
  },
  // Δ = 0: the sender's rows are the receiver's.
  b: {
    u: '14717aff9b0faae3e79415ac3eec31d8',
    xHat: 'ab85fe7ab8e228c3bb8f6243783df45b',
    tHat: 'c626f87357c89d97941a4318b44a5de1',
    choices: 'ed69d049d827eded9b5fff0161c4a455',
    rows: 'ce07fc0e1a48950b37b2b945a3b55e97',
    senderRows: 'ce07fc0e1a48950b37b2b945a3b55e97',
  },
  c: {
    u: '7f92ea159e109e3c04ff377115d6b87d',
    xHat: '1de04b637c1740522af48f2a57264ca8',
    tHat: 'b50caeebd99242b84c6e5383ef12f2e9',
    choices: 'e7ae48b30b0178e5aa9e876d55f64f67',
    rows: '6f5f5554015017cd16b3a13b77c1f4a2',
    senderRows: '59ba7ab1084d86a5275530b076b171ca',
  },
}
