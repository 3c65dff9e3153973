/**
 * EIP-2255 permissions over the session: `wallet_getPermissions` (the `eth_accounts`
 * permission while a session is live), `wallet_requestPermissions` `[{ eth_accounts: {} }]`
 * (pairs, like `eth_requestAccounts`) and `wallet_revokePermissions` `[{ eth_accounts: {} }]`
 * (ends the session). `eth_accounts` is the only permission a Tessera session grants; asking for
 * another is -32602.
 */
import { paramsArray } from '@tessera/protocol'
import type { Address } from 'viem'
import type { ProviderContext } from '../internal/context.ts'
import { describe, invalidParams, objectParam } from '../internal/params.ts'

export interface Permission {
  readonly invoker: string
  readonly parentCapability: 'eth_accounts'
  readonly caveats: readonly [
    { readonly type: 'restrictReturnedAccounts'; readonly value: readonly Address[] },
  ]
}

export async function getPermissions(context: ProviderContext): Promise<Permission[]> {
  return context.connected() ? [permission(context, context.accounts('wallet_getPermissions'))] : []
}

export async function requestPermissions(
  context: ProviderContext,
  params: unknown,
): Promise<Permission[]> {
  readEthAccountsOnly('wallet_requestPermissions', params)
  return [permission(context, await context.connect())]
}

export async function revokePermissions(context: ProviderContext, params: unknown): Promise<null> {
  readEthAccountsOnly('wallet_revokePermissions', params)
  await context.disconnect()
  return null
}

function readEthAccountsOnly(method: string, params: unknown): void {
  const [first] = paramsArray(method, params, 1)
  const requested = objectParam(method, first, 'the permission request')
  const names = Object.keys(requested)
  const other = names.find((name) => name !== 'eth_accounts')
  if (names.length === 0 || other !== undefined) {
    throw invalidParams(
      method,
      `only the eth_accounts permission exists, got ${other === undefined ? 'none' : describe(other)}.`,
    )
  }
}

function permission(context: ProviderContext, accounts: readonly Address[]): Permission {
  return {
    invoker: context.origin,
    parentCapability: 'eth_accounts',
    caveats: [{ type: 'restrictReturnedAccounts', value: accounts }],
  }
}
