/**
 * What the signer keeps per Tessera dapp session beside core's session record, in the same
 * `SessionStore`: the grants the user chose at pairing and the name the user gave it. Read back
 * through `readDappRecord`, which refuses anything malformed (a record that does not read is
 * treated as missing: the session is ended rather than served with unknown grants).
 */
import type { Grants } from './types.ts'

export const DAPP_KEY_PREFIX = 'tessera-dapp:'
export const dappKey = (topic: string): string => `${DAPP_KEY_PREFIX}${topic}`
/** The same record for a WalletConnect session, kept by WalletConnect wallet mode. */
export const WC_KEY_PREFIX = 'tessera-wc:'

export type DappRecord = { readonly v: 1; readonly grants: Grants; readonly name?: string }

export function readDappRecord(value: unknown): DappRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const r = value as Record<string, unknown>
  const grants = r.grants as Record<string, unknown> | undefined
  if (r.v !== 1 || typeof grants !== 'object' || grants === null) return undefined
  const { accounts, chains } = grants
  if (!Array.isArray(accounts) || !accounts.every((a) => Number.isSafeInteger(a) && a >= 0)) {
    return undefined
  }
  if (!Array.isArray(chains) || !chains.every((c) => typeof c === 'string')) return undefined
  if (r.name !== undefined && typeof r.name !== 'string') return undefined
  return {
    v: 1,
    grants: { accounts: accounts as number[], chains: chains as string[] },
    ...(r.name === undefined ? {} : { name: r.name as string }),
  }
}
