/**
 * Golden tests of EVM transactions: mainnet-shaped calldata built with viem's encodeFunctionData
 * (ERC-20 transfer and unlimited approve, a Uniswap V2 swap, an OpenSea-style setApprovalForAll,
 * ERC-721/1155 transfers), native transfers, contract creation, an unknown selector, a serialized
 * EIP-1559 transaction and a chain mismatch, with the exact descriptions and warnings.
 */
import {
  encodeFunctionData,
  erc20Abi,
  erc721Abi,
  maxUint256,
  parseAbi,
  parseEther,
  parseGwei,
  parseUnits,
  serializeTransaction,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { ClearSigningError } from '../ClearSigningError.ts'
import { describeRequest } from '../describeRequest.ts'

const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'
const ROUTER_V2 = '0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D'
const BAYC = '0xBC4CA0EdA7647A8aB7C2061c2E118A18a936f13D'
const CONDUIT = '0x1E0049783F008A0085193E00003D00cd54003c71'
const ALICE = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'
const BOB = '0x71C7656EC7ab88b098defB751B7401B5f6d8976F'

const send = (tx: Record<string, unknown>, locale: 'en' | 'zh-CN' = 'en') =>
  describeRequest({ method: 'eth_sendTransaction', params: [tx], chainId: 'eip155:1', locale })

const common = {
  from: ALICE,
  gas: '0x186a0',
  maxFeePerGas: `0x${parseGwei('30').toString(16)}`,
  nonce: '0x7',
}
const txFields = (value: string) => [
  { label: 'Chain', value: { kind: 'text', text: 'Ethereum (eip155:1)' } },
  { label: 'From', value: { kind: 'address', address: ALICE, chainId: 'eip155:1' } },
  {
    label: 'Value',
    value: {
      kind: 'amount',
      raw: parseEther(value).toString(),
      decimals: 18,
      symbol: 'ETH',
      formatted: `${value} ETH`,
    },
  },
  {
    label: 'Max fee',
    value: {
      kind: 'amount',
      raw: '3000000000000000',
      decimals: 18,
      symbol: 'ETH',
      formatted: '0.003 ETH',
    },
  },
  { label: 'Nonce', value: { kind: 'text', text: '7' } },
  { label: 'Type', value: { kind: 'text', text: 'eip1559' } },
]

describe('ERC-20', () => {
  test('transfer of 1,500.25 USDC', () => {
    const data = encodeFunctionData({
      abi: erc20Abi,
      functionName: 'transfer',
      args: [BOB, parseUnits('1500.25', 6)],
    })
    expect(send({ ...common, to: USDC, data })).toEqual({
      kind: 'evm.erc20.transfer',
      intent: 'Send 1,500.25 USDC to 0x71C7…976F',
      chainId: 'eip155:1',
      fields: [
        { label: 'To', value: { kind: 'address', address: BOB, chainId: 'eip155:1' } },
        {
          label: 'Amount',
          value: {
            kind: 'amount',
            raw: '1500250000',
            decimals: 6,
            symbol: 'USDC',
            formatted: '1,500.25 USDC',
          },
        },
        {
          label: 'Token',
          value: { kind: 'address', address: USDC, name: 'USD Coin', chainId: 'eip155:1' },
        },
        ...txFields('0'),
      ],
      warnings: [],
      blind: false,
    })
  })

  test('unlimited approve to Permit2 is danger, in both locales', () => {
    const data = encodeFunctionData({
      abi: erc20Abi,
      functionName: 'approve',
      args: ['0x000000000022D473030F116dDEE9F6B43aC78BA3', maxUint256],
    })
    const en = send({ ...common, to: USDC, data })
    expect(en.kind).toBe('evm.erc20.approve')
    expect(en.intent).toBe('Allow Uniswap Permit2 to spend Unlimited USDC')
    expect(en.fields[1]).toEqual({
      label: 'Amount',
      value: {
        kind: 'amount',
        raw: maxUint256.toString(),
        decimals: 6,
        symbol: 'USDC',
        formatted: 'Unlimited USDC',
      },
    })
    expect(en.warnings).toEqual([
      {
        code: 'UnlimitedAllowance',
        severity: 'danger',
        message: 'Uniswap Permit2 may spend all your USDC, now and later, until you revoke it.',
      },
    ])
    const zh = send({ ...common, to: USDC, data }, 'zh-CN')
    expect(zh.intent).toBe('允许 Uniswap Permit2 使用 无限 USDC')
    expect(zh.warnings[0]?.message).toBe(
      'Uniswap Permit2 可以花费你全部的 USDC（包括以后收到的），直到你撤销授权。',
    )
  })

  test('a token not in the list is shown in raw units with a caution', () => {
    const token = '0x1111111111111111111111111111111111111111'
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 5n] })
    const description = send({ ...common, to: token, data })
    expect(description.intent).toBe('Send 5 0x1111…1111 to 0x71C7…976F')
    expect(description.warnings).toEqual([
      {
        code: 'UnknownToken',
        severity: 'caution',
        message: 'This token is not in the token list: the amount is shown in its smallest unit.',
      },
    ])
  })

  test('dapp-supplied verified metadata names a token; the devchain DemoToken is shipped', () => {
    const token = '0x1111111111111111111111111111111111111111'
    const data = encodeFunctionData({
      abi: erc20Abi,
      functionName: 'transfer',
      args: [BOB, parseUnits('2', 9)],
    })
    const description = describeRequest(
      { method: 'eth_sendTransaction', params: [{ to: token, data }], chainId: 'eip155:1' },
      { tokens: [{ chainId: 'eip155:1', address: token, symbol: 'GAS', decimals: 9 }] },
    )
    expect(description.intent).toBe('Send 2 GAS to 0x71C7…976F')
    const tdt = describeRequest({
      method: 'eth_sendTransaction',
      params: [
        {
          to: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
          data: encodeFunctionData({
            abi: erc20Abi,
            functionName: 'transfer',
            args: [BOB, parseEther('3')],
          }),
        },
      ],
      chainId: 'eip155:31337',
    })
    expect(tdt.intent).toBe('Send 3 TDT to 0x71C7…976F')
  })
})

describe('NFTs', () => {
  test('OpenSea-style setApprovalForAll(conduit, true) is danger; revoking is not', () => {
    const grant = encodeFunctionData({
      abi: erc721Abi,
      functionName: 'setApprovalForAll',
      args: [CONDUIT, true],
    })
    const description = send({ ...common, to: BAYC, data: grant })
    expect(description.kind).toBe('evm.nft.setApprovalForAll')
    expect(description.intent).toBe('Allow OpenSea Conduit to move all your 0xBC4C…f13D NFTs')
    expect(description.warnings).toEqual([
      {
        code: 'ApprovalForAll',
        severity: 'danger',
        message:
          'OpenSea Conduit may move every NFT you hold in 0xBC4C…f13D, now and later, until you revoke it.',
      },
    ])
    const revoke = send({
      ...common,
      to: BAYC,
      data: encodeFunctionData({
        abi: erc721Abi,
        functionName: 'setApprovalForAll',
        args: [CONDUIT, false],
      }),
    })
    expect(revoke.intent).toBe('Revoke the access of OpenSea Conduit to your 0xBC4C…f13D NFTs')
    expect(revoke.warnings).toEqual([])
  })

  test('transferFrom on a known collection is an NFT transfer (ERC-721 descriptor), not an amount', () => {
    const data = encodeFunctionData({
      abi: erc721Abi,
      functionName: 'transferFrom',
      args: [ALICE, BOB, 8520n],
    })
    const description = send({ ...common, to: BAYC, data })
    expect(description.kind).toBe('evm.erc7730')
    expect(description.intent).toBe('Send NFT #8520 to 0x71C7…976F')
    expect(description.warnings).toEqual([])
  })

  test('ERC-721 safeTransferFrom and ERC-1155 safeTransferFrom', () => {
    const nft = encodeFunctionData({
      abi: parseAbi(['function safeTransferFrom(address from, address to, uint256 tokenId)']),
      args: [ALICE, BOB, 8520n],
    })
    expect(send({ to: BAYC, data: nft }).intent).toBe(
      'Send NFT #8520 of 0xBC4C…f13D to 0x71C7…976F',
    )
    const multi = encodeFunctionData({
      abi: parseAbi([
        'function safeTransferFrom(address from, address to, uint256 id, uint256 amount, bytes data)',
      ]),
      args: [ALICE, BOB, 7n, 3n, '0x'],
    })
    const description = send({ to: BAYC, data: multi }, 'zh-CN')
    expect(description.kind).toBe('evm.erc1155.safeTransferFrom')
    expect(description.intent).toBe('将 0xBC4C…f13D 的 3 个代币 #7 发送给 0x71C7…976F')
  })
})

describe('known ABI and unknown calls', () => {
  test('a Uniswap V2 swap with its arguments, amounts in token units', () => {
    const data = encodeFunctionData({
      abi: parseAbi([
        'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline)',
      ]),
      args: [parseUnits('1000', 6), parseUnits('0.25', 18), [USDC, WETH], ALICE, 1796472600n],
    })
    const description = send({ ...common, to: ROUTER_V2, data })
    expect(description.kind).toBe('evm.call')
    expect(description.intent).toBe('Swap 1,000 USDC for at least 0.25 WETH')
    expect(description.fields.slice(0, 7)).toEqual([
      {
        label: 'Contract',
        value: {
          kind: 'address',
          address: ROUTER_V2,
          name: 'Uniswap V2 Router 02',
          chainId: 'eip155:1',
        },
      },
      {
        label: 'Function',
        value: {
          kind: 'text',
          text: 'swapExactTokensForTokens(uint256,uint256,address[],address,uint256)',
        },
      },
      {
        label: 'amountIn',
        value: {
          kind: 'amount',
          raw: '1000000000',
          decimals: 6,
          symbol: 'USDC',
          formatted: '1,000 USDC',
        },
      },
      {
        label: 'amountOutMin',
        value: {
          kind: 'amount',
          raw: '250000000000000000',
          decimals: 18,
          symbol: 'WETH',
          formatted: '0.25 WETH',
        },
      },
      {
        label: 'path',
        value: {
          kind: 'tree',
          fields: [
            {
              label: '0',
              value: { kind: 'address', address: USDC, name: 'USD Coin', chainId: 'eip155:1' },
            },
            {
              label: '1',
              value: { kind: 'address', address: WETH, name: 'Wrapped Ether', chainId: 'eip155:1' },
            },
          ],
        },
      },
      { label: 'to', value: { kind: 'address', address: ALICE, chainId: 'eip155:1' } },
      { label: 'deadline', value: { kind: 'text', text: '1796472600' } },
    ])
    expect(description.warnings).toEqual([])
  })

  test('an unknown selector is raw hex with the blind-signing warning', () => {
    const description = send({ ...common, to: ROUTER_V2, data: '0xdeadbeef0000' })
    expect(description).toMatchObject({
      kind: 'evm.unknown',
      intent: 'Call an unknown function on Uniswap V2 Router 02',
      blind: true,
      warnings: [
        {
          code: 'BlindSigning',
          severity: 'danger',
          message:
            'The function called is unknown: you cannot see what this transaction does. Sign only if you trust the site.',
        },
      ],
    })
    expect(description.fields[1]).toEqual({
      label: 'Data',
      value: { kind: 'hex', hex: '0xdeadbeef0000' },
    })
  })

  test('native transfer, contract creation', () => {
    expect(send({ ...common, to: BOB, value: `0x${parseEther('1.5').toString(16)}` })).toEqual({
      kind: 'evm.transfer',
      intent: 'Send 1.5 ETH to 0x71C7…976F',
      chainId: 'eip155:1',
      fields: [
        { label: 'To', value: { kind: 'address', address: BOB, chainId: 'eip155:1' } },
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
        ...txFields('0').filter((f) => f.label !== 'Value'),
      ],
      warnings: [],
      blind: false,
    })
    const deploy = send({ from: ALICE, data: '0x6080604052348015600f57600080fd5b50' })
    expect(deploy).toMatchObject({
      kind: 'evm.deploy',
      intent: 'Deploy a new contract',
      warnings: [{ code: 'ContractCreation', severity: 'caution' }],
      blind: false,
    })
    expect(deploy.fields[0]).toEqual({
      label: 'Contract code',
      value: { kind: 'text', text: '17 bytes' },
    })
  })

  test('a serialized EIP-1559 transaction for another chain: chain mismatch is danger', () => {
    const raw = serializeTransaction({
      chainId: 137,
      to: USDC,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 1n] }),
      maxFeePerGas: 1n,
      maxPriorityFeePerGas: 1n,
      gas: 21000n,
      nonce: 1,
    })
    const description = describeRequest({
      method: 'eth_signTransaction',
      params: [raw],
      chainId: 'eip155:1',
    })
    expect(description.chainId).toBe('eip155:137')
    expect(description.warnings[0]).toEqual({
      code: 'ChainMismatch',
      severity: 'danger',
      message: 'This is for Polygon (eip155:137), but the session is on Ethereum (eip155:1).',
    })
  })
})

describe('bad input', () => {
  test.each([
    [[{ to: '0x12' }], 'InvalidParams'],
    [[{ to: BOB, value: '-1' }], 'InvalidParams'],
    [[{ to: BOB, data: '0xabc' }], 'InvalidParams'],
    [['0x02zz'], 'InvalidParams'],
    [['0x02ff'], 'MalformedPayload'],
    [null, 'InvalidParams'],
  ])('%j → %s', (params, code) => {
    const run = () =>
      describeRequest({ method: 'eth_sendTransaction', params, chainId: 'eip155:1' })
    expect(run).toThrow(ClearSigningError)
    expect(() => run()).toThrow(expect.objectContaining({ code }))
  })

  test('an EVM method on a Solana session is refused', () => {
    expect(() =>
      describeRequest({
        method: 'eth_sendTransaction',
        params: [{ to: BOB }],
        chainId: 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
      }),
    ).toThrow(expect.objectContaining({ code: 'UnsupportedChain' }))
  })
})
