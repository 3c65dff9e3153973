/**
 * What an ERC-20 (Conflux CRC-20) call in a transaction's calldata moves or grants, decoded from
 * the calldata itself: `transfer`, `transferFrom`, `approve` and `increaseAllowance`, each a
 * `TokenMovement` the policy counts against `tokenLimits` (tokenLimits.ts), plus the recipient or
 * spender it names and what the audit row shows. Calldata that is none of these returns undefined:
 * the contract lists still apply to it. Never reads a chain: the token is the called contract.
 */
import { decodeFunctionData, erc20Abi, getAddress, type Hex, parseAbi } from 'viem'

/** One amount of a token the request moves or grants, in the token's base units. */
export interface TokenMovement {
  /** The call or instruction: ERC-20 names (`permit`: a signed EIP-2612 Permit), or SPL ones. */
  call:
    | 'transfer'
    | 'transferFrom'
    | 'approve'
    | 'increaseAllowance'
    | 'permit'
    | 'Transfer'
    | 'TransferChecked'
    | 'Approve'
    | 'ApproveChecked'
    | 'unlisted'
  /** SPL `unlisted` only: the instruction's first byte (undefined for empty data). */
  op?: number | undefined
  /** An allowance granted rather than a transfer: the spender may move it without asking again. */
  grant: boolean
  /**
   * The token contract (checksummed hex) or SPL mint (base58); undefined when the request does not
   * name it (a plain SPL `Transfer`/`Approve`, a mint from an address lookup table).
   */
  token: string | undefined
  amount: bigint
  /** `transferFrom` only: whose tokens move (counted only when that is the signer's address). */
  from?: string
}

export interface TokenCall {
  function: string
  /** The recipient or spender the call names. */
  recipient?: `0x${string}`
  movement?: TokenMovement
}

const ALLOWANCE_ABI = parseAbi([
  'function increaseAllowance(address spender, uint256 addedValue) returns (bool)',
])
const ABI = [...erc20Abi, ...ALLOWANCE_ABI]

export function decodeTokenCall(token: `0x${string}`, data: Hex): TokenCall | undefined {
  let call: ReturnType<typeof decodeFunctionData<typeof ABI>>
  try {
    call = decodeFunctionData({ abi: ABI, data })
  } catch {
    return undefined
  }
  const at = getAddress(token)
  switch (call.functionName) {
    case 'transfer':
    case 'approve':
    case 'increaseAllowance': {
      const [to, amount] = call.args as readonly [`0x${string}`, bigint]
      return {
        function: call.functionName,
        recipient: getAddress(to),
        movement: {
          call: call.functionName,
          grant: call.functionName !== 'transfer',
          token: at,
          amount,
        },
      }
    }
    case 'transferFrom': {
      const [from, to, amount] = call.args
      return {
        function: call.functionName,
        recipient: getAddress(to),
        movement: { call: 'transferFrom', grant: false, token: at, amount, from: getAddress(from) },
      }
    }
    default:
      return { function: call.functionName }
  }
}
