/**
 * What an off-chain token approval signed as typed data grants (EIP-712 on EVM, CIP-23 on Conflux
 * Core): an EIP-2612 `Permit {owner, spender, value, nonce, deadline}` grants `value` of the token
 * at `verifyingContract`; the DAI-style `Permit {holder, spender, nonce, expiry, allowed}` grants
 * everything (`allowed: true`) or nothing. A spender can use either without asking the co-signer
 * again, so `tokenLimits` counts it as an approval. Anything else (Permit2 among it) is no
 * movement here. Reads only the already hashed typed data.
 */
import type { TokenMovement } from './decodeTokenCall.ts'

const UINT256_MAX = 2n ** 256n - 1n

export function decodePermit(
  primaryType: string,
  message: Record<string, unknown>,
  token: string | undefined,
): TokenMovement | undefined {
  if (primaryType !== 'Permit' || token === undefined) return undefined
  if (typeof message.allowed === 'boolean')
    return { call: 'permit', grant: true, token, amount: message.allowed ? UINT256_MAX : 0n }
  const value = message.value
  if (typeof value !== 'bigint' && typeof value !== 'number' && typeof value !== 'string')
    return undefined
  let amount: bigint
  try {
    amount = BigInt(value)
  } catch {
    return undefined
  }
  return amount < 0n || amount > UINT256_MAX
    ? undefined
    : { call: 'permit', grant: true, token, amount }
}
