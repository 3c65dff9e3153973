import { describe, expect, test } from 'vitest'
import { parseAuthority } from './host.ts'

describe('parseAuthority accepts', () => {
  test.each([
    ['relay.example.com', 'relay.example.com', undefined, false],
    ['relay.example.com:8443', 'relay.example.com', 8443, false],
    ['xn--fiqs8s.example', 'xn--fiqs8s.example', undefined, false],
    ['a-b.c', 'a-b.c', undefined, false],
    ['localhost', 'localhost', undefined, true],
    ['localhost:5555', 'localhost', 5555, true],
    ['127.0.0.1:1', '127.0.0.1', 1, true],
    ['127.200.3.4', '127.200.3.4', undefined, true],
    ['10.0.0.1:65535', '10.0.0.1', 65_535, false],
    ['[::1]:8080', '[::1]', 8080, true],
    ['[2001:db8::1]', '[2001:db8::1]', undefined, false],
  ])('%s', (text, host, port, loopback) => {
    expect(parseAuthority(text)).toEqual({ host, port, loopback })
  })
})

describe('parseAuthority refuses', () => {
  test.each([
    ['empty', ''],
    ['upper case', 'Relay.example.com'],
    ['a trailing dot', 'example.com.'],
    ['an empty label', 'a..b'],
    ['a label starting with a hyphen', '-a.com'],
    ['a label of 64 characters', `${'a'.repeat(64)}.com`],
    ['a host over 253 characters', `${'a.'.repeat(127)}com`],
    ['unicode', 'bücher.example'],
    ['percent-encoding', 'a%41.com'],
    ['underscore', 'a_b.com'],
    ['short-form IPv4 (WHATWG reads 127.1 as 127.0.0.1)', '127.1'],
    ['a decimal IPv4', '2130706433'],
    ['hex IPv4', '0x7f.0.0.1'],
    ['a hex last label', 'a.0x1'],
    ['an IPv4 with leading zeros', '127.0.0.01'],
    ['an IPv4 part over 255', '256.0.0.1'],
    ['five IPv4 parts', '1.2.3.4.5'],
    ['port 0', 'a.com:0'],
    ['port 65536', 'a.com:65536'],
    ['a port with a leading zero', 'a.com:080'],
    ['an empty port', 'a.com:'],
    ['two colons', 'a.com:1:2'],
    ['an unbracketed IPv6', '::1'],
    ['upper-case IPv6', '[::ABCD]'],
    ['an unclosed IPv6', '[::1'],
    ['junk after IPv6', '[::1]x'],
    ['an IPv6 zone', '[fe80::1%25eth0]'],
  ])('%s', (_label, text) => {
    expect(parseAuthority(text)).toBeUndefined()
  })

  test('0:0:0:0:0:0:0:1 is an address but not treated as loopback (only the canonical [::1])', () => {
    expect(parseAuthority('[0:0:0:0:0:0:0:1]')?.loopback).toBe(false)
  })
})
