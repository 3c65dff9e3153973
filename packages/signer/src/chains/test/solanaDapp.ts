/**
 * Test-only: a @solana/kit dapp's side of the Solana tests — "Tessera" found with getWallets(), its
 * features called as a dapp calls them, a SOL transfer compiled against LiteSVM's blockhash,
 * LiteSVM as the network that executes what was signed, and @solana/kit's signature check. Pure
 * functions of their arguments: each test file keeps its own LiteSVM and wallet.
 */
import {
  address,
  appendTransactionMessageInstruction,
  compileTransaction,
  createNoopSigner,
  createTransactionMessage,
  getPublicKeyFromAddress,
  getTransactionDecoder,
  getTransactionEncoder,
  pipe,
  type SignatureBytes,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  verifySignature,
} from '@solana/kit'
import { getTransferSolInstruction } from '@solana-program/system'
import { getWallets } from '@wallet-standard/app'
import type { Wallet, WalletAccount } from '@wallet-standard/base'
import { FailedTransactionMetadata, type LiteSVM } from 'litesvm'

/** The wallet registered as "Tessera" (an error when none is). */
export function findTessera(): Wallet {
  const found = getWallets()
    .get()
    .find((w) => w.name === 'Tessera')
  if (found === undefined) throw new Error('Tessera is not registered')
  return found
}

/** A v0 transfer of `amount` lamports from `from` (fee payer) to `to`, compiled, unsigned. */
export function transferTransaction(svm: LiteSVM, from: string, to: string, amount: bigint) {
  const payer = address(from)
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(payer, m),
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        { blockhash: svm.latestBlockhash(), lastValidBlockHeight: 1_000n },
        m,
      ),
    (m) =>
      appendTransactionMessageInstruction(
        getTransferSolInstruction({
          source: createNoopSigner(payer),
          destination: address(to),
          amount,
        }),
        m,
      ),
  )
  return new Uint8Array(getTransactionEncoder().encode(compileTransaction(message)))
}

/** `sendTransaction` for the wallet: LiteSVM executes the signed transaction, or it throws. */
export function svmSender(svm: LiteSVM) {
  return async (signed: Uint8Array) => {
    const result = svm.sendTransaction(getTransactionDecoder().decode(signed))
    if (result instanceof FailedTransactionMetadata)
      throw new Error(`transaction failed: ${String(result.err())}`)
    return result.signature()
  }
}

type Signed = Promise<{ signature: Uint8Array }[]>

/** The wallet's `solana:signAndSendTransaction`, as a dapp calls it. */
export const signAndSendTransaction = (
  wallet: Wallet,
  input: { account: WalletAccount; transaction: Uint8Array; chain: string },
): Signed =>
  (
    wallet.features['solana:signAndSendTransaction'] as {
      signAndSendTransaction(i: object): Signed
    }
  ).signAndSendTransaction(input)

/** The wallet's `solana:signTransaction`, as a dapp calls it. */
export const signTransaction = (
  wallet: Wallet,
  input: { account: WalletAccount; transaction: Uint8Array },
): Promise<unknown> =>
  (
    wallet.features['solana:signTransaction'] as { signTransaction(i: object): Promise<unknown> }
  ).signTransaction(input)

/** The wallet's `solana:signMessage`, as a dapp calls it. */
export const signMessage = (
  wallet: Wallet,
  input: { account: WalletAccount; message: Uint8Array },
): Signed =>
  (wallet.features['solana:signMessage'] as { signMessage(i: object): Signed }).signMessage(input)

/** Whether @solana/kit accepts `signature` over `message` by the key of `account`. */
export async function kitVerifies(
  account: WalletAccount,
  message: Uint8Array,
  signature: Uint8Array | undefined,
): Promise<boolean> {
  const key = await getPublicKeyFromAddress(address(account.address))
  return verifySignature(key, signature as SignatureBytes, message)
}
