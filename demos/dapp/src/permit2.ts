/**
 * `permit2Single(...)`: EIP-712 typed data of Uniswap Permit2's `PermitSingle` (the allowance
 * transfer signature), the demo's typed-data example: the canonical Permit2 address, the current
 * chain, a 30-day allowance and a 30-minute signature deadline. Pure: builds data, signs nothing.
 */
import type { Address } from 'viem'

/** Permit2's address on every chain (deterministic deployment). */
export const PERMIT2_ADDRESS: Address = '0x000000000022D473030F116dDEE9F6B43aC78BA3'

export const PERMIT2_TYPES = {
  PermitDetails: [
    { name: 'token', type: 'address' },
    { name: 'amount', type: 'uint160' },
    { name: 'expiration', type: 'uint48' },
    { name: 'nonce', type: 'uint48' },
  ],
  PermitSingle: [
    { name: 'details', type: 'PermitDetails' },
    { name: 'spender', type: 'address' },
    { name: 'sigDeadline', type: 'uint256' },
  ],
} as const

export function permit2Single(parameters: {
  readonly chainId: number
  readonly token: Address
  readonly spender: Address
  readonly amount: bigint
  readonly nowSeconds: number
}) {
  const now = BigInt(parameters.nowSeconds)
  return {
    domain: { name: 'Permit2', chainId: parameters.chainId, verifyingContract: PERMIT2_ADDRESS },
    types: PERMIT2_TYPES,
    primaryType: 'PermitSingle',
    message: {
      details: {
        token: parameters.token,
        amount: parameters.amount,
        expiration: Number(now + 30n * 86_400n),
        nonce: 0,
      },
      spender: parameters.spender,
      sigDeadline: now + 1_800n,
    },
  } as const
}
