/**
 * The wallet's account `index` as a viem `Account` (`toAccount`, docs/STYLE.md#4-factories), so it
 * works wherever viem does: every signature goes through `onApprove` (approval.ts) and then the
 * threshold signer, which verifies it before returning.
 */
import type { LocalAccount, TransactionSerializable } from 'viem'
import { toAccount } from 'viem/accounts'
import type { WalletSigner } from '../engine/walletSigner.ts'
import { approve, type OnApprove } from './approval.ts'

export function toSignerAccount(
  signer: WalletSigner,
  options: { readonly index?: number; readonly onApprove?: OnApprove } = {},
): LocalAccount {
  const index = options.index ?? 0
  const account = signer.account(index).secp256k1
  if (account === undefined) throw new TypeError('the wallet has no secp256k1 key')
  const { address } = account
  return toAccount({
    address,
    async signMessage({ message }) {
      await approve(options.onApprove, { method: 'personal_sign', address, message })
      return signer.signMessage(index, message)
    },
    async signTypedData(typedData) {
      const definition = typedData as Parameters<WalletSigner['signTypedData']>[1]
      await approve(options.onApprove, {
        method: 'eth_signTypedData_v4',
        address,
        typedData: definition,
      })
      return signer.signTypedData(index, definition)
    },
    async signTransaction(transaction) {
      const tx = transaction as TransactionSerializable
      await approve(options.onApprove, { method: 'eth_signTransaction', address, transaction: tx })
      return signer.signTransaction(index, tx)
    },
  })
}
