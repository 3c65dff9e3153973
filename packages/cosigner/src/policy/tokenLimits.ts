/**
 * `tokenLimits` (docs/COSIGNER.md#token-limits): the token amounts a request moves or grants
 * (`DecodedRequest.tokens`), counted per identity, per token, per UTC day under each applying
 * layer's counter, as `dailyLimits` counts native value. All of a request's amounts are taken in
 * one transaction, so a denial spends nothing; what is returned gives them back when a later rule
 * denies the request. Never counts a token without a configured limit (allowed, as before).
 */
import { PolicyDeniedError } from '../errors.ts'
import type { Database } from '../storage/database.ts'
import type { DecodedRequest } from './decodeRequest.ts'
import type { TokenMovement } from './decodeTokenCall.ts'
import { type PolicyLayer, returnDailyValue, takeDailyValue } from './policyStore.ts'

const UINT256_MAX = 2n ** 256n - 1n
const U64_MAX = 2n ** 64n - 1n

/** The counter key of a token: its CAIP-19 asset id (`eip155:1/erc20:0x…`, `solana:…/token:…`). */
export const tokenAssetId = (chainId: string, token: string): string =>
  `${chainId}/${chainId.startsWith('solana:') ? 'token' : 'erc20'}:${token}`

interface Take {
  counterDapp: string
  key: string
  token: string
  calls: string[]
  amount: bigint
  limit: bigint
}

/**
 * Takes the request's token amounts from today's budgets of every layer that limits them, or
 * throws `PolicyDeniedError('tokenLimits', …)` having spent nothing. `signerAddress` is the
 * address that signs: a `transferFrom` of another owner's tokens (an allowance the signer holds)
 * is not the signer's money and is not counted. Returns the function that gives the amounts back.
 */
export async function takeTokenLimits(
  db: Database,
  identity: string,
  layers: readonly PolicyLayer[],
  decoded: DecodedRequest,
  signerAddress: string | undefined,
  now: number,
): Promise<() => Promise<void>> {
  const chainId = decoded.chainId
  const nothing = async () => {}
  if (chainId === undefined || decoded.tokens === undefined) return nothing
  const counted = decoded.tokens.filter(
    (m) =>
      m.from === undefined ||
      signerAddress === undefined ||
      m.from.toLowerCase() === signerAddress.toLowerCase(),
  )
  const takes = new Map<string, Take>()
  for (const { policy, counterDapp } of layers) {
    const limits = policy.tokenLimits?.[chainId]
    if (limits === undefined) continue
    // Per layer, each token's amounts of this request summed.
    const sums = new Map<string, { amount: bigint; calls: string[] }>()
    for (const movement of counted) {
      const token = movement.token ?? deny(unknownMint(movement, chainId))
      const limit = limits[token]
      if (limit === undefined) continue
      if (
        movement.grant &&
        movement.amount === (chainId.startsWith('solana:') ? U64_MAX : UINT256_MAX)
      )
        deny(
          `an unlimited ${movement.call} of token ${token} on ${chainId} is refused: the token has a daily limit of ${limit}`,
        )
      const sum = sums.get(token) ?? { amount: 0n, calls: [] }
      sum.amount += movement.amount
      if (!sum.calls.includes(movement.call)) sum.calls.push(movement.call)
      sums.set(token, sum)
    }
    for (const [token, { amount, calls }] of sums) {
      if (amount === 0n) continue
      const key = tokenAssetId(chainId, token)
      const id = `${counterDapp}\u0000${key}`
      const seen = takes.get(id)
      // Two layers kept under one counter: the amount once, the smaller limit.
      const limitValue = BigInt(limits[token] as string)
      if (seen === undefined)
        takes.set(id, { counterDapp, key, token, calls, amount, limit: limitValue })
      else if (limitValue < seen.limit) seen.limit = limitValue
    }
  }
  if (takes.size === 0) return nothing
  // One order for every request, so two transactions never wait on each other's rows.
  const ordered = [...takes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const day = Math.floor(now / 86_400_000)
  await db.transaction(async (tx) => {
    for (const [, take] of ordered) {
      const taken = await takeDailyValue(
        tx,
        identity,
        take.counterDapp,
        take.key,
        take.amount,
        take.limit,
        now,
      )
      if (!taken.ok)
        deny(
          `${take.calls.join('+')} of ${take.amount} of token ${take.token} on ${chainId} would pass today's limit of ${take.limit} (${taken.spent} used)`,
        )
    }
  })
  return async () => {
    for (const [, take] of ordered)
      await returnDailyValue(db, identity, take.counterDapp, take.key, take.amount, day)
  }
}

function unknownMint(movement: TokenMovement, chainId: string): string {
  if (movement.call === 'unlisted')
    return `an SPL token instruction ${movement.op ?? '(empty)'} that the co-signer cannot count (it may hand tokens over: SetAuthority, CloseAccount, a Token-2022 extension), and ${chainId} has token limits: only TransferChecked/ApproveChecked and instructions that move no tokens are signed`
  return `an SPL ${movement.call} of ${movement.amount} names no mint the co-signer can read, and ${chainId} has token limits: only TransferChecked/ApproveChecked (which name their mint) are signed`
}

const deny = (why: string): never => {
  throw new PolicyDeniedError('tokenLimits', why)
}
