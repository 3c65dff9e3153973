/**
 * The pure part of policy evaluation: method, chain, recipient and contract lists, contract
 * creation and the export window. Deny lists win over allow lists; an allow list that exists
 * must name every recipient/contract involved. A denial names its rule.
 */
import { PolicyDeniedError } from '../errors.ts'
import type { DecodedRequest } from './decodeRequest.ts'
import type { AddressList, Policy } from './policy.ts'

function checkList(
  list: AddressList | undefined,
  addresses: readonly string[],
  rule: string,
  what: string,
) {
  if (list === undefined) return
  for (const address of addresses) {
    if (list.deny?.includes(address))
      throw new PolicyDeniedError(`${rule}.deny`, `${what} ${address} is on the deny list`)
    if (list.allow !== undefined && !list.allow.includes(address)) {
      throw new PolicyDeniedError(`${rule}.allow`, `${what} ${address} is not on the allow list`)
    }
  }
}

const SOLANA_METHODS: readonly string[] = ['solana_signMessage', 'solana_signTransaction']

/** The method is listed, or it is a Solana one and the document uses their older name. */
function allowsMethod(policy: Policy, method: DecodedRequest['method']): boolean {
  return (
    policy.methods.includes(method) ||
    (SOLANA_METHODS.includes(method) && policy.methods.includes('ed25519_sign'))
  )
}

export function evaluateStaticRules(policy: Policy, request: DecodedRequest, now: number): void {
  if (!allowsMethod(policy, request.method)) {
    throw new PolicyDeniedError('methods', `method ${request.method} is not allowed`)
  }
  if (request.method === 'export') {
    const window = policy.exportWindow
    if (window === undefined)
      throw new PolicyDeniedError('exportWindow', 'no export window is open')
    if (now < window.from || now >= window.until) {
      throw new PolicyDeniedError(
        'exportWindow',
        `export is possible only from ${new Date(window.from).toISOString()} until ${new Date(window.until).toISOString()}`,
      )
    }
    return
  }
  // An off-chain Solana message is bound to no chain: `chains` applies to the other methods.
  if (
    policy.chains !== undefined &&
    request.method !== 'solana_signMessage' &&
    (request.chainId === undefined || !policy.chains.includes(request.chainId))
  ) {
    throw new PolicyDeniedError('chains', `chain ${request.chainId ?? '(none)'} is not allowed`)
  }
  if (request.createsContract && policy.allowContractCreation !== true) {
    throw new PolicyDeniedError('allowContractCreation', 'contract creation is not allowed')
  }
  if (policy.recipients !== undefined && (request.hiddenRecipients ?? 0) > 0) {
    throw new PolicyDeniedError(
      'recipients',
      'a recipient is loaded from an address lookup table and cannot be checked',
    )
  }
  checkList(policy.recipients, request.recipients, 'recipients', 'recipient')
  checkList(policy.contracts, request.contracts, 'contracts', 'contract')
}
