/**
 * Regression vector for the vOLE: fixed rows, Δ, choice bits and Alice's randomness give pinned
 * digests of every output. Speed work on `rvole.ts` must leave these bytes unchanged (the values were
 * produced by the BigInt reference loop this file was written against). ã, η̃ and μ̂ were re-pinned
 * once, deliberately, when the check came to use one pad â and ⟨θ, ·⟩ (3 scalars a row, one η̃):
 * c and d, which do not depend on the check, kept their pinned digest.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { XI } from '../ot/extension.ts'
import { gadgetVector, voleReceive, voleSend } from './rvole.ts'
import { scalarBytes } from './scalars.ts'

/** Deterministic bytes: SHA-256(label ‖ counter) blocks. */
function stream(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length)
  const tag = new TextEncoder().encode(label)
  for (let i = 0, at = 0; at < length; i++, at += 32) {
    const block = sha256(
      new Uint8Array([...tag, i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255]),
    )
    out.set(block.subarray(0, Math.min(32, length - at)), at)
  }
  return out
}

function words(bytes: Uint8Array): Uint32Array {
  return new Uint32Array(bytes.slice().buffer)
}

const digest = (...parts: Uint8Array[]) =>
  bytesToHex(sha256(Uint8Array.from(parts.flatMap((p) => [...p]))))

describe('vOLE known answer', () => {
  test('fixed rows, Δ, choices and randomness give the pinned outputs', () => {
    const sid = stream('sid', 32)
    const gadget = gadgetVector(stream('gadget', 32))
    const delta = stream('delta', 32)
    const deltaWords = words(delta)
    const aliceRows = words(stream('rows', XI * 32))
    const choices = words(stream('choices', XI / 8))
    const bobRows = aliceRows.slice()
    for (let j = 0; j < XI; j++) {
      if (((choices[j >>> 5] as number) >>> (j & 31)) & 1) {
        for (let i = 0; i < 8; i++)
          bobRows[8 * j + i] = (bobRows[8 * j + i] as number) ^ (deltaWords[i] as number)
      }
    }
    const inputs: [bigint, bigint] = [0x1234567890abcdefn ** 3n, (1n << 255n) + 12345n]
    const rng = (n: number) => stream('alice-rng', n)
    const alice = voleSend({ gadget, sid, rows: aliceRows, delta, inputs, rng })
    const bob = voleReceive({
      gadget,
      sid,
      rows: bobRows,
      choices,
      message: alice.message,
      pair: { self: 1, peer: 2 },
    })
    expect(digest(alice.message.aTilde)).toBe(
      'da47376d72f7e67aab6dbaef9a14cab76b9679a8bdb3a5c4d46fdf9117d48518',
    )
    expect(bytesToHex(alice.message.eta)).toBe(
      'a1336dffa46fa9f3bb65c70d18c7d6bbdd597be85e2eb034b74278b27d724274',
    )
    expect(bytesToHex(alice.message.muHat)).toBe(
      '3ff901979cd18902862cb8c5c49e962ce533aabfaa6eb180efdb0ba232ac85a4',
    )
    expect(digest(...alice.c.map(scalarBytes), ...bob.d.map(scalarBytes))).toBe(
      'c367ae2a0fcfa19f5fad81ddbe89d1849373623533a2affe757ea665aafbf79a',
    )
  })
})
