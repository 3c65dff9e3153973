/**
 * Golden tests of `personal_sign`: text, binary bytes, and Sign-In with Ethereum messages built
 * with viem's `createSiweMessage`, in both locales, with the exact warnings.
 */

import { stringToHex } from 'viem'
import { createSiweMessage } from 'viem/siwe'
import { describe, expect, test } from 'vitest'
import { ClearSigningError } from '../ClearSigningError.ts'
import { describeRequest } from '../describeRequest.ts'

const account = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0)

const siwe = (overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}) =>
  createSiweMessage({
    domain: 'app.example.org',
    address: account,
    statement: 'Sign in to Example.',
    uri: 'https://app.example.org/login',
    version: '1',
    chainId: 1,
    nonce: 'a1b2c3d4e5f6a7b8',
    issuedAt: new Date(Date.UTC(2026, 11, 5, 11, 59, 0)),
    expirationTime: new Date(Date.UTC(2026, 11, 5, 12, 10, 0)),
    ...overrides,
  })

describe('personal_sign', () => {
  test('UTF-8 text is shown as text', () => {
    const description = describeRequest(
      {
        method: 'personal_sign',
        params: [stringToHex('Hello, Tessera!\nNonce: 42'), account],
        chainId: 'eip155:1',
      },
      { now: NOW },
    )
    expect(description).toEqual({
      kind: 'personal_sign.text',
      intent: 'Sign a message',
      chainId: 'eip155:1',
      fields: [
        { label: 'Message', value: { kind: 'text', text: 'Hello, Tessera!\nNonce: 42' } },
        { label: 'Account', value: { kind: 'address', address: account, chainId: 'eip155:1' } },
      ],
      warnings: [],
      blind: false,
    })
  })

  test('a plain string param is signed as its UTF-8 text; zh-CN labels', () => {
    const description = describeRequest({
      method: 'personal_sign',
      params: ['你好', account.toLowerCase()],
      chainId: 'eip155:1',
      locale: 'zh-CN',
    })
    expect(description.intent).toBe('签名一条消息')
    expect(description.fields).toEqual([
      { label: '消息', value: { kind: 'text', text: '你好' } },
      { label: '账户', value: { kind: 'address', address: account, chainId: 'eip155:1' } },
    ])
  })

  test('binary bytes are shown as hex with a warning; 32 bytes look like a hash (danger)', () => {
    const bytes = describeRequest({
      method: 'personal_sign',
      params: ['0xff00fe', account],
      chainId: 'eip155:1',
    })
    expect(bytes).toMatchObject({
      kind: 'personal_sign.bytes',
      intent: 'Sign 3 bytes of binary data',
      fields: [{ label: 'Data', value: { kind: 'hex', hex: '0xff00fe' } }, { label: 'Account' }],
      warnings: [
        {
          code: 'BinaryMessage',
          severity: 'caution',
          message:
            'This message is not readable text. Sign it only if you trust the site: it may authorize anything.',
        },
      ],
      blind: true,
    })
    const hash = describeRequest({
      method: 'personal_sign',
      params: [`0x${'ab'.repeat(32)}`, account],
      chainId: 'eip155:1',
      locale: 'zh-CN',
    })
    expect(hash.warnings).toEqual([
      {
        code: 'HashMessage',
        severity: 'danger',
        message: '此消息是 32 字节，看起来像哈希：它可能是你看不到的交易或订单。',
      },
    ])
  })

  test('text with control characters is not shown as text', () => {
    const description = describeRequest({
      method: 'personal_sign',
      params: [stringToHex('pay\u202Eevil'), account],
      chainId: 'eip155:1',
    })
    expect(description.kind).toBe('personal_sign.bytes')
    expect(description.blind).toBe(true)
  })

  test('Conflux Core personal sign', () => {
    const description = describeRequest({
      method: 'personal_sign',
      params: [stringToHex('hello conflux'), 'cfx:aak2rra2njvd77ezwjvx04kkds9fzagfe6ku8scz91'],
      chainId: 'cfx:1029',
    })
    expect(description.kind).toBe('cfx.personal_sign.text')
    expect(description.fields[1]).toEqual({
      label: 'Account',
      value: {
        kind: 'address',
        address: 'cfx:aak2rra2njvd77ezwjvx04kkds9fzagfe6ku8scz91',
        chainId: 'cfx:1029',
      },
    })
  })
})

describe('Sign-In with Ethereum (EIP-4361)', () => {
  test('a matching sign-in is parsed with no warnings', () => {
    const description = describeRequest(
      {
        method: 'personal_sign',
        params: [stringToHex(siwe()), account],
        chainId: 'eip155:1',
        origin: 'https://app.example.org',
      },
      { now: NOW },
    )
    expect(description).toEqual({
      kind: 'personal_sign.siwe',
      intent: 'Sign in to app.example.org',
      chainId: 'eip155:1',
      fields: [
        { label: 'Website', value: { kind: 'text', text: 'app.example.org' } },
        { label: 'Account', value: { kind: 'address', address: account, chainId: 'eip155:1' } },
        { label: 'Statement', value: { kind: 'text', text: 'Sign in to Example.' } },
        { label: 'URI', value: { kind: 'text', text: 'https://app.example.org/login' } },
        { label: 'Version', value: { kind: 'text', text: '1' } },
        { label: 'Chain', value: { kind: 'text', text: 'eip155:1' } },
        { label: 'Nonce', value: { kind: 'text', text: 'a1b2c3d4e5f6a7b8' } },
        {
          label: 'Issued at',
          value: { kind: 'date', unixSeconds: 1796471940, iso: '2026-12-05T11:59:00.000Z' },
        },
        {
          label: 'Expires',
          value: { kind: 'date', unixSeconds: 1796472600, iso: '2026-12-05T12:10:00.000Z' },
        },
      ],
      warnings: [],
      blind: false,
    })
  })

  test('another origin, another chain and an expired message: danger first', () => {
    const description = describeRequest(
      {
        method: 'personal_sign',
        params: [stringToHex(siwe({ chainId: 10 })), account],
        chainId: 'eip155:1',
        origin: 'https://app-example.org.evil.test',
      },
      { now: Date.UTC(2026, 11, 5, 13, 0, 0) },
    )
    expect(description.warnings).toEqual([
      {
        code: 'SiweDomainMismatch',
        severity: 'danger',
        message:
          'The sign-in request is for app.example.org, but it comes from app-example.org.evil.test. This may be a phishing site.',
      },
      {
        code: 'SiweChainMismatch',
        severity: 'caution',
        message: 'The sign-in is for chain 10, but the session is on chain 1.',
      },
      {
        code: 'SiweExpired',
        severity: 'caution',
        message: 'This sign-in request expired at 2026-12-05T12:10:00.000Z.',
      },
    ])
  })

  test('zh-CN warnings; a different account in the message is danger', () => {
    const description = describeRequest(
      {
        method: 'personal_sign',
        params: [stringToHex(siwe()), '0x0000000000000000000000000000000000000001'],
        chainId: 'eip155:1',
        origin: 'https://evil.test',
        locale: 'zh-CN',
      },
      { now: NOW },
    )
    expect(description.intent).toBe('登录 app.example.org')
    expect(description.warnings.map((w) => [w.code, w.severity, w.message])).toEqual([
      [
        'SiweDomainMismatch',
        'danger',
        '登录请求针对 app.example.org，但来自 evil.test。这可能是钓鱼网站。',
      ],
      ['SiweAddressMismatch', 'danger', '登录消息中的账户是 0xd8dA…6045，不是被请求签名的账户。'],
    ])
  })
})

describe('bad input', () => {
  test.each([
    [{ method: 'personal_sign', params: 'nope', chainId: 'eip155:1' }, 'InvalidParams'],
    [{ method: 'personal_sign', params: ['0xabc'], chainId: 'eip155:1' }, 'InvalidParams'],
    [
      { method: 'personal_sign', params: [`0x${'00'.repeat(65 * 1024)}`], chainId: 'eip155:1' },
      'TooLarge',
    ],
    [{ method: 'eth_foo', params: [], chainId: 'eip155:1' }, 'UnsupportedMethod'],
    [{ method: 'personal_sign', params: [], chainId: 'nope' }, 'InvalidParams'],
  ])('%j → %s', (input, code) => {
    expect(() => describeRequest(input)).toThrow(ClearSigningError)
    try {
      describeRequest(input)
    } catch (error) {
      expect((error as ClearSigningError).code).toBe(code)
    }
  })
})
