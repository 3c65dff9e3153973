import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { expectMpcError, expectMpcRejection } from '../ot/testing/expectMpcError.ts'
import { Q, scalarBytes } from '../vole/scalars.ts'
import type { SignMessage } from './messages.ts'
import type { Presignature } from './presignature.ts'
import {
  decodePresignature,
  encodeConsumedMarker,
  encodePresignature,
} from './presignatureCodec.ts'
import { dealKey, dealPairs, KEY_ID, presign, route } from './testing/harness.ts'

const { shares } = dealKey(2, 3)
const pairs = dealPairs(3)
const signers = [1, 3]
const fresh = () => presign({ shares, signers, pairs, messageHash: new Uint8Array(32) })

/** Signs with the given presignatures (one per signer) and returns each signer's combined output. */
async function finish(presigs: Map<number, Presignature>, messageHash: Uint8Array) {
  const out: SignMessage[] = []
  for (const p of presigs.values())
    out.push(...(await p.sign(messageHash, { markConsumed: async () => {} })))
  return [...presigs.entries()].map(([i, p]) => p.combine(route(out, i)))
}

const reseal = (body: Uint8Array) => {
  const out = new Uint8Array(body.length + 32)
  out.set(body)
  out.set(taggedHash(TAGS.dkls23Presignature, body), body.length)
  return out
}
const bodyOf = (bytes: Uint8Array) => bytes.slice(0, bytes.length - 32)
// Offsets in a record of party 1 with S = {1, 3} and keyId "test-key".
const SECRETS_AT = 5 + 2 + 4 + 2 + KEY_ID.length + 32 + 33 + 33 + 32
const R_AT = 5 + 2 + 4 + 2 + KEY_ID.length + 32

describe('presignature codec', () => {
  test('encode → decode → sign round trip; the encoded original refuses to sign', async () => {
    const presigs = fresh()
    const stored = new Map([...presigs].map(([i, p]) => [i, encodePresignature(p)]))
    await expectMpcRejection(
      (presigs.get(1) as Presignature).sign(randomBytes(32), { markConsumed: async () => {} }),
      {
        code: 'Abort',
        culprit: undefined,
        message: 'dkls23: presignature was exported; sign with the decoded copy',
      },
    )
    const decoded = new Map(
      [...stored].map(([i, b]) => [i, decodePresignature(b, { keyId: KEY_ID, epoch: 0, self: i })]),
    )
    const messageHash = randomBytes(32)
    const [a, b] = await finish(decoded, messageHash)
    expect(a?.compact).toEqual(b?.compact)
    const pk = (decoded.get(1) as Presignature).pkPrime
    expect(secp256k1.verify(a?.compact as Uint8Array, messageHash, pk, { prehash: false })).toBe(
      true,
    )
  })

  test('markConsumed writes the consumed marker; the stored record then never decodes again', async () => {
    const presigs = fresh()
    const store = new Map([...presigs].map(([i, p]) => [i, encodePresignature(p)]))
    const live = decodePresignature(store.get(1) as Uint8Array)
    await live.sign(randomBytes(32), {
      markConsumed: async () => void store.set(1, encodeConsumedMarker(live)),
    })
    const used = {
      code: 'Abort',
      culprit: undefined,
      message: 'dkls23: presignature already used (consumed marker)',
    } as const
    expectMpcError(() => decodePresignature(store.get(1) as Uint8Array), used)
    expect(() => encodePresignature(live)).toThrow(MpcError)
  })

  test('every flipped byte and every truncation is refused as Malformed', () => {
    const bytes = encodePresignature(fresh().get(1) as Presignature)
    const damaged = {
      code: 'Malformed',
      culprit: undefined,
      message: 'dkls23: presignature does not decode: checksum mismatch (damaged or truncated)',
    } as const
    for (let at = 0; at < bytes.length; at++) {
      const copy = bytes.slice()
      copy[at] = (copy[at] as number) ^ 0x40
      expectMpcError(() => decodePresignature(copy), damaged)
    }
    for (let length = 32; length < bytes.length; length++) {
      expectMpcError(() => decodePresignature(bytes.subarray(0, length)), damaged)
    }
    expectMpcError(() => decodePresignature(new Uint8Array(5)), {
      ...damaged,
      message: 'dkls23: presignature does not decode: too short',
    })
  })

  describe('a record with a valid checksum but invalid content is refused', () => {
    const body = bodyOf(encodePresignature(fresh().get(1) as Presignature))
    const edit = (f: (b: Uint8Array) => void) => {
      const b = body.slice()
      f(b)
      return reseal(b)
    }
    const cases: [string, Uint8Array, string][] = [
      ['version 2', edit((b) => b.set([2], 1)), 'not a v1 presignature'],
      ['unknown status', edit((b) => b.set([7], 2)), 'status 7'],
      ['own index not a signer', edit((b) => b.set([2], 3)), 'own index 2 is not a signer'],
      [
        'signers not ascending',
        edit((b) => b.set([3, 1], 5)),
        'signer indices must be non-zero and strictly ascending',
      ],
      ['u ≥ q', edit((b) => b.set(scalarBytes(Q), SECRETS_AT)), '"u" is not a valid scalar'],
      [
        'φ = 0',
        edit((b) => b.fill(0, SECRETS_AT + 64, SECRETS_AT + 96)),
        '"phi" is not a valid scalar',
      ],
      [
        'R not on the curve',
        edit((b) => b.fill(0xff, R_AT + 1, R_AT + 33)),
        '"R" is not a secp256k1 point',
      ],
      ['trailing byte', reseal(Uint8Array.from([...body, 0])), 'trailing bytes'],
      ['secrets missing', reseal(body.subarray(0, SECRETS_AT)), 'truncated input'],
    ]
    for (const [name, bytes, reason] of cases) {
      test(name, () =>
        expectMpcError(() => decodePresignature(bytes), {
          code: 'Malformed',
          culprit: undefined,
          message: `dkls23: presignature does not decode: ${reason}`,
        }),
      )
    }
    test('an R with x < p that is not on the curve decodes and signs, and combine refuses it', async () => {
      // The curve check (a square root) runs where R is used as a point: in combine.
      let x = 1n
      const notOnCurve = (v: bigint) => {
        try {
          secp256k1.Point.fromBytes(Uint8Array.from([2, ...scalarBytes(v)]))
          return false
        } catch {
          return true
        }
      }
      while (!notOnCurve(x)) x++
      const pair = fresh()
      const own = bodyOf(encodePresignature(pair.get(1) as Presignature))
      own.set(scalarBytes(x), R_AT + 1)
      const p = decodePresignature(reseal(own), { keyId: KEY_ID, epoch: 0, self: 1 })
      const messageHash = randomBytes(32)
      const noop = { markConsumed: async () => {} }
      await p.sign(messageHash, noop)
      const theirs = await (pair.get(3) as Presignature).sign(messageHash, noop)
      expectMpcError(() => p.combine(theirs), {
        code: 'Malformed',
        culprit: undefined,
        message: 'dkls23: presignature "R" is not a secp256k1 point',
      })
    })
    test('another key, epoch or party', () => {
      const bytes = reseal(body)
      for (const [expected, reason] of [
        [{ keyId: 'other', epoch: 0, self: 1 }, 'belongs to another key or epoch'],
        [{ keyId: KEY_ID, epoch: 1, self: 1 }, 'belongs to another key or epoch'],
        [{ keyId: KEY_ID, epoch: 0, self: 3 }, 'belongs to party 1, not 3'],
      ] as const) {
        expectMpcError(() => decodePresignature(bytes, expected), {
          code: 'Malformed',
          culprit: undefined,
          message: `dkls23: presignature does not decode: ${reason}`,
        })
      }
    })
  })
})
