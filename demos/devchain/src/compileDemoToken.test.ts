/**
 * The committed `DemoToken.json` is what `DemoToken.sol` compiles to (solc from the `solc`
 * package, no download), and it is an ERC-20 with the expected interface.
 */
import { toFunctionSelector } from 'viem'
import { expect, test } from 'vitest'
import { compileDemoToken } from './compileDemoToken.ts'
import committed from './DemoToken.json' with { type: 'json' }

test('DemoToken.json matches a fresh compile of DemoToken.sol', () => {
  const fresh = compileDemoToken()
  expect(committed.bytecode).toBe(fresh.bytecode)
  expect(committed.abi).toEqual(fresh.abi)
})

test('the token has the ERC-20 functions and events', () => {
  const functions = committed.abi
    .filter((item) => item.type === 'function')
    .map((item) => toFunctionSelector(item as Parameters<typeof toFunctionSelector>[0]))
  for (const selector of [
    '0xa9059cbb', // transfer(address,uint256)
    '0x095ea7b3', // approve(address,uint256)
    '0x23b872dd', // transferFrom(address,address,uint256)
    '0x70a08231', // balanceOf(address)
    '0xdd62ed3e', // allowance(address,address)
    '0x313ce567', // decimals()
  ]) {
    expect(functions).toContain(selector)
  }
})
