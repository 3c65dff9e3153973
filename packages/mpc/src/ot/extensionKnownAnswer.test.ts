/**
 * Known-answer regression for the OT extension: deterministic setups, sids and choice RNG, with
 * SHA-256 digests of every output pinned from the reference (bit-by-bit) implementation. Any
 * performance work on extension.ts, prg.ts, bits.ts or sha256Short.ts must leave these unchanged:
 * the wire format and the math are fixed (docs/THRESHOLD.md#base-ot-and-ot-extension). The x̂ and
 * t̂ digests were re-pinned once, deliberately, when χ came to be expanded from one hash of u; the
 * t̂ digests once more when the message came to carry H(sid, t̂) instead of t̂ (u, x̂ and every
 * row unchanged: the math is the same, only the encoding of the check value changed).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import type { Rng } from '../encoding/random.ts'
import { wordsToBytes } from './bits.ts'
import { KAPPA, type OteMessage, oteReceive, oteSend } from './extension.ts'
import { expectMpcError } from './testing/expectMpcError.ts'

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

/** The base-OT correlation from fixed bytes; `deltaFill` overrides Δ (all-zero/all-one edges). */
function setup(label: string, deltaFill?: number) {
  const rng = stream(label)
  const seeds0 = rng(32 * KAPPA)
  const seeds1 = rng(32 * KAPPA)
  const delta = deltaFill === undefined ? rng(KAPPA / 8) : new Uint8Array(KAPPA / 8).fill(deltaFill)
  const seeds = new Uint8Array(32 * KAPPA)
  for (let l = 0; l < KAPPA; l++) {
    const bit = ((delta[l >>> 3] as number) >>> (l & 7)) & 1
    seeds.set((bit === 1 ? seeds1 : seeds0).subarray(32 * l, 32 * l + 32), 32 * l)
  }
  return { sender: { delta, seeds }, receiver: { seeds0, seeds1 } }
}

const digest = (bytes: Uint8Array) => bytesToHex(sha256(bytes)).slice(0, 32)
const words = (w: Uint32Array) => digest(wordsToBytes(w))

function run(label: string, deltaFill?: number) {
  const { sender, receiver } = setup(label, deltaFill)
  const sid = stream(`${label}/sid`)(32)
  const bob = oteReceive(receiver, sid, stream(`${label}/choices`))
  const alice = oteSend(sender, sid, bob.message, { self: 1, peer: 2 })
  return {
    u: digest(bob.message.u),
    xHat: bytesToHex(bob.message.xHat),
    tHat: digest(bob.message.tHat),
    choices: words(bob.choices),
    rows: words(bob.rows),
    senderRows: words(alice.rows),
    lengths: [bob.choices.length, bob.rows.length, alice.rows.length],
  }
}

describe('OT extension known answers', () => {
  test('random Δ', () => {
    expect(run('kat-a')).toEqual(KAT_A)
  })
  test('Δ = 0 and Δ = all ones', () => {
    expect(run('kat-b', 0x00)).toEqual(KAT_B)
    expect(run('kat-c', 0xff)).toEqual(KAT_C)
  })
  test('the same inputs give the same outputs twice (no state carried between calls)', () => {
    expect(run('kat-a')).toEqual(KAT_A)
  })

  test('every single-bit tamper is a Ban; short fields are Malformed, checked u, xHat, tHat', () => {
    const { sender, receiver } = setup('kat-a')
    const sid = stream('kat-a/sid')(32)
    const bob = oteReceive(receiver, sid, stream('kat-a/choices'))
    const send = (m: OteMessage) => () => oteSend(sender, sid, m, { self: 1, peer: 2 })
    const ban = {
      code: 'Ban' as const,
      culprit: 2,
      pair: [1, 2] as const,
      message: 'OT extension: consistency check failed for the receiver 2',
    }
    const flip = (bytes: Uint8Array, at: number, bit: number) => {
      const out = bytes.slice()
      out[at] = (out[at] as number) ^ (1 << bit)
      return out
    }
    for (const at of [0, 63, 64, 2047, 2048, 10_000, 20_479])
      expectMpcError(send({ ...bob.message, u: flip(bob.message.u, at, at & 7) }), ban)
    for (let at = 0; at < 16; at++)
      expectMpcError(send({ ...bob.message, xHat: flip(bob.message.xHat, at, (at * 3) & 7) }), ban)
    for (let at = 0; at < 32; at++)
      expectMpcError(send({ ...bob.message, tHat: flip(bob.message.tHat, at, (at * 5) & 7) }), ban)
    const malformed = (title: string, n: number) => ({
      code: 'Malformed' as const,
      culprit: 2,
      message: `OT extension: "${title}" expected ${n} bytes`,
    })
    const short = new Uint8Array(1)
    expectMpcError(send({ u: short, xHat: short, tHat: short }), malformed('u', 20480))
    expectMpcError(send({ ...bob.message, xHat: short, tHat: short }), malformed('xHat', 16))
    expectMpcError(send({ ...bob.message, tHat: short }), malformed('tHat', 32))
    expectMpcError(send(undefined as unknown as OteMessage), malformed('u', 20480))
  })
})

// Digests (first 16 bytes of SHA-256) from the reference implementation at commit 0bc2f78; tHat
// re-pinned when the message came to carry H(sid, t̂) (see the header).
const KAT_A = {
  u: 'b40a475b99dfab9c2daaf74ec0f86526',
  xHat: 'bed5875162f636ddcf6e314548776704',
  tHat: 'a7e15664ff55c301bd77eeaa34153bc9',
  choices: '9516bc686d3ed72d6da29565e0bae262',
  rows: 'ff4ff11c4242821d616a263f9ac195aa',
  senderRows: '77d6f5536a458d34fba91b6108ebfe4d',
  lengths: [16, 4096, 4096],
}
const KAT_B = {
  u: 'd519cba06810d6de4ca51a40fb6f15dd',
  xHat: '7cbc03321880e14de21a67cd0b34bef0',
  tHat: 'c67bff51a1728a679668543088f14c17',
  choices: '6b347b575d5810a4b9fea84d961a1b0d',
  rows: '511baeec08c164bb66cb1fb1154da342',
  senderRows: '511baeec08c164bb66cb1fb1154da342',
  lengths: [16, 4096, 4096],
}
const KAT_C = {
  u: '9108ac56f2921492edc985c56fc09d71',
  xHat: 'e32a051b83e9e1fc8e61bebdf6e1036b',
  tHat: '11da6c2d8ae6218b761562c620060d9a',
  choices: '6a187775aef7c0e2859830a0536a5cae',
  rows: 'fff570754acce7dcdc33cc9303b24be4',
  senderRows: '0d26eee157c777e010914cc20cf7c3c1',
  lengths: [16, 4096, 4096],
}
