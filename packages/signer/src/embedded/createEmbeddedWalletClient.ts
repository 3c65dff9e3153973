/**
 * A viem wallet client whose account is the threshold wallet's (toSignerAccount.ts): the app
 * calls `signMessage`, `signTypedData`, `sendTransaction` … as with any local account; viem fills
 * and broadcasts transactions through `transport`, the signer only signs.
 */
import {
  type Chain,
  createWalletClient,
  type LocalAccount,
  type Transport,
  type WalletClient,
} from 'viem'
import type { WalletSigner } from '../engine/walletSigner.ts'
import type { OnApprove } from './approval.ts'
import { toSignerAccount } from './toSignerAccount.ts'

export function createEmbeddedWalletClient<chain extends Chain>(options: {
  readonly signer: WalletSigner
  readonly chain: chain
  readonly transport: Transport
  readonly index?: number
  readonly onApprove?: OnApprove
}): WalletClient<Transport, chain, LocalAccount> {
  const account = toSignerAccount(options.signer, {
    ...(options.index === undefined ? {} : { index: options.index }),
    ...(options.onApprove === undefined ? {} : { onApprove: options.onApprove }),
  })
  return createWalletClient({ account, chain: options.chain, transport: options.transport })
}
