/**
 * Golden tests of eth_signTypedData_v4: EIP-2612 Permit for USDC, DAI's permit, Uniswap Permit2
 * PermitSingle / PermitBatch / PermitTransferFrom shaped as the Uniswap app sends them, generic
 * typed data (an order) as a tree, and the chain-mismatch, unlimited and long-deadline warnings.
 * Each payload is first checked to be valid EIP-712 by viem's hashTypedData.
 */
import { hashTypedData, maxUint160, maxUint256, parseUnits, type TypedDataDefinition } from 'viem'
import { describe, expect, test } from 'vitest'
import { ClearSigningError } from '../ClearSigningError.ts'
import { describeRequest } from '../describeRequest.ts'

const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'
const DAI = '0x6B175474E89094C44Da98b954EedeAC495271d0F'
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'
const PERMIT2 = '0x000000000022D473030F116dDEE9F6B43aC78BA3'
const UNIVERSAL_ROUTER = '0x3fC91A3afd70395Cd496C647d5a6CC9D4B2b7FAD'
const ALICE = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0)
const now = BigInt(NOW / 1000)

/** Checks the payload with viem, then sends it as JSON text (bigints as decimal strings), as dapps do. */
function sign(typed: TypedDataDefinition, chainId = 'eip155:1', locale: 'en' | 'zh-CN' = 'en') {
  hashTypedData(typed)
  const json = JSON.stringify(typed, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
  return describeRequest(
    { method: 'eth_signTypedData_v4', params: [ALICE, json], chainId, locale },
    { now: NOW },
  )
}

const permitTypes = {
  Permit: [
    { name: 'owner', type: 'address' },
    { name: 'spender', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const

const permit2Details = [
  { name: 'token', type: 'address' },
  { name: 'amount', type: 'uint160' },
  { name: 'expiration', type: 'uint48' },
  { name: 'nonce', type: 'uint48' },
] as const
const permit2Domain = { name: 'Permit2', chainId: 1, verifyingContract: PERMIT2 } as const

describe('EIP-2612 Permit', () => {
  test('USDC permit for 250 USDC, one hour', () => {
    const description = sign({
      domain: { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: USDC },
      types: permitTypes,
      primaryType: 'Permit',
      message: {
        owner: ALICE,
        spender: UNIVERSAL_ROUTER,
        value: parseUnits('250', 6),
        nonce: 0n,
        deadline: now + 3600n,
      },
    })
    expect(description).toEqual({
      kind: 'evm.permit',
      intent: 'Allow Uniswap Universal Router to spend 250 USDC',
      chainId: 'eip155:1',
      fields: [
        {
          label: 'Spender',
          value: {
            kind: 'address',
            address: UNIVERSAL_ROUTER,
            name: 'Uniswap Universal Router',
            chainId: 'eip155:1',
          },
        },
        {
          label: 'Amount',
          value: {
            kind: 'amount',
            raw: '250000000',
            decimals: 6,
            symbol: 'USDC',
            formatted: '250 USDC',
          },
        },
        {
          label: 'Deadline',
          value: { kind: 'date', unixSeconds: 1796475600, iso: '2026-12-05T13:00:00.000Z' },
        },
        {
          label: 'Token',
          value: { kind: 'address', address: USDC, name: 'USD Coin', chainId: 'eip155:1' },
        },
        { label: 'Owner', value: { kind: 'address', address: ALICE, chainId: 'eip155:1' } },
        { label: 'Nonce', value: { kind: 'text', text: '0' } },
        {
          label: 'Domain',
          value: {
            kind: 'tree',
            fields: [
              { label: 'Name', value: { kind: 'text', text: 'USD Coin' } },
              { label: 'Version', value: { kind: 'text', text: '2' } },
              { label: 'Chain', value: { kind: 'text', text: 'Ethereum (eip155:1)' } },
              {
                label: 'Verifying contract',
                value: { kind: 'address', address: USDC, name: 'USD Coin', chainId: 'eip155:1' },
              },
            ],
          },
        },
      ],
      warnings: [],
      blind: false,
    })
  })

  test('unlimited, a year long, on another chain: danger, danger, caution', () => {
    const description = sign(
      {
        domain: { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: USDC },
        types: permitTypes,
        primaryType: 'Permit',
        message: {
          owner: ALICE,
          spender: UNIVERSAL_ROUTER,
          value: maxUint256,
          nonce: 3n,
          deadline: now + 365n * 86400n,
        },
      },
      'eip155:137',
    )
    expect(description.intent).toBe('Allow Uniswap Universal Router to spend Unlimited USDC')
    expect(description.warnings).toEqual([
      {
        code: 'ChainMismatch',
        severity: 'danger',
        message: 'This is for Ethereum (eip155:1), but the session is on Polygon (eip155:137).',
      },
      {
        code: 'UnlimitedAllowance',
        severity: 'danger',
        message:
          'Uniswap Universal Router may spend all your USDC, now and later, until you revoke it.',
      },
      {
        code: 'LongDeadline',
        severity: 'caution',
        message:
          'Deadline: 2027-12-05T12:00:00.000Z, more than 30 days from now. The permission stays usable that long.',
      },
    ])
  })

  test('DAI permit: allowed is unlimited, expiry 0 never expires (zh-CN)', () => {
    const description = sign(
      {
        domain: { name: 'Dai Stablecoin', version: '1', chainId: 1, verifyingContract: DAI },
        types: {
          Permit: [
            { name: 'holder', type: 'address' },
            { name: 'spender', type: 'address' },
            { name: 'nonce', type: 'uint256' },
            { name: 'expiry', type: 'uint256' },
            { name: 'allowed', type: 'bool' },
          ],
        },
        primaryType: 'Permit',
        message: { holder: ALICE, spender: UNIVERSAL_ROUTER, nonce: 1n, expiry: 0n, allowed: true },
      },
      'eip155:1',
      'zh-CN',
    )
    expect(description.kind).toBe('evm.permit.dai')
    expect(description.intent).toBe('允许 Uniswap Universal Router 使用 无限 DAI')
    expect(description.fields[2]).toEqual({
      label: '截止时间',
      value: { kind: 'text', text: '永不' },
    })
    expect(description.warnings.map((w) => [w.code, w.severity, w.message])).toEqual([
      [
        'UnlimitedAllowance',
        'danger',
        'Uniswap Universal Router 可以花费你全部的 DAI（包括以后收到的），直到你撤销授权。',
      ],
      ['LongDeadline', 'caution', '截止时间：永不。该授权在你撤销前一直有效。'],
    ])
  })
})

describe('Permit2', () => {
  test('PermitSingle as the Uniswap app sends it: unlimited USDC for 30 days, signature for 30 minutes', () => {
    const description = sign({
      domain: permit2Domain,
      types: {
        PermitSingle: [
          { name: 'details', type: 'PermitDetails' },
          { name: 'spender', type: 'address' },
          { name: 'sigDeadline', type: 'uint256' },
        ],
        PermitDetails: permit2Details,
      },
      primaryType: 'PermitSingle',
      message: {
        details: {
          token: USDC,
          amount: maxUint160,
          expiration: Number(now) + 30 * 86400,
          nonce: 0,
        },
        spender: UNIVERSAL_ROUTER,
        sigDeadline: now + 1800n,
      },
    })
    expect(description.kind).toBe('evm.permit2.single')
    expect(description.intent).toBe('Allow Uniswap Universal Router to spend Unlimited USDC')
    expect(description.fields.slice(0, 6)).toEqual([
      {
        label: 'Spender',
        value: {
          kind: 'address',
          address: UNIVERSAL_ROUTER,
          name: 'Uniswap Universal Router',
          chainId: 'eip155:1',
        },
      },
      {
        label: 'Token',
        value: { kind: 'address', address: USDC, name: 'USD Coin', chainId: 'eip155:1' },
      },
      {
        label: 'Amount',
        value: {
          kind: 'amount',
          raw: maxUint160.toString(),
          decimals: 6,
          symbol: 'USDC',
          formatted: 'Unlimited USDC',
        },
      },
      {
        label: 'Allowance expires',
        value: { kind: 'date', unixSeconds: 1799064000, iso: '2027-01-04T12:00:00.000Z' },
      },
      { label: 'Nonce', value: { kind: 'text', text: '0' } },
      {
        label: 'Signature deadline',
        value: { kind: 'date', unixSeconds: 1796473800, iso: '2026-12-05T12:30:00.000Z' },
      },
    ])
    expect(description.warnings).toEqual([
      {
        code: 'UnlimitedAllowance',
        severity: 'danger',
        message:
          'Uniswap Universal Router may spend all your USDC, now and later, until you revoke it.',
      },
    ])
  })

  test('PermitBatch with a never-expiring allowance', () => {
    const description = sign({
      domain: permit2Domain,
      types: {
        PermitBatch: [
          { name: 'details', type: 'PermitDetails[]' },
          { name: 'spender', type: 'address' },
          { name: 'sigDeadline', type: 'uint256' },
        ],
        PermitDetails: permit2Details,
      },
      primaryType: 'PermitBatch',
      message: {
        details: [
          { token: USDC, amount: parseUnits('100', 6), expiration: 2 ** 48 - 1, nonce: 1 },
          { token: WETH, amount: parseUnits('0.5', 18), expiration: Number(now) + 86400, nonce: 2 },
        ],
        spender: UNIVERSAL_ROUTER,
        sigDeadline: now + 1800n,
      },
    })
    expect(description.kind).toBe('evm.permit2.batch')
    expect(description.intent).toBe('Allow Uniswap Universal Router to spend 100 USDC, 0.5 WETH')
    expect(description.warnings).toEqual([
      {
        code: 'LongDeadline',
        severity: 'caution',
        message: 'Allowance expires: never. The permission stays usable until you revoke it.',
      },
    ])
  })

  test('PermitTransferFrom is a one-time transfer', () => {
    const description = sign({
      domain: permit2Domain,
      types: {
        PermitTransferFrom: [
          { name: 'permitted', type: 'TokenPermissions' },
          { name: 'spender', type: 'address' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
        TokenPermissions: [
          { name: 'token', type: 'address' },
          { name: 'amount', type: 'uint256' },
        ],
      },
      primaryType: 'PermitTransferFrom',
      message: {
        permitted: { token: WETH, amount: parseUnits('1.25', 18) },
        spender: UNIVERSAL_ROUTER,
        nonce: 42n,
        deadline: now + 600n,
      },
    })
    expect(description.kind).toBe('evm.permit2.transferFrom')
    expect(description.intent).toBe('Allow Uniswap Universal Router to take 1.25 WETH once')
    expect(description.warnings).toEqual([])
  })

  test('a "Permit2" domain at another address is not trusted as Permit2', () => {
    const description = sign({
      domain: { ...permit2Domain, verifyingContract: '0x1111111111111111111111111111111111111111' },
      types: {
        PermitTransferFrom: [
          { name: 'permitted', type: 'TokenPermissions' },
          { name: 'spender', type: 'address' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
        TokenPermissions: [
          { name: 'token', type: 'address' },
          { name: 'amount', type: 'uint256' },
        ],
      },
      primaryType: 'PermitTransferFrom',
      message: { permitted: { token: WETH, amount: 1n }, spender: ALICE, nonce: 1n, deadline: now },
    })
    expect(description.kind).toBe('evm.typedData')
    expect(description.intent).toBe('Sign PermitTransferFrom data for Permit2')
  })
})

test('params in the order [typedData, address] are accepted too', () => {
  const typed = {
    domain: { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: USDC },
    types: permitTypes,
    primaryType: 'Permit',
    message: {
      owner: ALICE,
      spender: UNIVERSAL_ROUTER,
      value: '1',
      nonce: '0',
      deadline: String(now + 60n),
    },
  }
  const description = describeRequest(
    { method: 'eth_signTypedData_v4', params: [JSON.stringify(typed), ALICE], chainId: 'eip155:1' },
    { now: NOW },
  )
  expect(description.intent).toBe('Allow Uniswap Universal Router to spend 0.000001 USDC')
})

describe('generic typed data', () => {
  test('an order shown as a tree with the domain', () => {
    const description = sign({
      domain: { name: 'Example Exchange', version: '1', chainId: 1 },
      types: {
        Order: [
          { name: 'maker', type: 'address' },
          { name: 'amounts', type: 'uint256[]' },
          { name: 'memo', type: 'string' },
          { name: 'hash', type: 'bytes32' },
        ],
      },
      primaryType: 'Order',
      message: { maker: ALICE, amounts: [1n, 2n], memo: 'hi', hash: `0x${'ab'.repeat(32)}` },
    })
    expect(description).toEqual({
      kind: 'evm.typedData',
      intent: 'Sign Order data for Example Exchange',
      chainId: 'eip155:1',
      fields: [
        { label: 'Type', value: { kind: 'text', text: 'Order' } },
        {
          label: 'Message',
          value: {
            kind: 'tree',
            fields: [
              { label: 'maker', value: { kind: 'address', address: ALICE, chainId: 'eip155:1' } },
              {
                label: 'amounts',
                value: {
                  kind: 'tree',
                  fields: [
                    { label: '0', value: { kind: 'text', text: '1' } },
                    { label: '1', value: { kind: 'text', text: '2' } },
                  ],
                },
              },
              { label: 'memo', value: { kind: 'text', text: 'hi' } },
              { label: 'hash', value: { kind: 'hex', hex: `0x${'ab'.repeat(32)}` } },
            ],
          },
        },
        {
          label: 'Domain',
          value: {
            kind: 'tree',
            fields: [
              { label: 'Name', value: { kind: 'text', text: 'Example Exchange' } },
              { label: 'Version', value: { kind: 'text', text: '1' } },
              { label: 'Chain', value: { kind: 'text', text: 'Ethereum (eip155:1)' } },
            ],
          },
        },
      ],
      warnings: [],
      blind: false,
    })
  })

  test.each([
    ['not json', 'InvalidParams'],
    [{ types: {}, primaryType: 'X', domain: {}, message: {} }, 'InvalidParams'],
    [
      {
        types: { X: [{ name: 'a', type: 'uint8' }] },
        primaryType: 'X',
        domain: {},
        message: { a: 256 },
      },
      'InvalidParams',
    ],
    [
      {
        types: { X: [{ name: 'a', type: 'X' }] },
        primaryType: 'X',
        domain: {},
        message: { a: { a: {} } },
      },
      'InvalidParams',
    ],
  ])('bad typed data %j → %s', (typed, code) => {
    expect(() =>
      describeRequest({
        method: 'eth_signTypedData_v4',
        params: [ALICE, typed],
        chainId: 'eip155:1',
      }),
    ).toThrow(expect.objectContaining({ name: 'ClearSigningError', code }))
    expect(ClearSigningError).toBeDefined()
  })
})
