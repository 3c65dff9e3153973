/**
 * Regression vector for the vOLE: fixed rows, Δ, choice bits and Alice's randomness give pinned
 * digests of every output. Speed work on `rvole.ts` must leave these bytes unchanged (the values were
 * produced by the BigInt reference loop this file was written against).
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
      '9828ccc30a7dab4d67f99afa44b991db5c7adc479b5b41ae9c9dccf647233364',
    )
    expect(bytesToHex(alice.message.eta)).toBe(
      'b82ad33d9fdf36cb8c9d4af5101bb8713ac926e38f3d1842a4cc6f18b6826acf50110382247f1dcc61e9e74a7955e74d082639e2895a2c4fe5b54b83aec1872d',
    )
    expect(bytesToHex(alice.message.muHat)).toBe(
      'a1a30baa7fc2416b4eb2fc73cee1e21d64a3e5e6bb8b0e87a74a18853cc9abde',
    )
    expect(digest(...alice.c.map(scalarBytes), ...bob.d.map(scalarBytes))).toBe(
      'c367ae2a0fcfa19f5fad81ddbe89d1849373623533a2affe757ea665aafbf79a',
    )
  })
})
