/**
 * CIP-37 addresses: every test case of specs/cip-37.md "Test Cases" (parsed from the file), the
 * worked example, js-conflux-sdk as an oracle over random addresses and network ids, and one
 * negative test per rule with its exact error.
 */
import fc from 'fast-check'
import { getAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { address as sdkAddress, format as sdkFormat } from '../test/sdk.ts'
import { cip37TestCases } from '../test/specs.ts'
import { decodeBase32Address } from './decodeBase32Address.ts'
import { encodeBase32Address } from './encodeBase32Address.ts'
import { InvalidAddressError } from './InvalidAddressError.ts'
import { isBase32Address } from './isBase32Address.ts'
import { prefixToNetworkId } from './prefixToNetworkId.ts'

const cases = cip37TestCases()

describe('CIP-37 "Test Cases" from the specification', () => {
  test('the section holds the 18 published cases', () => {
    expect(cases).toHaveLength(18)
  })

  test.each(cases)('encode($hex, "$prefix") = $expected', ({ hex, prefix, expected }) => {
    const networkId = prefixToNetworkId(prefix)
    const withType = expected.split(':').length === 3
    if (withType) {
      // The spec writes the typed form in lower case; ours is the upper-case verbose form.
      expect(encodeBase32Address(hex, networkId, { verbose: true })).toBe(expected.toUpperCase())
    } else {
      expect(encodeBase32Address(hex, networkId)).toBe(expected)
    }
    const decoded = decodeBase32Address(expected)
    expect(decoded.hexAddress).toBe(hex)
    expect(decoded.networkId).toBe(networkId)
    expect(decodeBase32Address(expected.toUpperCase())).toEqual(decoded)
  })

  test('the §Example address, plain and typed', () => {
    const hex = '0x1a2f80341409639ea6a35bbcab8299066109aa55'
    expect(encodeBase32Address(hex, 1029)).toBe('cfx:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg')
    expect(encodeBase32Address(hex, 1029, { verbose: true })).toBe(
      'CFX:TYPE.USER:AARC9ABYCUE0HHZGYRR53M6CXEDGCCRMMYYBJGH4XG',
    )
    expect(decodeBase32Address('cfx:type.user:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg')).toEqual(
      {
        hexAddress: hex,
        networkId: 1029,
        type: 'user',
      },
    )
  })
})

describe('types by first nibble', () => {
  test.each([
    ['0x1a2f80341409639ea6a35bbcab8299066109aa55', 'user'],
    ['0x85d80245dc02f5a89589e1f19c5c718e405b56cd', 'contract'],
    ['0x0888000000000000000000000000000000000002', 'builtin'],
    ['0x0000000000000000000000000000000000000000', 'null'],
    ['0x2a2f80341409639ea6a35bbcab8299066109aa55', 'unknown'],
  ] as const)('%s is %s', (hex, type) => {
    const encoded = encodeBase32Address(hex, 1)
    expect(decodeBase32Address(encoded).type).toBe(type)
    expect(encodeBase32Address(hex, 1, { verbose: true })).toMatch(
      new RegExp(`^CFXTEST:TYPE\\.${type.toUpperCase()}:`),
    )
  })

  test('a private network uses net<N>', () => {
    const hex = '0x1a2f80341409639ea6a35bbcab8299066109aa55'
    const encoded = encodeBase32Address(hex, 17)
    expect(encoded.startsWith('net17:')).toBe(true)
    expect(decodeBase32Address(encoded)).toEqual({ hexAddress: hex, networkId: 17, type: 'user' })
  })

  test('an EIP-55 checksummed hex address encodes like its lower-case form', () => {
    const lower = '0x85d80245dc02f5a89589e1f19c5c718e405b56cd'
    const checksummed = getAddress(lower)
    expect(checksummed).not.toBe(lower)
    expect(encodeBase32Address(checksummed, 1029)).toBe(encodeBase32Address(lower, 1029))
  })

  test('bytes and hex encode alike', () => {
    const bytes = new Uint8Array(20).fill(0x11)
    expect(encodeBase32Address(bytes, 1029)).toBe(encodeBase32Address(`0x${'11'.repeat(20)}`, 1029))
  })
})

function expectAddressError(run: () => unknown, code: string, message: string): void {
  let caught: unknown
  try {
    run()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(InvalidAddressError)
  expect((caught as InvalidAddressError).code).toBe(code)
  expect((caught as InvalidAddressError).shortMessage).toBe(message)
}

describe('decoding rejects, each rule with its own error', () => {
  const good = 'cfx:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg'

  test('mixed case', () => {
    expectAddressError(
      () => decodeBase32Address('cfx:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xG'),
      'MixedCase',
      'Address mixes upper and lower case (CIP-37 §Decoding).',
    )
    expectAddressError(
      () => decodeBase32Address('CFX:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg'),
      'MixedCase',
      'Address mixes upper and lower case (CIP-37 §Decoding).',
    )
  })

  test('no separator', () => {
    expectAddressError(
      () => decodeBase32Address('aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg'),
      'MissingSeparator',
      'Address has no ":" after its network prefix.',
    )
  })

  test.each(['bch', 'conflux', 'net', 'net017', 'net4294967296', 'cfx1', ''])(
    'bad prefix "%s"',
    (prefix) => {
      const shown = /^[a-z0-9]{1,16}$/.test(prefix) ? prefix : '(malformed)'
      expectAddressError(
        () => decodeBase32Address(`${prefix}:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg`),
        'BadPrefix',
        `Network prefix "${shown}" is not "cfx", "cfxtest" or "net<N>" with N a network id in [1, 4294967295].`,
      )
    },
  )

  test('net1 and net1029 are reserved spellings', () => {
    expectAddressError(
      () => decodeBase32Address('net1:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg'),
      'ReservedPrefix',
      'Network prefix "net1" is invalid: network 1 must be written "cfxtest" (CIP-37).',
    )
    expectAddressError(
      () => decodeBase32Address('net1029:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg'),
      'ReservedPrefix',
      'Network prefix "net1029" is invalid: network 1029 must be written "cfx" (CIP-37).',
    )
  })

  test('bad length', () => {
    expectAddressError(
      () => decodeBase32Address(good.slice(0, -1)),
      'BadLength',
      'Address payload has 41 characters; a 20-byte address has 42.',
    )
    expectAddressError(
      () => decodeBase32Address(`${good}a`),
      'BadLength',
      'Address payload has 43 characters; a 20-byte address has 42.',
    )
    expectAddressError(
      () => decodeBase32Address(`cfx:${'a'.repeat(300)}`),
      'BadLength',
      'Address is longer than 256 characters.',
    )
  })

  test.each([
    ['i', 5],
    ['l', 1],
    ['o', 42],
    ['q', 20],
    ['-', 3],
  ] as const)('character "%s" outside the alphabet at position %i', (char, position) => {
    const body = good.slice(4)
    const bad = `cfx:${body.slice(0, position - 1)}${char}${body.slice(position)}`
    expectAddressError(
      () => decodeBase32Address(bad),
      'BadCharacter',
      `Address payload has a character outside the CIP-37 alphabet at position ${position} (i, l, o, q are never used).`,
    )
  })

  test('bad checksum: last character changed, or valid payload under another prefix', () => {
    expectAddressError(
      () => decodeBase32Address(`${good.slice(0, -1)}h`),
      'BadChecksum',
      'Address checksum does not match: the address has a typo.',
    )
    expectAddressError(
      () => decodeBase32Address(good.replace('cfx:', 'cfxtest:')),
      'BadChecksum',
      'Address checksum does not match: the address has a typo.',
    )
  })

  test('every single-character substitution is caught by the checksum', () => {
    const alphabet = 'abcdefghjkmnprstuvwxyz0123456789'
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: good.length - 1 }),
        fc.integer({ min: 1, max: 31 }),
        (index, shift) => {
          const original = alphabet.indexOf(good[index] as string)
          const replaced = alphabet[(original + shift) % 32] as string
          const typo = good.slice(0, index) + replaced + good.slice(index + 1)
          expectAddressError(
            () => decodeBase32Address(typo),
            'BadChecksum',
            'Address checksum does not match: the address has a typo.',
          )
        },
      ),
    )
  })

  test('non-zero padding bits (a second spelling of the same bytes), checksum valid', () => {
    // 34th payload character carries 3 data bits and 2 padding bits; set a padding bit and
    // recompute the checksum so only the padding rule can refuse it.
    const padded = withPayload(1029, (symbols) => {
      symbols[33] = (symbols[33] as number) | 1
    })
    expectAddressError(
      () => decodeBase32Address(padded),
      'BadPadding',
      'Address payload has non-zero padding bits.',
    )
  })

  test('unknown version byte, checksum valid', () => {
    const versioned = withPayload(1029, (symbols) => {
      symbols[0] = 1 // version byte 0b00001xxx: type bits 1
    })
    expectAddressError(
      () => decodeBase32Address(versioned),
      'BadVersion',
      'Address version byte is 8; only version 0 (160-bit Conflux address) exists.',
    )
  })

  test('type option contradicting the first nibble', () => {
    expectAddressError(
      () => decodeBase32Address('cfx:type.contract:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg'),
      'TypeMismatch',
      'Address says "type.contract" but its first byte makes it "type.user".',
    )
    expectAddressError(
      () => decodeBase32Address('CFX:TYPE.NULL:AARC9ABYCUE0HHZGYRR53M6CXEDGCCRMMYYBJGH4XG'),
      'TypeMismatch',
      'Address says "type.null" but its first byte makes it "type.user".',
    )
  })

  test('unknown options are ignored; malformed ones are not', () => {
    expect(
      decodeBase32Address('cfx:foo.bar:type.user:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg')
        .networkId,
    ).toBe(1029)
    expectAddressError(
      () => decodeBase32Address('cfx:type:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg'),
      'BadOption',
      'Address option is not of the form "key.value".',
    )
  })

  test('not a string', () => {
    expect(() => decodeBase32Address(42 as unknown as string)).toThrow(
      new TypeError('"address" expected a string, got number'),
    )
  })

  test('isBase32Address', () => {
    expect(isBase32Address(good)).toBe(true)
    expect(isBase32Address(good, { networkId: 1029 })).toBe(true)
    expect(isBase32Address(good, { networkId: 1 })).toBe(false)
    expect(isBase32Address(`${good.slice(0, -1)}h`)).toBe(false)
    expect(isBase32Address(undefined)).toBe(false)
  })
})

describe('encoding rejects', () => {
  test('bad hex addresses', () => {
    expectAddressError(
      () => encodeBase32Address('0x1234', 1029),
      'BadHexAddress',
      '"address" is not a hex address: expected 0x followed by 40 hex digits.',
    )
    expectAddressError(
      () =>
        encodeBase32Address(
          flipCase(getAddress('0x85d80245dc02f5a89589e1f19c5c718e405b56cd')),
          1029,
        ),
      'BadHexAddress',
      '"address" has an invalid EIP-55 mixed-case checksum; write it in lower case or checksum it.',
    )
    expectAddressError(
      () => encodeBase32Address('cfx:aarc9abycue0hhzgyrr53m6cxedgccrmmyybjgh4xg', 1029),
      'BadHexAddress',
      '"address" is not a hex address: expected 0x followed by 40 hex digits.',
    )
  })

  test('wrong byte length and wrong types', () => {
    expect(() => encodeBase32Address(new Uint8Array(21), 1029)).toThrow(
      new RangeError('"address" expected Uint8Array of length 20, got length=21'),
    )
    expect(() => encodeBase32Address(5 as unknown as string, 1029)).toThrow(
      new TypeError('"address" expected a hex address or Uint8Array, got number'),
    )
  })

  test('network ids outside [1, 2^32 − 1]', () => {
    const hex = '0x1a2f80341409639ea6a35bbcab8299066109aa55'
    expect(() => encodeBase32Address(hex, 0)).toThrow(
      new RangeError('"networkId" expected an integer in [1, 4294967295], got 0'),
    )
    expect(() => encodeBase32Address(hex, 2 ** 32)).toThrow(
      new RangeError('"networkId" expected an integer in [1, 4294967295], got 4294967296'),
    )
    expect(() => encodeBase32Address(hex, 1.5)).toThrow(
      new TypeError('"networkId" expected an integer, got 1.5'),
    )
  })
})

describe('js-conflux-sdk agrees (oracle)', () => {
  const networkIds = fc.oneof(
    fc.constantFrom(1, 1029, 2, 17, 8888, 0xffff_ffff),
    fc.integer({ min: 1, max: 0xffff_ffff }),
  )
  const addresses = fc.oneof(
    fc.uint8Array({ minLength: 20, maxLength: 20 }),
    // Bias towards the named types: user, contract, builtin, null.
    fc
      .tuple(fc.constantFrom(0x10, 0x80, 0x00), fc.uint8Array({ minLength: 20, maxLength: 20 }))
      .map(([nibble, bytes]) => {
        bytes[0] = nibble | ((bytes[0] as number) & 0x0f)
        return bytes
      }),
    fc.constant(new Uint8Array(20)),
  )

  test('encode and decode match format.address / decodeCfxAddress', () => {
    fc.assert(
      fc.property(addresses, networkIds, (bytes, networkId) => {
        const hex = `0x${Buffer.from(bytes).toString('hex')}`
        const ours = encodeBase32Address(bytes, networkId)
        expect(ours).toBe(sdkFormat.address(hex, networkId))
        expect(encodeBase32Address(bytes, networkId, { verbose: true })).toBe(
          sdkFormat.address(hex, networkId, true),
        )
        const theirs = sdkAddress.decodeCfxAddress(ours)
        const decoded = decodeBase32Address(ours)
        expect(decoded).toEqual({
          hexAddress: `0x${Buffer.from(theirs.hexAddress).toString('hex')}`,
          networkId: theirs.netId,
          type: theirs.type,
        })
        expect(decoded.hexAddress).toBe(hex)
      }),
      { numRuns: 300 },
    )
  })
})

/** An address whose 34 payload symbols were edited by `edit`, with a correct checksum. */
function withPayload(networkId: number, edit: (symbols: number[]) => void): string {
  const alphabet = 'abcdefghjkmnprstuvwxyz0123456789'
  const base = encodeBase32Address('0x1a2f80341409639ea6a35bbcab8299066109aa55', networkId)
  const [prefix, body] = base.split(':') as [string, string]
  const symbols = [...body.slice(0, 34)].map((c) => alphabet.indexOf(c))
  edit(symbols)
  return `${prefix}:${reChecksum(prefix, symbols, alphabet)}`
}

function reChecksum(prefix: string, symbols: number[], alphabet: string): string {
  // Independent of base32.ts: the CIP-37 §Encoding step 4 PolyMod written out again here.
  let c = 1n
  const gens = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n]
  const input = [
    ...[...prefix].map((ch) => ch.charCodeAt(0) & 31),
    0,
    ...symbols,
    ...Array(8).fill(0),
  ]
  for (const d of input) {
    const c0 = c >> 35n
    c = ((c & 0x7ffffffffn) << 5n) ^ BigInt(d)
    gens.forEach((g, i) => {
      if ((c0 >> BigInt(i)) & 1n) c ^= g
    })
  }
  c ^= 1n
  let checksum = ''
  for (let i = 7; i >= 0; i--) checksum += alphabet[Number((c >> BigInt(5 * i)) & 31n)]
  return symbols.map((s) => alphabet[s]).join('') + checksum
}

/** The address with the case of its last letter flipped: a broken EIP-55 checksum. */
function flipCase(address: string): string {
  const index = address.search(/[a-fA-F][0-9]*$/)
  const char = address[index] as string
  const flipped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()
  return address.slice(0, index) + flipped + address.slice(index + 1)
}
