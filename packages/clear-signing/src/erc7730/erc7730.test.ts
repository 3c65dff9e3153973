/**
 * ERC-7730: our shipped descriptors load and render (WETH through describeRequest; ERC-20,
 * ERC-721 and Permit2 through describeWithDescriptor, on viem-built calldata and typed data); a
 * caller's descriptor exercises `enum`, `unit`, `date`, `duration`, `raw` and groups; descriptors
 * that do not match the call's chain, contract, selector, ABI or domain are refused.
 */
import {
  encodeFunctionData,
  erc20Abi,
  erc721Abi,
  maxUint160,
  maxUint256,
  parseAbi,
  parseEther,
  parseUnits,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { describeRequest, describeWithDescriptor } from '../describeRequest.ts'
import { SHIPPED_DESCRIPTOR_JSON, shippedDescriptors } from '../descriptors/shippedDescriptors.ts'
import { loadErc7730Descriptor } from './loadDescriptor.ts'

const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'
const PERMIT2 = '0x000000000022D473030F116dDEE9F6B43aC78BA3'
const ROUTER = '0x3fC91A3afd70395Cd496C647d5a6CC9D4B2b7FAD'
const BAYC = '0xBC4CA0EdA7647A8aB7C2061c2E118A18a936f13D'
const CONDUIT = '0x1E0049783F008A0085193E00003D00cd54003c71'
const BOB = '0x71C7656EC7ab88b098defB751B7401B5f6d8976F'
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0)
const tx = (to: string, data: string, value = 0n) => ({
  method: 'eth_sendTransaction',
  params: [{ to, data, value: `0x${value.toString(16)}` }],
  chainId: 'eip155:1',
})

test('the shipped descriptors are valid ERC-7730', () => {
  expect(Object.keys(SHIPPED_DESCRIPTOR_JSON).sort()).toEqual([
    'erc20',
    'erc721',
    'permit2Contract',
    'permit2Messages',
    'weth',
  ])
  expect(shippedDescriptors().map((d) => [d.id, d.binding, d.formats.length])).toEqual([
    ['Tessera ERC-20 tokens', 'contract', 3],
    ['Tessera ERC-721 collections', 'contract', 4],
    ['Uniswap Permit2 (calls)', 'contract', 1],
    ['Uniswap Permit2 (signatures)', 'eip712', 2],
    ['Wrapped Ether', 'contract', 2],
  ])
})

describe('shipped descriptors', () => {
  test('WETH deposit and withdraw are described by the WETH descriptor', () => {
    const deposit = describeRequest(
      tx(WETH, encodeFunctionData({ abi: parseAbi(['function deposit()']) }), parseEther('1.5')),
    )
    expect(deposit.kind).toBe('evm.erc7730')
    expect(deposit.intent).toBe('Wrap 1.5 ETH')
    expect(deposit.fields.slice(0, 2)).toEqual([
      {
        label: 'Contract',
        value: { kind: 'address', address: WETH, name: 'Wrapped Ether', chainId: 'eip155:1' },
      },
      {
        label: 'Amount',
        value: {
          kind: 'amount',
          raw: parseEther('1.5').toString(),
          decimals: 18,
          symbol: 'ETH',
          formatted: '1.5 ETH',
        },
      },
    ])
    const withdraw = describeRequest({
      ...tx(
        WETH,
        encodeFunctionData({
          abi: parseAbi(['function withdraw(uint256 wad)']),
          args: [parseEther('2')],
        }),
      ),
      locale: 'zh-CN',
    })
    expect(withdraw.intent).toBe('解包 ETH')
    expect(withdraw.fields[1]).toEqual({
      label: '数量',
      value: {
        kind: 'amount',
        raw: parseEther('2').toString(),
        decimals: 18,
        symbol: 'WETH',
        formatted: '2 WETH',
      },
    })
  })

  test('ERC-20 transfer and unlimited approve through the ERC-20 descriptor', () => {
    const erc20 = SHIPPED_DESCRIPTOR_JSON.erc20
    const transfer = describeWithDescriptor(
      erc20,
      tx(
        USDC,
        encodeFunctionData({
          abi: erc20Abi,
          functionName: 'transfer',
          args: [BOB, parseUnits('1500.25', 6)],
        }),
      ),
    )
    expect(transfer).toMatchObject({
      kind: 'evm.erc7730',
      intent: 'Send 1,500.25 USDC to 0x71C7…976F',
      warnings: [],
      blind: false,
    })
    const approve = describeWithDescriptor(
      erc20,
      tx(
        USDC,
        encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [PERMIT2, maxUint256] }),
      ),
    )
    expect(approve.intent).toBe('Allow Uniswap Permit2 to spend Unlimited USDC')
    expect(approve.warnings).toEqual([
      {
        code: 'UnlimitedAmount',
        severity: 'danger',
        message: 'Amount: unlimited USDC. Whoever receives this permission can take all of it.',
      },
    ])
  })

  test('ERC-721 setApprovalForAll through the ERC-721 descriptor', () => {
    const description = describeWithDescriptor(
      SHIPPED_DESCRIPTOR_JSON.erc721,
      tx(
        BAYC,
        encodeFunctionData({
          abi: erc721Abi,
          functionName: 'setApprovalForAll',
          args: [CONDUIT, true],
        }),
      ),
    )
    expect(description.intent).toBe('Manage all NFTs')
    // The descriptor words it; the built-in check still warns.
    expect(description.warnings.map((w) => [w.code, w.severity])).toEqual([
      ['ApprovalForAll', 'danger'],
    ])
    expect(description.fields.slice(1, 3)).toEqual([
      {
        label: 'Operator',
        value: { kind: 'address', address: CONDUIT, name: 'OpenSea Conduit', chainId: 'eip155:1' },
      },
      { label: 'Approved', value: { kind: 'text', text: 'true' } },
    ])
  })

  test('Permit2 PermitSingle through the Permit2 messages descriptor', () => {
    const typed = {
      domain: { name: 'Permit2', chainId: 1, verifyingContract: PERMIT2 },
      types: {
        PermitSingle: [
          { name: 'details', type: 'PermitDetails' },
          { name: 'spender', type: 'address' },
          { name: 'sigDeadline', type: 'uint256' },
        ],
        PermitDetails: [
          { name: 'token', type: 'address' },
          { name: 'amount', type: 'uint160' },
          { name: 'expiration', type: 'uint48' },
          { name: 'nonce', type: 'uint48' },
        ],
      },
      primaryType: 'PermitSingle',
      message: {
        details: {
          token: USDC,
          amount: maxUint160.toString(),
          expiration: NOW / 1000 + 86400,
          nonce: 0,
        },
        spender: ROUTER,
        sigDeadline: NOW / 1000 + 1800,
      },
    }
    const description = describeWithDescriptor(
      SHIPPED_DESCRIPTOR_JSON.permit2Messages,
      { method: 'eth_signTypedData_v4', params: [BOB, typed], chainId: 'eip155:1' },
      { now: NOW },
    )
    expect(description.kind).toBe('evm.erc7730')
    expect(description.intent).toBe('Allow Uniswap Universal Router to spend Unlimited USDC')
    expect(description.fields.slice(0, 4)).toEqual([
      {
        label: 'Spender',
        value: {
          kind: 'address',
          address: ROUTER,
          name: 'Uniswap Universal Router',
          chainId: 'eip155:1',
        },
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
        label: 'Expiration',
        value: { kind: 'date', unixSeconds: NOW / 1000 + 86400, iso: '2026-12-06T12:00:00.000Z' },
      },
      {
        label: 'Signature deadline',
        value: { kind: 'date', unixSeconds: NOW / 1000 + 1800, iso: '2026-12-05T12:30:00.000Z' },
      },
    ])
    expect(description.warnings.map((w) => w.code)).toEqual(['UnlimitedAmount'])
  })
})

describe("a caller's descriptor", () => {
  const VAULT = '0x9999999999999999999999999999999999999999'
  const vault = {
    context: { $id: 'Example vault', contract: { deployments: [{ chainId: 1, address: VAULT }] } },
    metadata: { owner: 'Example Vault', enums: { mode: { '1': 'stable', '2': 'variable' } } },
    display: {
      formats: {
        'lock(uint256 amount,uint8 mode,uint64 until,uint32 period,uint16 feeBps,bytes32 ref)': {
          intent: 'Lock tokens',
          interpolatedIntent: 'Lock {amount} ({mode}) until {until}',
          fields: [
            { path: 'amount', label: 'Amount', format: 'tokenAmount', params: { token: USDC } },
            {
              path: 'mode',
              label: 'Mode',
              format: 'enum',
              params: { $ref: '$.metadata.enums.mode' },
            },
            { path: 'until', label: 'Until', format: 'date', params: { encoding: 'timestamp' } },
            {
              label: 'Terms',
              fields: [
                { path: 'period', label: 'Period', format: 'duration' },
                {
                  path: 'feeBps',
                  label: 'Fee',
                  format: 'unit',
                  params: { base: '%', decimals: 2 },
                },
              ],
            },
            { path: 'ref', label: 'Reference', format: 'raw', visible: 'never' },
          ],
        },
      },
    },
  }
  const lock = encodeFunctionData({
    abi: parseAbi([
      'function lock(uint256 amount,uint8 mode,uint64 until,uint32 period,uint16 feeBps,bytes32 ref)',
    ]),
    args: [parseUnits('250', 6), 2, 1796472600n, 8250, 125, `0x${'00'.repeat(32)}`],
  })

  test('passed in options, it describes the call before the built-in decoders', () => {
    const description = describeRequest(tx(VAULT, lock), { descriptors: [vault] })
    expect(description.kind).toBe('evm.erc7730')
    expect(description.intent).toBe('Lock 250 USDC (variable) until 2026-12-05T12:10:00.000Z')
    expect(description.fields.slice(0, 6)).toEqual([
      {
        label: 'Contract',
        value: { kind: 'address', address: VAULT, name: 'Example Vault', chainId: 'eip155:1' },
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
      { label: 'Mode', value: { kind: 'text', text: 'variable' } },
      {
        label: 'Until',
        value: { kind: 'date', unixSeconds: 1796472600, iso: '2026-12-05T12:10:00.000Z' },
      },
      { label: 'Period', value: { kind: 'text', text: '02:17:30' } },
      { label: 'Fee', value: { kind: 'text', text: '1.25%' } },
    ])
    expect(description.fields[6]?.label).toBe('Chain')
    // Without it, the same call is blind.
    expect(describeRequest(tx(VAULT, lock)).blind).toBe(true)
  })

  test('refused: another chain, another contract, another selector, another binding', () => {
    const onOptimism = { ...tx(VAULT, lock), chainId: 'eip155:10' }
    expect(() => describeWithDescriptor(vault, onOptimism)).toThrow(
      expect.objectContaining({ name: 'ClearSigningError', code: 'DescriptorMismatch' }),
    )
    expect(() => describeWithDescriptor(vault, tx(BOB, lock))).toThrow(
      expect.objectContaining({ code: 'DescriptorMismatch' }),
    )
    const transfer = encodeFunctionData({
      abi: erc20Abi,
      functionName: 'transfer',
      args: [BOB, 1n],
    })
    expect(() => describeWithDescriptor(vault, tx(VAULT, transfer))).toThrow(
      /no format for the selector 0xa9059cbb/,
    )
    expect(() =>
      describeWithDescriptor(SHIPPED_DESCRIPTOR_JSON.permit2Messages, tx(PERMIT2, transfer)),
    ).toThrow(/EIP-712 messages, not contract calls/)
    expect(() =>
      describeWithDescriptor(vault, {
        method: 'personal_sign',
        params: ['0x00'],
        chainId: 'eip155:1',
      }),
    ).toThrow(expect.objectContaining({ code: 'DescriptorMismatch' }))
  })

  test('refused when loading: a format that is not in its inline ABI, an unknown format, two keys per selector', () => {
    const withAbi = {
      ...vault,
      context: { contract: { deployments: [{ chainId: 1, address: VAULT }], abi: erc20Abi } },
    }
    expect(() => loadErc7730Descriptor(withAbi)).toThrow(
      expect.objectContaining({
        code: 'DescriptorMismatch',
        shortMessage: expect.stringContaining("is not a function of its contract's ABI"),
      }),
    )
    const unknownFormat = structuredClone(vault)
    unknownFormat.display.formats[
      'lock(uint256 amount,uint8 mode,uint64 until,uint32 period,uint16 feeBps,bytes32 ref)'
    ].fields[0] = {
      path: 'amount',
      label: 'Amount',
      format: 'percentage' as 'tokenAmount',
      params: { token: USDC },
    }
    expect(() => loadErc7730Descriptor(unknownFormat)).toThrow(
      expect.objectContaining({ code: 'InvalidDescriptor' }),
    )
    const twice = {
      context: vault.context,
      display: { formats: { 'f(uint256 a)': { fields: [] }, 'f(uint256 b)': { fields: [] } } },
    }
    expect(() => loadErc7730Descriptor(twice)).toThrow(/share the selector/)
    expect(() => loadErc7730Descriptor({ context: {}, display: { formats: {} } })).toThrow(
      expect.objectContaining({ code: 'InvalidDescriptor' }),
    )
    expect(() => describeRequest(tx(VAULT, lock), { descriptors: [{ nope: true }] })).toThrow(
      expect.objectContaining({ code: 'InvalidDescriptor' }),
    )
  })
})
