/**
 * `grantedAccounts`: what a dapp may see and use, from the user's grants — for each granted chain
 * the addresses of each granted account index: the EVM address on `eip155:<id>` chains, the
 * Ed25519 address on `solana:<genesis>` chains, the CIP-37 base32 address of the same secp256k1
 * key on `cfx:<networkId>` (Conflux Core) chains. Grants naming nothing, or an unknown chain
 * family, are refused with
 * `DappsError('BadGrants')`.
 */
import { encodeBase32Address, userAddressFromPublicKey } from '@tessera/conflux'
import { DappsError } from './dappsError.ts'
import type { DappSigner } from './signRequest.ts'
import type { Grants } from './types.ts'

export type GrantedAccount = { readonly index: number; readonly address: string }
export type GrantedAccounts = { readonly [chainId: string]: readonly GrantedAccount[] }

const EVM_CHAIN = /^eip155:[1-9][0-9]{0,15}$/
const SOLANA_CHAIN = /^solana:[1-9A-HJ-NP-Za-km-z]{32}$/
const CONFLUX_CHAIN = /^cfx:[1-9][0-9]{0,9}$/

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
    if (!EVM_CHAIN.test(chain) && !SOLANA_CHAIN.test(chain) && !CONFLUX_CHAIN.test(chain)) {
      throw new DappsError(
        'BadGrants',
        `grants: chain "${chain}" is not an eip155, cfx or solana chain`,
      )
    }
  }
  return { accounts, chains }
}

export function grantedAccounts(
  signer: Pick<DappSigner, 'account'>,
  grants: Grants,
): GrantedAccounts {
  const out: Record<string, GrantedAccount[]> = {}
  const of = (kind: 'secp256k1' | 'ed25519'): GrantedAccount[] =>
    grants.accounts.map((index) => {
      const address = signer.account(index)[kind]?.address
      if (address === undefined) throw new DappsError('BadGrants', `the wallet has no ${kind} key`)
      return { index, address }
    })
  const core = (networkId: number): GrantedAccount[] =>
    grants.accounts.map((index) => {
      const key = signer.account(index).secp256k1
      if (key === undefined) throw new DappsError('BadGrants', 'the wallet has no secp256k1 key')
      const address =
        key.core[networkId] ??
        encodeBase32Address(userAddressFromPublicKey(key.publicKey), networkId)
      return { index, address }
    })
  for (const chain of grants.chains) {
    if (chain.startsWith('cfx:')) out[chain] = core(Number(chain.slice('cfx:'.length)))
    else out[chain] = of(chain.startsWith('solana:') ? 'ed25519' : 'secp256k1')
  }
  return out
}

/** CAIP-2 chain → addresses, the shape a pairing offers. */
export function offeredAccounts(granted: GrantedAccounts): { [chainId: string]: string[] } {
  return Object.fromEntries(
    Object.entries(granted).map(([chain, list]) => [chain, list.map((a) => a.address)]),
  )
}
