/**
 * The shipped token list and names: every address checksummed (EIP-55, so a typo cannot hide),
 * no duplicate per chain, and the entries the brief requires present.
 */
import { base58 } from '@scure/base'
import { getAddress } from 'viem'
import { expect, test } from 'vitest'
import { SHIPPED_NAMES, SHIPPED_TOKENS } from './shipped.ts'

test('every shipped EVM address is EIP-55 checksummed; Solana mints are 32-byte base58', () => {
  for (const { address, chainId } of [...SHIPPED_TOKENS, ...SHIPPED_NAMES]) {
    if (chainId.startsWith('solana:')) expect(base58.decode(address).length, address).toBe(32)
    else expect(getAddress(address), address).toBe(address)
  }
})

test('no token is listed twice on one chain', () => {
  const keys = SHIPPED_TOKENS.map((t) => `${t.chainId}|${t.address.toLowerCase()}`)
  expect(new Set(keys).size).toBe(keys.length)
})

test('the chains, the devchain DemoToken and the named contracts are there', () => {
  const chains = new Set(SHIPPED_TOKENS.map((t) => t.chainId))
  for (const id of [1, 137, 56, 42161, 10, 8453, 1030, 31337])
    expect(chains.has(`eip155:${id}`)).toBe(true)
  expect(SHIPPED_TOKENS).toContainEqual({
    chainId: 'eip155:31337',
    address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    symbol: 'TDT',
    decimals: 18,
    name: 'DemoToken',
  })
  expect(SHIPPED_NAMES).toContainEqual({
    chainId: 'eip155:*',
    address: '0x000000000022D473030F116dDEE9F6B43aC78BA3',
    name: 'Uniswap Permit2',
  })
})
