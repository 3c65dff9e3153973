/**
 * ERC-20 calls decoded from calldata (decodeTokenCall.ts): the movement each names — the token is
 * the called contract, approvals and allowance increases are grants, transferFrom names whose
 * tokens move — and calldata that is not a token movement.
 */
import { encodeFunctionData, erc20Abi, getAddress, parseAbi } from 'viem'
import { describe, expect, test } from 'vitest'
import { decodeTokenCall } from './decodeTokenCall.ts'

const TOKEN = getAddress('0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48')
const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const B = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc')
const abi = [
  ...erc20Abi,
  ...parseAbi([
    'function increaseAllowance(address spender, uint256 addedValue) returns (bool)',
    'function decreaseAllowance(address spender, uint256 subtractedValue) returns (bool)',
  ]),
]

describe('ERC-20 calls', () => {
  test('transfer, transferFrom, approve and increaseAllowance name token, amount and recipient', () => {
    const lower = TOKEN.toLowerCase() as `0x${string}`
    expect(
      decodeTokenCall(lower, encodeFunctionData({ abi, functionName: 'transfer', args: [A, 5n] })),
    ).toEqual({
      function: 'transfer',
      recipient: A,
      movement: { call: 'transfer', grant: false, token: TOKEN, amount: 5n },
    })
    expect(
      decodeTokenCall(
        TOKEN,
        encodeFunctionData({ abi, functionName: 'transferFrom', args: [B, A, 6n] }),
      ),
    ).toEqual({
      function: 'transferFrom',
      recipient: A,
      movement: { call: 'transferFrom', grant: false, token: TOKEN, amount: 6n, from: B },
    })
    for (const name of ['approve', 'increaseAllowance'] as const)
      expect(
        decodeTokenCall(TOKEN, encodeFunctionData({ abi, functionName: name, args: [B, 7n] })),
      ).toEqual({
        function: name,
        recipient: B,
        movement: { call: name, grant: true, token: TOKEN, amount: 7n },
      })
  })

  test('other calls move nothing the policy counts', () => {
    expect(
      decodeTokenCall(TOKEN, encodeFunctionData({ abi, functionName: 'balanceOf', args: [A] })),
    ).toEqual({ function: 'balanceOf' })
    // Lowering an allowance grants nothing: not a token call this decoder knows.
    expect(
      decodeTokenCall(
        TOKEN,
        encodeFunctionData({ abi, functionName: 'decreaseAllowance', args: [A, 1n] }),
      ),
    ).toBeUndefined()
    expect(decodeTokenCall(TOKEN, '0xdeadbeef')).toBeUndefined()
  })
})
