import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import { sha256Scratch, sha256Short } from './sha256Short.ts'

function digestHex(message: Uint8Array): string {
  const out = new Uint32Array(8)
  sha256Short(message, message.length, out, sha256Scratch())
  const bytes = new Uint8Array(32)
  for (let i = 0; i < 8; i++) new DataView(bytes.buffer).setUint32(4 * i, out[i] as number)
  return bytesToHex(bytes)
}

test('FIPS 180-4 example "abc" and the empty string', () => {
  expect(digestHex(utf8ToBytes('abc'))).toBe(
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  )
  expect(digestHex(new Uint8Array(0))).toBe(
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  )
})

test('matches @noble/hashes for every length 0..55 with random bytes', () => {
  for (let length = 0; length <= 55; length++) {
    const m = randomBytes(length)
    expect(digestHex(m)).toBe(bytesToHex(sha256(m)))
  }
})

test('refuses messages that need a second block', () => {
  expect(() => sha256Short(new Uint8Array(56), 56, new Uint32Array(8), sha256Scratch())).toThrow(
    new RangeError('sha256Short: length > 55'),
  )
})
