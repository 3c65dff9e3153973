/**
 * The embedded mode's approval hook: every signature the app's own code asks for passes through
 * `onApprove` with a typed description first; `false` (or a throw) becomes EIP-1193's 4001
 * UserRejectedRequestError and nothing is signed.
 */
import {
  type Address,
  type SignableMessage,
  type TransactionSerializable,
  type TypedDataDefinition,
  UserRejectedRequestError,
} from 'viem'

export type ApprovalRequest =
  | {
      readonly method: 'personal_sign'
      readonly address: Address
      readonly message: SignableMessage
    }
  | {
      readonly method: 'eth_signTypedData_v4'
      readonly address: Address
      readonly typedData: TypedDataDefinition
    }
  | {
      /** `eth_sendTransaction`: the provider filled it and broadcasts it once signed. */
      readonly method: 'eth_signTransaction' | 'eth_sendTransaction'
      readonly address: Address
      readonly transaction: TransactionSerializable
    }

export type OnApprove = (request: ApprovalRequest) => Promise<boolean> | boolean

export async function approve(
  onApprove: OnApprove | undefined,
  request: ApprovalRequest,
): Promise<void> {
  if (onApprove === undefined) return
  let approved: boolean
  try {
    approved = (await onApprove(request)) === true
  } catch (cause) {
    throw new UserRejectedRequestError(
      cause instanceof Error ? cause : new Error('approval failed'),
    )
  }
  if (!approved)
    throw new UserRejectedRequestError(new Error(`the user rejected ${request.method}`))
}
