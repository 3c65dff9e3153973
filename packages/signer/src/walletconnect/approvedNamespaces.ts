/**
 * `approvedNamespaces`: the namespaces the wallet approves for a WalletConnect session proposal,
 * from what the dapp asked (required and optional, CAIP-2 keyed or with `chains`) and what the
 * user granted: `eip155` (and `solana` when asked) with only the granted chains and accounts, the
 * methods this wallet answers and the usual events. Throws `NamespaceRefusal` with the
 * WalletConnect reason when a required chain, method or namespace cannot be honoured, or when
 * nothing the dapp asked for was granted.
 */
import type { ProposalTypes, SessionTypes } from '@walletconnect/types'
import type { GrantedAccounts } from '../dapps/grantedAccounts.ts'

/** WalletConnect's SDK reasons (`getSdkError`), by name. */
export const WC_REASONS = {
  userRejected: { code: 5000, message: 'User rejected.' },
  unsupportedChains: { code: 5100, message: 'Unsupported chains.' },
  unsupportedMethods: { code: 5101, message: 'Unsupported methods.' },
  unsupportedNamespaceKey: { code: 5104, message: 'Unsupported namespace key.' },
  userDisconnected: { code: 6000, message: 'User disconnected.' },
} as const

export class NamespaceRefusal extends Error {
  override name = 'NamespaceRefusal'
  readonly reason: { readonly code: number; readonly message: string }
  constructor(reason: { readonly code: number; readonly message: string }, detail: string) {
    super(`${reason.message} ${detail}`)
    this.reason = { code: reason.code, message: `${reason.message} ${detail}` }
  }
}

const METHODS = {
  eip155: ['personal_sign', 'eth_signTypedData_v4', 'eth_signTransaction'],
  solana: ['solana_signMessage', 'solana_signTransaction'],
} as const
const EVENTS = { eip155: ['accountsChanged', 'chainChanged'], solana: [] } as const

type Asked = { chains: Set<string>; methods: Set<string>; events: Set<string> }

function collect(namespaces: ProposalTypes.RequiredNamespaces | undefined): Map<string, Asked> {
  const out = new Map<string, Asked>()
  for (const [key, ns] of Object.entries(namespaces ?? {})) {
    const family = key.split(':')[0] as string
    const asked = out.get(family) ?? { chains: new Set(), methods: new Set(), events: new Set() }
    for (const chain of ns.chains ?? (key.includes(':') ? [key] : [])) asked.chains.add(chain)
    for (const method of ns.methods ?? []) asked.methods.add(method)
    for (const event of ns.events ?? []) asked.events.add(event)
    out.set(family, asked)
  }
  return out
}

export function approvedNamespaces(
  proposal: Pick<ProposalTypes.Struct, 'requiredNamespaces' | 'optionalNamespaces'>,
  granted: GrantedAccounts,
  options: { readonly sendTransaction: boolean },
): SessionTypes.Namespaces {
  const required = collect(proposal.requiredNamespaces)
  const optional = collect(proposal.optionalNamespaces)
  const out: SessionTypes.Namespaces = {}
  for (const [family, asked] of required) {
    if (family !== 'eip155' && family !== 'solana') {
      throw new NamespaceRefusal(WC_REASONS.unsupportedNamespaceKey, `"${family}" is required.`)
    }
    const missing = [...asked.chains].filter((chain) => granted[chain] === undefined)
    if (missing.length > 0) {
      throw new NamespaceRefusal(
        WC_REASONS.unsupportedChains,
        `Not granted: ${missing.join(', ')}.`,
      )
    }
    const methods = allMethods(family, options.sendTransaction)
    const unknown = [...asked.methods].filter((m) => !methods.includes(m))
    if (unknown.length > 0) {
      throw new NamespaceRefusal(
        WC_REASONS.unsupportedMethods,
        `Not supported: ${unknown.join(', ')}.`,
      )
    }
  }
  for (const family of ['eip155', 'solana'] as const) {
    const chains = new Set([
      ...(required.get(family)?.chains ?? []),
      ...(optional.get(family)?.chains ?? []),
    ])
    const approved = [...chains].filter((chain) => granted[chain] !== undefined)
    if (approved.length === 0) continue
    out[family] = {
      chains: approved,
      accounts: approved.flatMap((chain) =>
        (granted[chain] ?? []).map((account) => `${chain}:${account.address}`),
      ),
      methods: allMethods(family, options.sendTransaction),
      events: [...EVENTS[family]],
    }
  }
  if (Object.keys(out).length === 0) {
    throw new NamespaceRefusal(
      WC_REASONS.unsupportedChains,
      'None of the chains the dapp asked for was granted.',
    )
  }
  return out
}

function allMethods(family: 'eip155' | 'solana', sendTransaction: boolean): string[] {
  const methods: string[] = [...METHODS[family]]
  if (family === 'eip155' && sendTransaction) methods.push('eth_sendTransaction')
  return methods
}
