/**
 * The chain table: at least the chains the product promises, CAIP-2 ids well formed and unique,
 * curves and address formats consistent with each family, EVM ids matching viem's chain
 * definitions (an independent source) where viem has them.
 */
import {
  arbitrum,
  base,
  bsc,
  confluxESpace,
  confluxESpaceTestnet,
  hardhat,
  mainnet,
  optimism,
  polygon,
} from 'viem/chains'
import { expect, test } from 'vitest'
import { BUILTIN_CHAINS, builtinChain } from './registry.ts'

test('every promised chain is in the table, each id once', () => {
  const ids = BUILTIN_CHAINS.map((c) => c.id)
  expect(new Set(ids).size).toBe(ids.length)
  for (const id of [
    'eip155:1',
    'eip155:137',
    'eip155:56',
    'eip155:42161',
    'eip155:10',
    'eip155:8453',
    'cfx:1029',
    'cfx:1',
    'cfx:2029',
    'eip155:1030',
    'eip155:71',
    'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
    'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
    'bip122:000000000019d6689c085ae165831e93',
    'bip122:000000000933ea01ad0ee984209779ba',
    'bip122:0f9188f13cb7b2c71f2a335e3a4fc328',
    'ton:-239',
    'eip155:31337',
  ]) {
    expect(builtinChain(id)?.id).toBe(id)
  }
  expect(BUILTIN_CHAINS.filter((c) => !c.testnet).length).toBeGreaterThanOrEqual(10)
})

test('ids are CAIP-2 and each family has its curve, address format and decoder', () => {
  const expected = {
    evm: ['secp256k1', 'evm-hex', 'evm'],
    'conflux-core': ['secp256k1', 'cip37', 'conflux'],
    solana: ['ed25519', 'base58', 'solana'],
    bitcoin: ['secp256k1', 'bech32-p2wpkh', 'bitcoin.psbt'],
    ton: ['ed25519', 'ton-user-friendly', 'ton'],
  } as const
  for (const chain of BUILTIN_CHAINS) {
    expect(chain.id).toMatch(/^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/)
    expect([chain.curve, chain.addressFormat, chain.decoders[0]]).toEqual(expected[chain.family])
    expect(Object.isFrozen(chain)).toBe(true)
    if (chain.explorer !== undefined) expect(chain.explorer).toMatch(/^https:\/\/[^/]+/)
    expect(chain.nativeCurrency.decimals).toBeGreaterThan(0)
  }
})

test('EVM rows agree with viem on name-independent facts (id, currency symbol, decimals)', () => {
  for (const chain of [
    mainnet,
    polygon,
    bsc,
    arbitrum,
    optimism,
    base,
    confluxESpace,
    confluxESpaceTestnet,
    hardhat,
  ]) {
    const row = builtinChain(`eip155:${chain.id}`)
    expect(row?.family).toBe('evm')
    expect(row?.nativeCurrency.symbol).toBe(chain.nativeCurrency.symbol)
    expect(row?.nativeCurrency.decimals).toBe(chain.nativeCurrency.decimals)
  }
})

test('an unknown id is undefined', () => {
  expect(builtinChain('eip155:999999')).toBeUndefined()
  expect(builtinChain('')).toBeUndefined()
})
