/**
 * Solana end to end through the Wallet Standard: `@tessera/solana`'s wallet registered on a
 * page, found by the dapp with `@wallet-standard/app`'s getWallets(), connected over a session
 * whose signer side answers with the threshold Ed25519 key (walletSigner, co-signer party double).
 * A @solana/kit transfer signed that way executes in LiteSVM, a signed message verifies with
 * @solana/kit's verifySignature, and a signer that answers with another key's signature is caught
 * by the dapp side (BadSignature) before the dapp sees it.
 */

import { base58, base64 } from '@scure/base'
import { address, lamports } from '@solana/kit'
import {
  parseWireTransaction,
  registerTesseraSolanaWallet,
  type SolanaSessionLike,
  SolanaWalletError,
} from '@tessera/solana'
import type { Wallet, WalletAccount } from '@wallet-standard/base'
import { LiteSVM } from 'litesvm'
import { beforeAll, expect, test } from 'vitest'
import type { WalletSigner } from '../engine/walletSigner.ts'
import { walletFixture } from '../test/walletFixture.ts'
import {
  findTessera,
  kitVerifies,
  signAndSendTransaction,
  signMessage,
  svmSender,
  transferTransaction,
} from './test/solanaDapp.ts'

let wallet: WalletSigner
let requests: string[]
/** Account whose key answers: 0 normally, another to play a signer that lies. */
let answeringAccount = 0

beforeAll(async () => {
  ;({ wallet } = await walletFixture())
  // The page: a Wallet Standard registry needs only window events.
  ;(globalThis as { window?: EventTarget }).window ??= new EventTarget()
})

/** The signer side of the session: the threshold key through walletSigner. */
function session(): SolanaSessionLike {
  const mine = wallet.account(0).ed25519?.address as string
  requests = []
  return {
    active: true,
    accounts: { 'solana:localnet': [mine], 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp': [mine] },
    async request({ method, params, chainId }) {
      requests.push(`${method} ${chainId}`)
      const p = params[0] as { message?: string; transaction?: string }
      const bytes =
        method === 'solana_signMessage'
          ? base58.decode(p.message as string)
          : parseWireTransaction(base64.decode(p.transaction as string)).message
      return { signature: base58.encode(await wallet.solana.signMessage(answeringAccount, bytes)) }
    },
  }
}

let tessera: Wallet
let svm: LiteSVM

test('a @solana/kit dapp finds "Tessera" with getWallets() and connects', async () => {
  svm = new LiteSVM()
  const live = session()
  registerTesseraSolanaWallet({ session: () => live, sendTransaction: svmSender(svm) })
  tessera = findTessera()
  expect(Object.keys(tessera.features)).toEqual(
    expect.arrayContaining([
      'standard:connect',
      'standard:disconnect',
      'standard:events',
      'solana:signMessage',
      'solana:signTransaction',
      'solana:signAndSendTransaction',
    ]),
  )
  const changes: number[] = []
  ;(
    tessera.features['standard:events'] as {
      on: (e: 'change', l: (p: { accounts?: readonly WalletAccount[] }) => void) => () => void
    }
  ).on('change', (p) => changes.push(p.accounts?.length ?? -1))
  const { accounts } = await (
    tessera.features['standard:connect'] as {
      connect: () => Promise<{ accounts: WalletAccount[] }>
    }
  ).connect()
  expect(accounts.map((a) => a.address)).toEqual([wallet.account(0).ed25519?.address])
  expect(accounts[0]?.chains).toEqual(['solana:mainnet', 'solana:localnet'])
  expect(changes).toEqual([1])
})

test('a SOL transfer signed by the threshold key executes in LiteSVM', async () => {
  const account = tessera.accounts[0] as WalletAccount
  const from = address(account.address)
  const to = address(wallet.account(9).ed25519?.address as string)
  svm.airdrop(from, lamports(2_000_000_000n))
  const [sent] = await signAndSendTransaction(tessera, {
    account,
    transaction: transferTransaction(svm, from, to, 1_000_000n),
    chain: 'solana:localnet',
  })
  expect(sent?.signature).toHaveLength(64)
  expect(svm.getBalance(to)).toBe(1_000_000n)
  expect(requests).toEqual(['solana_signTransaction solana:localnet'])
})

test('signMessage: @solana/kit verifies the signature', async () => {
  const account = tessera.accounts[0] as WalletAccount
  const message = new TextEncoder().encode('Sign in to dapp.example')
  const [signed] = await signMessage(tessera, { account, message })
  expect(await kitVerifies(account, message, signed?.signature)).toBe(true)
})

test('a signer answering with another key is caught before the dapp sees it', async () => {
  const account = tessera.accounts[0] as WalletAccount
  answeringAccount = 1
  try {
    const error = await signMessage(tessera, { account, message: Uint8Array.of(1, 2, 3) }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(SolanaWalletError)
    expect((error as SolanaWalletError).code).toBe('BadSignature')
  } finally {
    answeringAccount = 0
  }
})
