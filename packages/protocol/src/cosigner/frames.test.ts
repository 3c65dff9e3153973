/**
 * The binary frames of `/v1/mpc`: a known-answer layout, round trips of data and error frames
 * (error fields `code`, `kind`, `culprit` as fields), and every malformed frame refused with its
 * exact error — each truncation, oversize, unknown version or kind, bad lengths, bad names.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { CosignerFrameError } from './CosignerFrameError.ts'
import { decodeCosignerFrame } from './decodeCosignerFrame.ts'
import { encodeCosignerFrame } from './encodeCosignerFrame.ts'
import { COSIGNER_CHANNEL_RULES as RULES } from './rules.ts'
import type { CosignerDataFrame, CosignerErrorFrame } from './types.ts'

const sid = '01'.repeat(32)
const data: CosignerDataFrame = {
  type: 'data',
  sid,
  protocol: 'dkg',
  round: 2,
  keyId: 'k1',
  payload: Uint8Array.of(0xaa, 0xbb),
}

function refused(bytes: Uint8Array, code: string, message: string) {
  let caught: unknown
  try {
    decodeCosignerFrame(bytes)
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(CosignerFrameError)
  const e = caught as CosignerFrameError
  expect({ code: e.code, message: e.shortMessage }).toEqual({ code, message })
}

describe('data frames', () => {
  test('known answer: header fields in order, then the raw payload', () => {
    expect(bytesToHex(encodeCosignerFrame(data))).toBe(
      [
        '02', // version
        '01', // kind: data
        '01'.repeat(32), // sid
        '02', // round
        '03',
        '646b67', // "dkg"
        '02',
        '6b31', // "k1"
        '0000', // part
        '0001', // parts: unchunked
        '00000002', // payload length
        'aabb',
      ].join(''),
    )
  })

  test('round trip, with and without keyId and chunk fields', () => {
    for (const frame of [
      data,
      { type: 'data', sid, protocol: 'frost-sign', round: 255, payload: new Uint8Array(0) },
      { ...data, part: 1, parts: 3 },
    ] as CosignerDataFrame[])
      expect(decodeCosignerFrame(encodeCosignerFrame(frame))).toEqual(frame)
  })

  test('every truncation is refused, naming what was being read', () => {
    const bytes = encodeCosignerFrame(data)
    refused(
      new Uint8Array(0),
      'Malformed',
      'frame: truncated at byte 0 reading the version (needs 1, 0 left)',
    )
    refused(
      bytes.subarray(0, 20),
      'Malformed',
      'frame: truncated at byte 2 reading the sid (needs 32, 18 left)',
    )
    refused(
      bytes.subarray(0, 45),
      'Malformed',
      'frame: truncated at byte 44 reading the parts (needs 2, 1 left)',
    )
    refused(
      bytes.subarray(0, bytes.length - 1),
      'Malformed',
      'the payload length says 2 bytes, the frame carries 1',
    )
    for (let n = 0; n < bytes.length; n++)
      expect(() => decodeCosignerFrame(bytes.subarray(0, n))).toThrow(CosignerFrameError)
  })

  test('a payload length that disagrees with the frame (extra bytes) is refused', () => {
    const bytes = encodeCosignerFrame(data)
    const longer = new Uint8Array([...bytes, 0])
    refused(longer, 'Malformed', 'the payload length says 2 bytes, the frame carries 3')
  })

  test('oversized frames are refused both ways', () => {
    const big = { ...data, payload: new Uint8Array(RULES.maxFrameBytes) }
    expect(() => encodeCosignerFrame(big)).toThrow(
      expect.objectContaining({
        code: 'TooLarge',
        shortMessage: `a ${RULES.maxFrameBytes + 50}-byte frame exceeds the 65519-byte limit: send it in chunks`,
      }),
    )
    refused(
      new Uint8Array(RULES.maxFrameBytes + 1),
      'TooLarge',
      'a 65520-byte frame exceeds the 65519-byte limit',
    )
  })

  test('unknown version and unknown kind', () => {
    const bytes = encodeCosignerFrame(data)
    refused(
      Uint8Array.of(1, ...bytes.subarray(1)),
      'Malformed',
      'unknown frame version 1 (this side speaks 2)',
    )
    refused(
      Uint8Array.of(2, 7, ...bytes.subarray(2)),
      'Malformed',
      'unknown frame kind 7 (1 data, 2 error)',
    )
  })

  test('bad round, names and chunk indices', () => {
    const bytes = encodeCosignerFrame(data)
    const patch = (at: number, ...values: number[]) => {
      const copy = bytes.slice()
      copy.set(values, at)
      return copy
    }
    refused(patch(34, 0), 'Malformed', '"round" must be an integer in 1..255')
    refused(patch(36, 0x44), 'Malformed', `"protocol" must match ${RULES.protocol}`)
    refused(patch(35, 40), 'Malformed', 'protocol length 40 exceeds 32')
    refused(patch(40, 0x2f), 'Malformed', `"keyId" must match ${RULES.keyId}`)
    refused(patch(42, 0, 3, 0, 3), 'Malformed', '"part" must be an integer in 0..2')
    refused(patch(42, 0, 0, 0, 0), 'Malformed', '"parts" must be an integer in 1..65535')
    refused(patch(36, 0xff), 'Malformed', '"protocol" is not UTF-8')
  })

  test('encoding refuses what decoding would refuse', () => {
    expect(() => encodeCosignerFrame({ ...data, sid: 'AB'.repeat(32) })).toThrow(
      '"sid" must be 32 bytes as lowercase hex',
    )
    expect(() => encodeCosignerFrame({ ...data, round: 0 })).toThrow(
      '"round" must be an integer in 1..255',
    )
    expect(() => encodeCosignerFrame({ ...data, part: 1 })).toThrow(
      '"part" and "parts" come together',
    )
    expect(() => encodeCosignerFrame({ ...data, keyId: 'a/b' })).toThrow('"keyId" must match')
  })
})

describe('error frames', () => {
  const error: CosignerErrorFrame = {
    type: 'error',
    sid,
    protocol: 'dkls23-sign',
    round: 2,
    error: { code: 'PartyFailed', message: 'bad commitment', kind: 'Ban', culprit: 1 },
  }

  test('known answer and round trip: code, kind and culprit are fields', () => {
    const bytes = encodeCosignerFrame(error)
    expect(bytesToHex(bytes.subarray(0, 2))).toBe('0202')
    expect(bytesToHex(bytes.subarray(34))).toBe(
      `02 0b ${bytesToHex(new TextEncoder().encode('dkls23-sign'))} 07 01 03 42616e 000e ${bytesToHex(new TextEncoder().encode('bad commitment'))}`.replaceAll(
        ' ',
        '',
      ),
    )
    expect(decodeCosignerFrame(bytes)).toEqual(error)
    const bare: CosignerErrorFrame = {
      type: 'error',
      sid,
      error: { code: 'Malformed', message: '' },
    }
    expect(decodeCosignerFrame(encodeCosignerFrame(bare))).toEqual(bare)
  })

  test('a long message is clipped on a character boundary, never refused', () => {
    const long = { ...error, error: { code: 'Malformed' as const, message: '€'.repeat(1000) } }
    const decoded = decodeCosignerFrame(encodeCosignerFrame(long)) as CosignerErrorFrame
    expect(new TextEncoder().encode(decoded.error.message).length).toBeLessThanOrEqual(1024)
    expect(decoded.error.message).toBe(`${'€'.repeat(340)}…`)
  })

  test('unknown code, bad kind, bad lengths and trailing bytes are refused', () => {
    const bytes = encodeCosignerFrame(error)
    const at = 36 + 'dkls23-sign'.length
    const patch = (offset: number, ...values: number[]) => {
      const copy = bytes.slice()
      copy.set(values, offset)
      return copy
    }
    refused(patch(at, 99), 'Malformed', 'unknown error code 99')
    refused(
      patch(at + 3, 0x31),
      'Malformed',
      'error "kind" must match /^[A-Za-z][A-Za-z0-9]{0,31}$/',
    )
    refused(patch(at + 2, 33), 'Malformed', 'error kind length 33 exceeds 32')
    refused(patch(at + 6, 0x10, 0), 'Malformed', 'error message length 4096 exceeds 1024')
    refused(new Uint8Array([...bytes, 0]), 'Malformed', '1 trailing bytes after the frame')
    refused(
      bytes.subarray(0, bytes.length - 1),
      'Malformed',
      `frame: truncated at byte ${at + 8} reading the message (needs 14, 13 left)`,
    )
    expect(() => encodeCosignerFrame({ ...error, error: { ...error.error, culprit: 0 } })).toThrow(
      'error "culprit" must be a party index in 1..255',
    )
    expect(() =>
      encodeCosignerFrame({ ...error, error: { ...error.error, code: 'Nope' as never } }),
    ).toThrow('unknown error code "Nope"')
  })

  test('hex helpers agree with the sid form', () => {
    expect(bytesToHex(hexToBytes(sid))).toBe(sid)
  })
})
