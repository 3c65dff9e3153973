/**
 * `grantedAccounts`: what a dapp may see and use, from the user's grants — for each granted chain
 * the addresses of each granted account index (EVM chains `eip155:<id>` only: Conflux Core and
 * Solana grants are not served over dapp sessions yet). Grants naming nothing, or an unknown
 * chain family, are refused with `DappsError('BadGrants')`.
 */
import { DappsError } from './dappsError.ts'
import type { DappSigner } from './signRequest.ts'
import type { Grants } from './types.ts'

export type GrantedAccount = { readonly index: number; readonly address: string }
export type GrantedAccounts = { readonly [chainId: string]: readonly GrantedAccount[] }

const EVM_CHAIN = /^eip155:[1-9][0-9]{0,15}$/

export function checkGrants(grants: Grants): Grants {
  const accounts = [...new Set(grants.accounts)]
  const chains = [...new Set(grants.chains)]
  if (accounts.length === 0 || chains.length === 0) {
    throw new DappsError('BadGrants', 'grants must name at least one account and one chain')
  }
  for (const index of accounts) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= 2 ** 31) {
      throw new DappsError('BadGrants', `grants: account index ${index} is not a valid index`)
    }
  }
  for (const chain of chains) {
    if (!EVM_CHAIN.test(chain)) {
      throw new DappsError('BadGrants', `grants: chain "${chain}" is not an eip155 chain`)
    }
  }
  return { accounts, chains }
}

export function grantedAccounts(
  signer: Pick<DappSigner, 'account'>,
  grants: Grants,
): GrantedAccounts {
  const out: Record<string, GrantedAccount[]> = {}
  const evm = grants.accounts.map((index) => {
    const address = signer.account(index).secp256k1?.address
    if (address === undefined) throw new DappsError('BadGrants', 'the wallet has no EVM key')
    return { index, address }
  })
  for (const chain of grants.chains) out[chain] = evm
  return out
}

/** CAIP-2 chain → addresses, the shape a pairing offers. */
export function offeredAccounts(granted: GrantedAccounts): { [chainId: string]: string[] } {
  return Object.fromEntries(
    Object.entries(granted).map(([chain, list]) => [chain, list.map((a) => a.address)]),
  )
}
