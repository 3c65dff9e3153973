/**
 * User-added EVM chains (EIP-3085) and the per-platform chain sets: validation before approval,
 * approval before adding, no built-in overwritten, Telegram offering TON only, storage round trip.
 */
import { describe, expect, test } from 'vitest'
import { ChainError } from './chainError.ts'
import { createChainRegistry } from './createChainRegistry.ts'
import { BUILTIN_CHAINS } from './registry.ts'

const gnosis = {
  chainId: '0x64',
  chainName: 'Gnosis',
  nativeCurrency: { name: 'xDAI', symbol: 'XDAI', decimals: 18 },
  rpcUrls: ['https://rpc.gnosischain.com'],
  blockExplorerUrls: ['https://gnosisscan.io/'],
}

async function code(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ChainError)
  return (error as ChainError).code
}

describe('addEvmChain', () => {
  test('asks the user with the parsed row, then lists and finds it', async () => {
    const registry = createChainRegistry({ platform: 'browser' })
    const asked: string[] = []
    const row = await registry.addEvmChain(gnosis, async (chain) => {
      asked.push(chain.id)
      return true
    })
    expect(asked).toEqual(['eip155:100'])
    expect(row).toMatchObject({
      id: 'eip155:100',
      name: 'Gnosis',
      custom: true,
      explorer: 'https://gnosisscan.io',
      nativeCurrency: { symbol: 'XDAI', decimals: 18 },
    })
    expect(registry.get('eip155:100')).toBe(row)
    expect(registry.list().at(-1)).toBe(row)
    // The same parameters again: no second question.
    expect(await registry.addEvmChain(gnosis, async () => expect.fail('asked twice'))).toBe(row)
  })

  test('added chains survive a restart through added()', async () => {
    const first = createChainRegistry({ platform: 'browser' })
    await first.addEvmChain({ ...gnosis, rpcUrls: ['http://127.0.0.1:8545'] }, async () => true)
    const stored = JSON.parse(JSON.stringify(first.added()))
    const second = createChainRegistry({ platform: 'browser', added: stored })
    expect(second.get('eip155:100')).toEqual(first.get('eip155:100'))
  })

  test('refused by the user: nothing added', async () => {
    const registry = createChainRegistry({ platform: 'browser' })
    expect(await code(registry.addEvmChain(gnosis, async () => false))).toBe('Rejected')
    expect(() => registry.get('eip155:100')).toThrow(ChainError)
  })

  test('a built-in chain is never replaced, and the user is not asked', async () => {
    const registry = createChainRegistry({ platform: 'browser' })
    const fake = { ...gnosis, chainId: '0x1', rpcUrls: ['https://evil.example'] }
    expect(await code(registry.addEvmChain(fake, async () => expect.fail('asked')))).toBe(
      'ChainExists',
    )
    expect(registry.get('eip155:1').rpcUrls).toBeUndefined()
  })

  test('other parameters for an added chain are refused', async () => {
    const registry = createChainRegistry({ platform: 'browser' })
    await registry.addEvmChain(gnosis, async () => true)
    const other = { ...gnosis, rpcUrls: ['https://other.example'] }
    expect(await code(registry.addEvmChain(other, async () => true))).toBe('ChainExists')
  })

  test.each([
    ['not an object', 'x'],
    ['decimal chain id', { ...gnosis, chainId: '100' }],
    ['leading zero', { ...gnosis, chainId: '0x064' }],
    ['upper-case hex', { ...gnosis, chainId: '0x6A' }],
    ['chain id 0', { ...gnosis, chainId: '0x0' }],
    ['chain id above 2^53', { ...gnosis, chainId: '0x20000000000000' }],
    ['no name', { ...gnosis, chainName: '' }],
    ['control characters in the name', { ...gnosis, chainName: 'Gno\u0000sis' }],
    ['no rpcUrls', { ...gnosis, rpcUrls: [] }],
    ['plain http RPC on the internet', { ...gnosis, rpcUrls: ['http://rpc.example.com'] }],
    ['ftp RPC', { ...gnosis, rpcUrls: ['ftp://127.0.0.1'] }],
    ['credentials in the URL', { ...gnosis, rpcUrls: ['https://u:p@rpc.example.com'] }],
    ['not a URL', { ...gnosis, rpcUrls: ['rpc'] }],
    ['http explorer', { ...gnosis, blockExplorerUrls: ['http://127.0.0.1'] }],
    [
      'symbol too long',
      { ...gnosis, nativeCurrency: { name: 'x', symbol: 'TOOLONG', decimals: 18 } },
    ],
    [
      'fractional decimals',
      { ...gnosis, nativeCurrency: { name: 'x', symbol: 'XX', decimals: 1.5 } },
    ],
    ['no currency', { ...gnosis, nativeCurrency: undefined }],
  ])('invalid: %s, before the user is asked', async (_, params) => {
    const registry = createChainRegistry({ platform: 'browser' })
    expect(await code(registry.addEvmChain(params, async () => expect.fail('asked')))).toBe(
      'InvalidChainParameters',
    )
  })

  test('loopback http RPCs are accepted (local nodes)', async () => {
    const registry = createChainRegistry({ platform: 'browser' })
    for (const [i, url] of [
      'http://localhost:8545',
      'http://127.0.0.1:8545',
      'http://[::1]:8545',
    ].entries()) {
      const chainId = `0x${(900 + i).toString(16)}`
      await registry.addEvmChain({ ...gnosis, chainId, rpcUrls: [url] }, async () => true)
    }
    expect(registry.added()).toHaveLength(3)
  })
})

describe('platforms', () => {
  test('Telegram Mini Apps offer TON only, and cannot add EVM chains', async () => {
    const registry = createChainRegistry({ platform: 'telegram' })
    expect(registry.list().map((c) => c.family)).toEqual(['ton', 'ton'])
    expect(() => registry.get('eip155:1')).toThrow(ChainError)
    expect(await code(registry.addEvmChain(gnosis, async () => true))).toBe('UnknownChain')
  })

  test.each(['browser', 'wechat', 'alipay'] as const)(
    '%s offers every built-in chain',
    (platform) => {
      expect(createChainRegistry({ platform }).list()).toEqual(BUILTIN_CHAINS)
    },
  )
})
