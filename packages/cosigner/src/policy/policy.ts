/**
 * Policy documents: what an identity may have signed for a dapp. One document applies per
 * (identity, dapp), the most specific of (identity, dapp) > (identity, *) > (*, dapp) > (*, *)
 * > the built-in default; documents are not merged, so what applies is always one readable
 * object. `parsePolicy` validates admin input field by field and names the field it refuses.
 */
import { getAddress, isAddress } from 'viem'
import { CosignerError } from '../errors.ts'
import { solanaAddress } from './decodeSolanaRequest.ts'

export const SIGNING_METHODS = [
  'personal_sign',
  'eth_signTypedData_v4',
  'eth_sendTransaction',
  'eth_signTransaction',
  'cfx_personal_sign',
  'cfx_signTypedData_v4',
  'cfx_sendTransaction',
  'cfx_signTransaction',
  'solana_signMessage',
  'solana_signTransaction',
  /** The older name of both Solana methods: a document listing it allows both. */
  'ed25519_sign',
  'export',
] as const
export type SigningMethod = (typeof SIGNING_METHODS)[number]

/** EVM and Core addresses as checksummed hex, Solana addresses and program ids as base58. */
export interface AddressList {
  allow?: string[]
  deny?: string[]
}

export interface Policy {
  /** Method allow-list. */
  methods: SigningMethod[]
  /**
   * Per CAIP-2 chain (`eip155:1`, `cfx:1029`, `solana:<genesis>`), the most native value per UTC
   * day (decimal string: wei, drip, or lamports moved by System transfers and account creation).
   */
  dailyLimits?: Record<string, string>
  /**
   * Per CAIP-2 chain, per token (EVM/Core: the token contract, checksummed hex; Solana: the mint,
   * base58), the most of that token per UTC day in its base units (decimal string), counting
   * transfers and approvals the co-signer decodes (docs/COSIGNER.md#token-limits). A token not
   * listed is not limited; on a Solana chain listed here, an SPL transfer or approval that names
   * no mint (plain `Transfer`/`Approve`) is refused.
   */
  tokenLimits?: Record<string, Record<string, string>>
  /** Chains signing is allowed on (CAIP-2); absent = any. */
  chains?: string[]
  /**
   * Where value or tokens go (tx `to` of a plain transfer, ERC-20 recipient/spender, Permit
   * spender; Solana System transfer destinations, funded new accounts, SPL transfer destinations
   * and delegates).
   */
  recipients?: AddressList
  /**
   * Contracts called (tx `to` with calldata) or named as EIP-712 `verifyingContract`; on Solana,
   * every program the transaction invokes.
   */
  contracts?: AddressList
  allowContractCreation?: boolean
  /** At most `max` signing requests per `windowSec`, per identity and dapp. */
  rateLimit?: { max: number; windowSec: number }
  /** Key export is possible only between these times (ms since epoch); absent = never. */
  exportWindow?: { from: number; until: number }
  /**
   * A fresh SOTER (WeChat biometric) verification of the very request is needed before it is
   * signed (docs/AUTH.md#soter-biometrics): `true` for every request, or only for requests moving
   * more than `valueAbove` native units (decimal string). Absent = not needed.
   */
  requireSoter?: true | { valueAbove: string }
}

export const DEFAULT_POLICY: Policy = {
  methods: [
    'personal_sign',
    'eth_signTypedData_v4',
    'eth_sendTransaction',
    'eth_signTransaction',
    'cfx_personal_sign',
    'cfx_signTypedData_v4',
    'cfx_sendTransaction',
    'cfx_signTransaction',
    'solana_signMessage',
    'solana_signTransaction',
  ],
  rateLimit: { max: 60, windowSec: 60 },
}

const bad = (field: string, why: string): never => {
  throw new CosignerError('BadRequest', `policy field "${field}" ${why}`)
}

const CHAIN = /^((eip155|cfx):[1-9][0-9]{0,18}|solana:[1-9A-HJ-NP-Za-km-z]{32})$/

function addressList(value: unknown, field: string): AddressList {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return bad(field, 'must be an object with allow/deny arrays')
  const out: AddressList = {}
  for (const [key, list] of Object.entries(value)) {
    if (key !== 'allow' && key !== 'deny') return bad(`${field}.${key}`, 'is not a known field')
    if (!Array.isArray(list)) return bad(`${field}.${key}`, 'must be an array of addresses')
    out[key] = list.map((a, i) =>
      typeof a === 'string' && isAddress(a, { strict: false })
        ? getAddress(a)
        : ((typeof a === 'string' ? solanaAddress(a) : undefined) ??
          bad(`${field}.${key}[${i}]`, 'is not an address (0x hex, or a Solana base58 key)')),
    )
  }
  return out
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The largest amount a token can hold: uint256 on EVM and Core, u64 on Solana. */
const UINT256_MAX = 2n ** 256n - 1n
const U64_MAX = 2n ** 64n - 1n

function tokenLimits(value: unknown): Record<string, Record<string, string>> {
  if (!isObject(value))
    return bad('tokenLimits', 'must be an object of chain id → {token address: amount}')
  const out: Record<string, Record<string, string>> = {}
  for (const [chain, tokens] of Object.entries(value)) {
    const field = `tokenLimits.${chain}`
    if (!CHAIN.test(chain)) bad(field, 'is not an eip155, cfx or solana chain id')
    const solana = chain.startsWith('solana:')
    if (!isObject(tokens) || Object.keys(tokens).length === 0)
      return bad(field, 'must be an object naming at least one token and its daily limit')
    const limits: Record<string, string> = {}
    for (const [key, limit] of Object.entries(tokens)) {
      const token = solana
        ? solanaAddress(key)
        : isAddress(key, { strict: false })
          ? getAddress(key)
          : undefined
      if (token === undefined)
        bad(
          `${field}.${key}`,
          solana
            ? 'is not a Solana mint address (base58 of 32 bytes)'
            : 'is not a token contract address (0x and 40 hex digits)',
        )
      const name = `${field}.${token}`
      if (Object.hasOwn(limits, token as string))
        bad(`${field}.${key}`, `names the same token as another key (${token})`)
      const max = solana ? U64_MAX : UINT256_MAX
      if (typeof limit !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(limit) || BigInt(limit) > max)
        bad(
          name,
          `must be a decimal string of the token's base units, at most ${max} (${solana ? 'u64' : 'uint256'})`,
        )
      limits[token as string] = limit as string
    }
    out[chain] = limits
  }
  return out
}

export function parsePolicy(input: unknown): Policy {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return bad('(root)', 'must be an object')
  const doc = input as Record<string, unknown>
  const known = [
    'methods',
    'dailyLimits',
    'tokenLimits',
    'chains',
    'recipients',
    'contracts',
    'allowContractCreation',
    'rateLimit',
    'exportWindow',
    'requireSoter',
  ]
  for (const key of Object.keys(doc)) if (!known.includes(key)) bad(key, 'is not a known field')
  if (!Array.isArray(doc.methods)) return bad('methods', 'must be an array')
  const methods = doc.methods.map((m, i) =>
    (SIGNING_METHODS as readonly unknown[]).includes(m)
      ? (m as SigningMethod)
      : bad(`methods[${i}]`, `must be one of ${SIGNING_METHODS.join(', ')}`),
  )
  const policy: Policy = { methods }
  if (doc.dailyLimits !== undefined) {
    if (typeof doc.dailyLimits !== 'object' || doc.dailyLimits === null)
      return bad('dailyLimits', 'must be an object')
    policy.dailyLimits = {}
    for (const [chain, limit] of Object.entries(doc.dailyLimits)) {
      if (!CHAIN.test(chain))
        bad(`dailyLimits.${chain}`, 'is not an eip155, cfx or solana chain id')
      if (typeof limit !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(limit))
        bad(`dailyLimits.${chain}`, 'must be a decimal string of the native unit (wei, lamports)')
      policy.dailyLimits[chain] = limit as string
    }
  }
  if (doc.tokenLimits !== undefined) policy.tokenLimits = tokenLimits(doc.tokenLimits)
  if (doc.chains !== undefined) {
    if (!Array.isArray(doc.chains)) return bad('chains', 'must be an array')
    policy.chains = doc.chains.map((c, i) =>
      typeof c === 'string' && CHAIN.test(c)
        ? c
        : bad(`chains[${i}]`, 'is not an eip155, cfx or solana chain id'),
    )
  }
  if (doc.recipients !== undefined) policy.recipients = addressList(doc.recipients, 'recipients')
  if (doc.contracts !== undefined) policy.contracts = addressList(doc.contracts, 'contracts')
  if (doc.allowContractCreation !== undefined) {
    if (typeof doc.allowContractCreation !== 'boolean')
      return bad('allowContractCreation', 'must be a boolean')
    policy.allowContractCreation = doc.allowContractCreation
  }
  if (doc.rateLimit !== undefined) {
    const r = doc.rateLimit as Record<string, unknown>
    if (!Number.isInteger(r?.max) || (r.max as number) < 1)
      return bad('rateLimit.max', 'must be a positive integer')
    if (
      !Number.isInteger(r.windowSec) ||
      (r.windowSec as number) < 1 ||
      (r.windowSec as number) > 86_400
    ) {
      return bad('rateLimit.windowSec', 'must be an integer of 1..86400')
    }
    policy.rateLimit = { max: r.max as number, windowSec: r.windowSec as number }
  }
  if (doc.exportWindow !== undefined) {
    const w = doc.exportWindow as Record<string, unknown>
    if (
      !Number.isSafeInteger(w?.from) ||
      !Number.isSafeInteger(w.until) ||
      (w.until as number) <= (w.from as number)
    ) {
      return bad('exportWindow', 'must be {from, until} in ms with until > from')
    }
    policy.exportWindow = { from: w.from as number, until: w.until as number }
  }
  if (doc.requireSoter !== undefined && doc.requireSoter !== false) {
    const r = doc.requireSoter as Record<string, unknown>
    if (doc.requireSoter === true) policy.requireSoter = true
    else if (
      typeof r === 'object' &&
      r !== null &&
      Object.keys(r).length === 1 &&
      typeof r.valueAbove === 'string' &&
      /^(0|[1-9][0-9]{0,77})$/.test(r.valueAbove)
    ) {
      policy.requireSoter = { valueAbove: r.valueAbove }
    } else {
      return bad('requireSoter', 'must be true, false or {valueAbove: decimal string}')
    }
  }
  return policy
}
