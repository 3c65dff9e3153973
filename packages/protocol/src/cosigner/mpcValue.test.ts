/**
 * The tagged form of @tessera/mpc's messages inside `/v1/mpc` payloads: every shape @tessera/mpc
 * sends round-trips exactly (property test), and damaged input is refused with its exact error.
 */
import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { CosignerFrameError } from './CosignerFrameError.ts'
import { decodeMpcValue, encodeMpcValue } from './mpcValue.ts'

const encodeWire = (v: unknown) => encodeMpcValue(v, 'v')
const decodeWire = (b: Uint8Array) => decodeMpcValue(b, 'v')

const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.string(),
    fc.bigInt(),
    fc.uint8Array({ maxLength: 64 }),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(
      fc.string().filter((k) => !(k in Object.prototype)),
      tie('node'),
      { maxKeys: 4 },
    ),
  ),
})).node

describe('mpc values', () => {
  test('every value round-trips exactly', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeWire(encodeWire(v))).toEqual(v)
      }),
      { numRuns: 300 },
    )
  })

  test('undefined properties are left out, as exactOptionalPropertyTypes expects', () => {
    expect(decodeWire(encodeWire({ a: 1, b: undefined }))).toEqual({ a: 1 })
  })

  test.each<[string, Uint8Array, string]>([
    [
      'a truncated string',
      Uint8Array.of(4, 0, 0, 0, 5, 0x61),
      'v: truncated at byte 5 reading "value" text (needs 5, 1 left)',
    ],
    ['trailing bytes', Uint8Array.of(0, 0), 'v: 1 trailing bytes after the payload'],
    ['an unknown tag', Uint8Array.of(9), 'v: "value": unknown value tag 9 at byte 0'],
    [
      'an array longer than its bytes',
      Uint8Array.of(6, 0xff, 0xff, 0xff, 0xff),
      'v: "value": 4294967295 items declared, 0 bytes left',
    ],
    [
      'a repeated key',
      Uint8Array.from([7, 0, 0, 0, 2, 0, 0, 0, 1, 0x61, 0, 0, 0, 0, 1, 0x61, 0]),
      'v: "value": key "a" repeated or reserved',
    ],
    [
      'a malformed bigint',
      Uint8Array.of(8, 0, 0, 0, 2, 0x30, 0x31),
      'v: "value": malformed bigint',
    ],
  ])('%s is refused', (_label, bytes, message) => {
    expect(() => decodeWire(bytes)).toThrow(
      expect.objectContaining({
        name: 'CosignerFrameError',
        code: 'Malformed',
        shortMessage: message,
      }),
    )
  })

  test('keys named like Object.prototype members (__proto__, toString…) and values that are not plain data are refused', () => {
    const proto = Uint8Array.from([
      7,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      9,
      ...new TextEncoder().encode('__proto__'),
      0,
    ])
    expect(() => decodeWire(proto)).toThrow('v: "value": key "__proto__" repeated or reserved')
    // An own `toString` that is not a function makes `${value}` throw wherever it is quoted.
    for (const key of ['toString', 'valueOf', 'constructor', 'hasOwnProperty'])
      expect(() => decodeWire(encodeWire({ v: { [key]: 1 } }))).toThrow(
        `v: "v": key "${key}" repeated or reserved`,
      )
    expect(() => encodeWire(new Map())).toThrow('v: "value": a object cannot go on the wire')
    expect(() => encodeWire(Number.NaN)).toThrow('v: "value": numbers must be finite')
    expect(() => encodeWire(Number.NaN)).toThrow(CosignerFrameError)
  })
})

test('nesting deeper than 16 is refused both ways', () => {
  let deep: unknown = 1
  for (let k = 0; k < 17; k++) deep = [deep]
  expect(() => encodeWire(deep)).toThrow('nested deeper than 16')
  const bytes = Uint8Array.from([...Array.from({ length: 17 }, () => [6, 0, 0, 0, 1]).flat(), 0])
  expect(() => decodeWire(bytes)).toThrow('nested deeper than 16')
})
