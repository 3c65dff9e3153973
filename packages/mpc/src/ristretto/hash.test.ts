import { ristretto255_hasher } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'
import * as fc from 'fast-check'
import { expect, test } from 'vitest'
import { encode } from './encoding.ts'
import { fromBytes, toBig } from './field.ts'
import { DEFAULT_DST, fromUniformBytes, hashToGroup, map } from './hash.ts'

test('hashToGroup equals noble hashToCurve (default DST and others)', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ minLength: 1, maxLength: 40 }),
      (m, dst) => {
        expect(encode(hashToGroup(m))).toEqual(ristretto255_hasher.hashToCurve(m).toBytes())
        expect(encode(hashToGroup(m, dst))).toEqual(
          ristretto255_hasher.hashToCurve(m, { DST: dst }).toBytes(),
        )
      },
    ),
    { numRuns: 300 },
  )
  expect(DEFAULT_DST).toBe('ristretto255_XMD:SHA-512_R255MAP_RO_')
})

test('element derivation (RFC 9496 §4.3.4) equals noble on uniform and edge bytes', () => {
  const edges = [new Uint8Array(64), new Uint8Array(64).fill(0xff), new Uint8Array(64).fill(0x80)]
  for (const s of ['Ristretto is traditionally a short shot of espresso coffee', 'x', '']) {
    edges.push(sha512(new TextEncoder().encode(s)))
  }
  const derive = ristretto255_hasher.deriveToCurve
  if (derive === undefined) throw new Error('noble has no deriveToCurve')
  const check = (b: Uint8Array) => {
    expect(encode(fromUniformBytes(b))).toEqual(derive(b).toBytes())
  }
  for (const b of edges) check(b)
  fc.assert(fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), check), { numRuns: 300 })
  expect(() => fromUniformBytes(new Uint8Array(63))).toThrow(RangeError)
})

test('the map ignores bit 255 of its input (the field element is read mod 2^255)', () => {
  const b = new Uint8Array(32).fill(7)
  const c = b.slice()
  c[31] = (c[31] as number) | 0x80
  expect(toBig(fromBytes(c, 0, true))).toBe(toBig(fromBytes(b, 0, true)))
  expect(encode(map(fromBytes(c, 0, true)))).toEqual(encode(map(fromBytes(b, 0, true))))
})
