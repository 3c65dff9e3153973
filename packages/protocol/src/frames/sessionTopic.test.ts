import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { hexToBytes } from '@noble/hashes/utils.js'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { sessionTopicFromHandshakeHash } from './sessionTopic.ts'

const vectorsDir =
  process.env.TESSERA_VECTORS_DIR ?? resolve(import.meta.dirname, '../../../../../shared/vectors')

/** An independent implementation: Node's SHA-256 over the UTF-8 label and the hash. */
function oracle(hash: Uint8Array): string {
  return createHash('sha256').update('tessera/session', 'utf8').update(hash).digest('hex')
}

describe('sessionTopicFromHandshakeHash (SESSION.md, "Handshake" step 4)', () => {
  test('known answers (computed with Python hashlib)', () => {
    expect(sessionTopicFromHandshakeHash(new Uint8Array(32))).toBe(
      '5283386b2eb2c532ae2c9d908075b13d125a55038e322f4025b6a2f4ede8bb7a',
    )
    expect(sessionTopicFromHandshakeHash(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(
      '820309ab41ad1ccb58505ea2743793cb5369b857a80419a28dd3c552a3a5496d',
    )
  })

  test('matches the independent oracle on the handshake hashes of the cacophony vectors', () => {
    const file = resolve(vectorsDir, 'noise/cacophony-25519-chachapoly.json')
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      throw new Error(`Noise vectors not found at ${file}; set TESSERA_VECTORS_DIR`)
    }
    const { vectors } = JSON.parse(text) as { vectors: { handshake_hash: string }[] }
    expect(vectors.length).toBeGreaterThan(0)
    for (const { handshake_hash } of vectors) {
      const hash = hexToBytes(handshake_hash)
      expect(sessionTopicFromHandshakeHash(hash)).toBe(oracle(hash))
    }
  })

  test('property: 64 lowercase hex characters, equal to the oracle', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (hash) => {
        const topic = sessionTopicFromHandshakeHash(hash)
        expect(topic).toMatch(/^[0-9a-f]{64}$/)
        expect(topic).toBe(oracle(hash))
      }),
    )
  })

  test('refuses a hash of the wrong length with a RangeError', () => {
    expect(() => sessionTopicFromHandshakeHash(new Uint8Array(31))).toThrow(
      new RangeError('"handshakeHash" expected Uint8Array of length 32, got length=31'),
    )
    expect(() => sessionTopicFromHandshakeHash(new Uint8Array(64))).toThrow(
      new RangeError('"handshakeHash" expected Uint8Array of length 32, got length=64'),
    )
  })

  test('refuses a value that is not bytes with a TypeError', () => {
    expect(() => sessionTopicFromHandshakeHash('00'.repeat(32) as unknown as Uint8Array)).toThrow(
      new TypeError('"handshakeHash" expected Uint8Array of length 32, got type=string'),
    )
  })
})
