/**
 * The Wallet Standard wallet against a session double signing with a plain Ed25519 key (noble):
 * the refusals a dapp can meet, each with its SolanaWalletError code and none reaching the
 * signer when the request is bad — no session, an account it did not give, a chain not offered,
 * transactions that do not parse or do not need the account's signature, a reply of the wrong
 * shape. Known answer: the signature lands in the account's slot of a two-signer transaction.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'
import type { WalletAccount } from '@wallet-standard/base'
import { beforeEach, expect, test } from 'vitest'
import { createTesseraSolanaWallet } from './createTesseraSolanaWallet.ts'
import { SolanaWalletError } from './SolanaWalletError.ts'
import type { SolanaSessionLike } from './types.ts'

const secret = ed25519.utils.randomSecretKey()
const publicKey = ed25519.getPublicKey(secret)
const other = ed25519.getPublicKey(ed25519.utils.randomSecretKey())
const MAINNET = 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'

/** A legacy transaction with `signers` required signers, then one program id. */
function transaction(signers: readonly Uint8Array[]): { wire: Uint8Array; message: Uint8Array } {
  const keys = [...signers, new Uint8Array(32)]
  const message = Uint8Array.of(
    signers.length,
    0,
    1,
    keys.length,
    ...keys.flatMap((k) => [...k]),
    ...new Uint8Array(32),
    0,
  )
  return {
    wire: Uint8Array.of(signers.length, ...new Uint8Array(64 * signers.length), ...message),
    message,
  }
}

let asked: number
let reply: (message: Uint8Array) => unknown
let active: boolean
const session: SolanaSessionLike = {
  get active() {
    return active
  },
  accounts: { [MAINNET]: [base58.encode(publicKey)] },
  async request({ params }) {
    asked++
    const p = params[0] as { message?: string; transaction?: string }
    const bytes =
      p.message !== undefined
        ? base58.decode(p.message)
        : transactionMessage(p.transaction as string)
    return reply(bytes)
  },
}
function transactionMessage(b64: string): Uint8Array {
  const wire = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
  return wire.subarray(1 + 64 * (wire[0] as number))
}

const wallet = createTesseraSolanaWallet({ session: () => session })
const feature = <T>(name: `${string}:${string}`) => wallet.features[name] as T
const signTx = (account: WalletAccount, bytes: Uint8Array, chain?: string) =>
  feature<{ signTransaction: (i: object) => Promise<{ signedTransaction: Uint8Array }[]> }>(
    'solana:signTransaction',
  ).signTransaction({
    account,
    transaction: bytes,
    ...(chain === undefined ? {} : { chain }),
  })
let account: WalletAccount

beforeEach(async () => {
  asked = 0
  active = true
  reply = (m) => ({ signature: base58.encode(ed25519.sign(m, secret)) })
  const connect = feature<{ connect: () => Promise<{ accounts: WalletAccount[] }> }>(
    'standard:connect',
  )
  account = (await connect.connect()).accounts[0] as WalletAccount
})

async function code(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SolanaWalletError)
  return (error as SolanaWalletError).code
}

test('the signature goes into the account slot (second of two signers) and verifies', async () => {
  const { wire, message } = transaction([other, publicKey])
  const [signed] = await signTx(account, wire, 'solana:mainnet')
  const slot = signed?.signedTransaction.subarray(1 + 64, 1 + 128) as Uint8Array
  expect(ed25519.verify(slot, message, publicKey)).toBe(true)
  expect(signed?.signedTransaction.subarray(1, 65)).toEqual(new Uint8Array(64))
})

test.each([
  ['not a signer of the transaction', () => transaction([other]).wire, 'MalformedTransaction'],
  ['empty', () => new Uint8Array(0), 'MalformedTransaction'],
  [
    'header disagrees with the signature count',
    () => Uint8Array.of(2, ...transaction([publicKey]).wire.subarray(1)),
    'MalformedTransaction',
  ],
  ['oversized', () => new Uint8Array(1300), 'MalformedTransaction'],
  [
    'unknown message version',
    () => {
      const { wire } = transaction([publicKey])
      return Uint8Array.of(...wire.subarray(0, 65), 0x81, ...wire.subarray(65))
    },
    'MalformedTransaction',
  ],
])('refused before signing: %s', async (_, bytes, expected) => {
  expect(await code(signTx(account, bytes()))).toBe(expected)
  expect(asked).toBe(0)
})

test('a chain the account is not offered on', async () => {
  expect(await code(signTx(account, transaction([publicKey]).wire, 'solana:devnet'))).toBe(
    'UnsupportedChain',
  )
})

test('an account the wallet did not give', async () => {
  const stranger = { ...account, address: base58.encode(other), publicKey: other }
  expect(await code(signTx(stranger, transaction([publicKey]).wire))).toBe('UnknownAccount')
})

test('no live session', async () => {
  active = false
  expect(await code(signTx(account, transaction([publicKey]).wire))).toBe('NotConnected')
})

test.each([
  ['no signature', () => ({}), 'BadReply'],
  ['short signature', () => ({ signature: base58.encode(new Uint8Array(10)) }), 'BadReply'],
  [
    'signature by another key',
    (m: Uint8Array) => ({
      signature: base58.encode(ed25519.sign(m, ed25519.utils.randomSecretKey())),
    }),
    'BadSignature',
  ],
])('a bad reply is never returned: %s', async (_, answer, expected) => {
  reply = answer
  expect(await code(signTx(account, transaction([publicKey]).wire))).toBe(expected)
  const message = Uint8Array.of(1, 2, 3)
  const sign = feature<{ signMessage: (i: object) => Promise<unknown> }>(
    'solana:signMessage',
  ).signMessage({ account, message })
  expect(await code(sign)).toBe(expected)
})

test('disconnect empties the accounts and tells listeners', async () => {
  const seen: number[] = []
  const off = feature<{
    on: (e: 'change', l: (p: { accounts?: readonly unknown[] }) => void) => () => void
  }>('standard:events').on('change', (p) => seen.push(p.accounts?.length ?? -1))
  await feature<{ disconnect: () => Promise<void> }>('standard:disconnect').disconnect()
  off()
  expect(wallet.accounts).toEqual([])
  expect(seen).toEqual([0])
})

test('the dapp’s chain preference orders each account’s chains; a chain-less request uses it', async () => {
  const DEVNET = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
  const address = base58.encode(publicKey)
  const chainsAsked: (string | undefined)[] = []
  const both: SolanaSessionLike = {
    active: true,
    accounts: { [MAINNET]: [address], [DEVNET]: [address] },
    async request({ params, chainId }) {
      chainsAsked.push(chainId)
      const p = params[0] as { message: string }
      return { signature: base58.encode(ed25519.sign(base58.decode(p.message), secret)) }
    },
  }
  const connectOf = (w: ReturnType<typeof createTesseraSolanaWallet>) =>
    (w.features['standard:connect'] as { connect: () => Promise<{ accounts: WalletAccount[] }> })
      .connect()
      .then((r) => r.accounts[0] as WalletAccount)
  const signMessage = (w: ReturnType<typeof createTesseraSolanaWallet>, a: WalletAccount) =>
    (
      w.features['solana:signMessage'] as {
        signMessage: (i: object) => Promise<unknown>
      }
    ).signMessage({ account: a, message: Uint8Array.of(1, 2, 3) })

  const plain = createTesseraSolanaWallet({ session: () => both })
  const plainAccount = await connectOf(plain)
  expect(plainAccount.chains).toEqual(['solana:mainnet', 'solana:devnet'])
  await signMessage(plain, plainAccount)

  const devnetFirst = createTesseraSolanaWallet({ session: () => both, chains: ['solana:devnet'] })
  const devnetAccount = await connectOf(devnetFirst)
  expect(devnetAccount.chains).toEqual(['solana:devnet', 'solana:mainnet'])
  await signMessage(devnetFirst, devnetAccount)
  expect(chainsAsked).toEqual([MAINNET, DEVNET])
})

test('an unknown chain preference is a TypeError naming the chains it knows', () => {
  expect(() =>
    createTesseraSolanaWallet({ session: () => session, chains: ['solana:moonnet'] }),
  ).toThrow(/solana:moonnet is not one of solana:mainnet, solana:devnet/)
})
