/**
 * Golden tests of Conflux Core: transactions in the RPC form the provider sends (base32 addresses
 * made by js-conflux-sdk, ERC-20 calldata by viem) and raw transactions signed by js-conflux-sdk;
 * CIP-23 typed data (a permit with base32 addresses) whose hash @tessera/conflux checks; the chain
 * mismatch warning; and refusals.
 */
import { hashCip23TypedData } from '@tessera/conflux'
import sdk from 'js-conflux-sdk'
import { encodeFunctionData, erc20Abi, maxUint256, parseEther, parseGwei } from 'viem'
import { describe, expect, test } from 'vitest'
import { describeRequest } from '../describeRequest.ts'

const base32 = (hex: string, network = 1029): string => sdk.address.encodeCfxAddress(hex, network)
const ALICE = base32('0x1a2f80341409639ea6a35bbcab8299066109aa55')
const BOB = base32('0x106d49f8505410eb4e671d51f7d96d2c87807b09')
/** The intent's short form: the network prefix kept, the address's own characters shortened. */
const short = (address: string) => {
  const [prefix, body] = address.split(':') as [string, string]
  return `${prefix}:${body.slice(0, 4)}…${body.slice(-4)}`
}
const TOKEN = base32('0x8b8689c7f3014a4d86e4d1d0daaf74a47f5e0f27')
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0)

const rpcTx = {
  type: '0x0',
  from: ALICE,
  gas: '0x5208',
  gasPrice: `0x${parseGwei('1').toString(16)}`,
  nonce: '0x1',
  storageLimit: '0x40',
  epochHeight: '0x6a2b1c',
  chainId: '0x405',
}

describe('Core transactions', () => {
  test('a CFX transfer in RPC form', () => {
    const description = describeRequest({
      method: 'cfx_signTransaction',
      params: [{ ...rpcTx, to: BOB, value: `0x${parseEther('12.5').toString(16)}`, data: '0x' }],
      chainId: 'cfx:1029',
    })
    expect(description).toEqual({
      kind: 'cfx.transfer',
      intent: `Send 12.5 CFX to ${short(BOB)}`,
      chainId: 'cfx:1029',
      fields: [
        { label: 'To', value: { kind: 'address', address: BOB, chainId: 'cfx:1029' } },
        {
          label: 'Amount',
          value: {
            kind: 'amount',
            raw: parseEther('12.5').toString(),
            decimals: 18,
            symbol: 'CFX',
            formatted: '12.5 CFX',
          },
        },
        { label: 'Chain', value: { kind: 'text', text: 'Conflux Core (cfx:1029)' } },
        { label: 'From', value: { kind: 'address', address: ALICE, chainId: 'cfx:1029' } },
        {
          label: 'Gas price',
          value: {
            kind: 'amount',
            raw: '1000000000',
            decimals: 18,
            symbol: 'CFX',
            formatted: '0.000000001 CFX',
          },
        },
        {
          label: 'Max fee',
          value: {
            kind: 'amount',
            raw: '21000000000000',
            decimals: 18,
            symbol: 'CFX',
            formatted: '0.000021 CFX',
          },
        },
        { label: 'Storage limit', value: { kind: 'text', text: '64 bytes' } },
        {
          label: 'Max storage collateral',
          value: {
            kind: 'amount',
            raw: '62500000000000000',
            decimals: 18,
            symbol: 'CFX',
            formatted: '0.0625 CFX',
          },
        },
        { label: 'Epoch height', value: { kind: 'text', text: '6957852' } },
        { label: 'Nonce', value: { kind: 'text', text: '1' } },
        { label: 'Type', value: { kind: 'text', text: 'legacy' } },
      ],
      warnings: [],
      blind: false,
    })
  })

  test('an unlimited ERC-20 approve on Core, with dapp-supplied token metadata, base32 spender', () => {
    const data = encodeFunctionData({
      abi: erc20Abi,
      functionName: 'approve',
      args: ['0x106d49f8505410eb4e671d51f7d96d2c87807b09', maxUint256],
    })
    const description = describeRequest(
      {
        method: 'cfx_sendTransaction',
        params: [{ ...rpcTx, to: TOKEN, data }],
        chainId: 'cfx:1029',
        locale: 'zh-CN',
      },
      { tokens: [{ chainId: 'cfx:1029', address: TOKEN, symbol: 'cUSDT', decimals: 18 }] },
    )
    expect(description.kind).toBe('cfx.erc20.approve')
    expect(description.intent).toBe(`允许 ${short(BOB)} 使用 无限 cUSDT`)
    expect(description.fields[0]).toEqual({
      label: '授权对象',
      value: { kind: 'address', address: BOB, chainId: 'cfx:1029' },
    })
    expect(description.warnings.map((w) => [w.code, w.severity])).toEqual([
      ['UnlimitedAllowance', 'danger'],
    ])
  })

  test('a raw transaction signed by js-conflux-sdk, for the testnet while the session is mainnet', () => {
    const tx = new sdk.Transaction({
      nonce: 5,
      gasPrice: 2_000_000_000,
      gas: 60_000,
      to: base32('0x106d49f8505410eb4e671d51f7d96d2c87807b09', 1),
      value: 0,
      storageLimit: 0,
      epochHeight: 1000,
      chainId: 1,
      data: encodeFunctionData({
        abi: erc20Abi,
        functionName: 'transfer',
        args: ['0x1a2f80341409639ea6a35bbcab8299066109aa55', 7n],
      }),
    })
    const raw = tx.sign(`0x${'11'.repeat(32)}`, 1).serialize() as string
    const description = describeRequest({
      method: 'cfx_signTransaction',
      params: [raw],
      chainId: 'cfx:1029',
    })
    expect(description.chainId).toBe('cfx:1')
    expect(description.kind).toBe('cfx.erc20.transfer')
    expect(description.warnings.map((w) => w.code)).toEqual(['ChainMismatch', 'UnknownToken'])
    expect(description.warnings[0]?.message).toBe(
      'This is for Conflux Core Testnet (cfx:1), but the session is on Conflux Core (cfx:1029).',
    )
  })

  test('refusals: a base32 address of another network, an EVM session, a bad raw transaction', () => {
    expect(() =>
      describeRequest({
        method: 'cfx_signTransaction',
        params: [{ ...rpcTx, to: base32('0x106d49f8505410eb4e671d51f7d96d2c87807b09', 1) }],
        chainId: 'cfx:1029',
      }),
    ).toThrow(expect.objectContaining({ code: 'InvalidParams' }))
    expect(() =>
      describeRequest({
        method: 'cfx_signTransaction',
        params: [{ to: BOB }],
        chainId: 'eip155:1',
      }),
    ).toThrow(expect.objectContaining({ code: 'UnsupportedChain' }))
    expect(() =>
      describeRequest({
        method: 'cfx_signTransaction',
        params: ['0x63667803c0'],
        chainId: 'cfx:1029',
      }),
    ).toThrow(expect.objectContaining({ code: 'MalformedPayload' }))
  })
})

describe('CIP-23 typed data', () => {
  const typed = {
    types: {
      CIP23Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit',
    domain: { name: 'Conflux USDT', version: '1', chainId: 1029, verifyingContract: TOKEN },
    message: {
      owner: ALICE,
      spender: BOB,
      value: '1000000000000000000000',
      nonce: 0,
      deadline: String(NOW / 1000 + 600),
    },
  }

  test('a CIP-23 permit: base32 spender and token, amounts from the verified metadata', () => {
    expect(hashCip23TypedData(typed)).toMatch(/^0x[0-9a-f]{64}$/)
    const description = describeRequest(
      {
        method: 'cfx_signTypedData_v4',
        params: [ALICE, JSON.stringify(typed)],
        chainId: 'cfx:1029',
      },
      { now: NOW, tokens: [{ chainId: 'cfx:1029', address: TOKEN, symbol: 'USDT', decimals: 18 }] },
    )
    expect(description.kind).toBe('cfx.permit')
    expect(description.intent).toBe(`Allow ${short(BOB)} to spend 1,000 USDT`)
    expect(description.fields.slice(0, 4)).toEqual([
      { label: 'Spender', value: { kind: 'address', address: BOB, chainId: 'cfx:1029' } },
      {
        label: 'Amount',
        value: {
          kind: 'amount',
          raw: '1000000000000000000000',
          decimals: 18,
          symbol: 'USDT',
          formatted: '1,000 USDT',
        },
      },
      {
        label: 'Deadline',
        value: { kind: 'date', unixSeconds: NOW / 1000 + 600, iso: '2026-12-05T12:10:00.000Z' },
      },
      { label: 'Token', value: { kind: 'address', address: TOKEN, chainId: 'cfx:1029' } },
    ])
    expect(description.fields.at(-1)).toEqual({
      label: 'Domain',
      value: {
        kind: 'tree',
        fields: [
          { label: 'Name', value: { kind: 'text', text: 'Conflux USDT' } },
          { label: 'Version', value: { kind: 'text', text: '1' } },
          { label: 'Chain', value: { kind: 'text', text: 'Conflux Core (cfx:1029)' } },
          {
            label: 'Verifying contract',
            value: { kind: 'address', address: TOKEN, chainId: 'cfx:1029' },
          },
        ],
      },
    })
    expect(description.warnings).toEqual([])
  })

  test('hex addresses are refused (CIP-23 wants base32); a testnet domain on mainnet is danger', () => {
    const hex = {
      ...typed,
      message: { ...typed.message, spender: '0x106d49f8505410eb4e671d51f7d96d2c87807b09' },
    }
    expect(() =>
      describeRequest({
        method: 'cfx_signTypedData_v4',
        params: [ALICE, hex],
        chainId: 'cfx:1029',
      }),
    ).toThrow(expect.objectContaining({ code: 'InvalidParams' }))
    const testnet = { ...typed, domain: { ...typed.domain, chainId: 1 } }
    const description = describeRequest(
      { method: 'cfx_signTypedData_v4', params: [ALICE, testnet], chainId: 'cfx:1029' },
      { now: NOW },
    )
    expect(description.warnings[0]).toMatchObject({ code: 'ChainMismatch', severity: 'danger' })
  })
})
