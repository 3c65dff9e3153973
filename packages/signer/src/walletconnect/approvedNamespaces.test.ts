/**
 * `approvedNamespaces` alone: only granted chains and accounts are approved (eip155 and, when the
 * dapp asks, solana), CAIP-2-keyed namespaces are read, and what cannot be honoured is refused
 * with WalletConnect's reason.
 */
import { expect, test } from 'vitest'
import { approvedNamespaces, NamespaceRefusal } from './approvedNamespaces.ts'

const SOL = 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'
const granted = {
  'eip155:1': [{ index: 0, address: '0xA' }],
  'eip155:10': [{ index: 0, address: '0xA' }],
  [SOL]: [{ index: 0, address: 'So1' }],
}

test('approves the granted chains the dapp asked for, with their accounts', () => {
  const namespaces = approvedNamespaces(
    {
      requiredNamespaces: {},
      optionalNamespaces: {
        eip155: { chains: ['eip155:1', 'eip155:137'], methods: ['personal_sign'], events: [] },
        [SOL]: { methods: ['solana_signMessage'], events: [] },
      },
    },
    granted,
    { sendTransaction: true },
  )
  expect(namespaces).toEqual({
    eip155: {
      chains: ['eip155:1'],
      accounts: ['eip155:1:0xA'],
      methods: [
        'personal_sign',
        'eth_signTypedData_v4',
        'eth_signTransaction',
        'eth_sendTransaction',
      ],
      events: ['accountsChanged', 'chainChanged'],
    },
    solana: {
      chains: [SOL],
      accounts: [`${SOL}:So1`],
      methods: ['solana_signMessage', 'solana_signTransaction'],
      events: [],
    },
  })
})

test('refuses a required chain that was not granted, an unknown required method or namespace', () => {
  const refuse = (
    requiredNamespaces: Parameters<typeof approvedNamespaces>[0]['requiredNamespaces'],
  ) => {
    try {
      approvedNamespaces({ requiredNamespaces, optionalNamespaces: {} }, granted, {
        sendTransaction: false,
      })
    } catch (error) {
      return (error as NamespaceRefusal).reason.code
    }
    return undefined
  }
  expect(refuse({ eip155: { chains: ['eip155:137'], methods: [], events: [] } })).toBe(5100)
  expect(
    refuse({ eip155: { chains: ['eip155:1'], methods: ['eth_sendTransaction'], events: [] } }),
  ).toBe(5101)
  expect(refuse({ cosmos: { chains: ['cosmos:hub'], methods: [], events: [] } })).toBe(5104)
  expect(refuse({})).toBe(5100) // nothing asked is granted
  expect(() =>
    approvedNamespaces({ requiredNamespaces: {}, optionalNamespaces: {} }, granted, {
      sendTransaction: false,
    }),
  ).toThrow(NamespaceRefusal)
})
