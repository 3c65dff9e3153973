/**
 * Onboarding and signing end to end in one process: the device's mpc engine (party 1) and the
 * co-signer PARTY test double (a real mpc engine as party 2, behind CosignerLink). Every signature
 * is checked by an independent verifier: viem for EVM, js-conflux-sdk for Conflux messages, the
 * Core transaction parser of @tessera/conflux, RFC 8032 (noble) for Solana.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'
import {
  parseCoreTransaction,
  recoverCoreTransactionSender,
  userAddressFromPublicKey,
} from '@tessera/conflux'
import sdk from 'js-conflux-sdk'
import {
  hexToBytes,
  parseTransaction,
  recoverTransactionAddress,
  type TransactionSerializable,
  verifyMessage,
  verifyTypedData,
} from 'viem'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  type InProcessCosignerParty,
  inProcessCosignerParty,
} from '../cosigner/test/inProcessCosignerParty.ts'
import { walletFixture } from '../test/walletFixture.ts'
import type { WalletKeyHandles } from './createWallet.ts'
import type { OnboardingProgress } from './runDkg.ts'
import { signDigest } from './signDigest.ts'
import type { SignerContext } from './types.ts'
import { type WalletSigner, walletSigner } from './walletSigner.ts'

let cosigner: InProcessCosignerParty
let ctx: SignerContext
let keys: WalletKeyHandles
let wallet: WalletSigner
const progress: OnboardingProgress[] = []

beforeAll(async () => {
  ;({ cosigner, ctx, keys, wallet } = await walletFixture((p) => progress.push(p)))
})

test('onboarding reports phases and a rising percentage up to 100', () => {
  const percents = progress.map((p) => p.percent)
  expect(percents).toEqual([...percents].sort((a, b) => a - b))
  expect(percents[0]).toBe(0)
  expect(progress.at(-1)).toEqual({ curve: 'ed25519', phase: 'done', percent: 100 })
  expect(new Set(progress.map((p) => p.phase))).toEqual(
    new Set(['connect', 'nonce', 'commit', 'reveal', 'confirm', 'done']),
  )
  expect(keys.secp256k1.public.curve).toBe('secp256k1')
  expect(keys.ed25519.public.curve).toBe('ed25519')
})

describe('EVM', () => {
  test.each([0, 3])('personal_sign on account %i verifies with viem', async (index) => {
    const address = wallet.account(index).secp256k1?.address as `0x${string}`
    for (const message of ['hello tessera', { raw: '0xdeadbeef' as const }]) {
      const signature = await wallet.signMessage(index, message)
      expect(await verifyMessage({ address, message, signature })).toBe(true)
    }
    expect(cosigner.contexts.at(-1)).toMatchObject({ kind: 'personal_sign', chain: 'evm' })
  })

  test("forDapp: the dapp session's canonical origin names each request; the wallet's own name none", async () => {
    const address = wallet.account(0).secp256k1?.address as `0x${string}`
    const fromDapp = wallet.forDapp('HTTPS://App.Example:443/')
    const signature = await fromDapp.signMessage(0, 'from a dapp')
    expect(await verifyMessage({ address, message: 'from a dapp', signature })).toBe(true)
    expect(cosigner.contexts.at(-1)).toMatchObject({
      kind: 'personal_sign',
      origin: 'https://app.example',
    })
    await fromDapp.solana.signMessage(0, new TextEncoder().encode('solana, from a dapp'))
    expect(cosigner.contexts.at(-1)).toMatchObject({
      kind: 'solana',
      origin: 'https://app.example',
    })
    await wallet.signMessage(0, 'the wallet itself')
    expect(cosigner.contexts.at(-1)).not.toHaveProperty('origin')
    // A hostile origin is refused before anything is signed.
    const before = cosigner.contexts.length
    expect(() => wallet.forDapp('https://app\u200b.example')).toThrow(
      expect.objectContaining({
        name: 'CosignerFrameError',
        code: 'Malformed',
        shortMessage: expect.stringContaining(
          'got a control, invisible or bidirectional character (U+200B) at index 11',
        ),
      }),
    )
    expect(cosigner.contexts.length).toBe(before)
  })

  test('EIP-712 v4 verifies with viem', async () => {
    const typedData = {
      domain: {
        name: 'Ether Mail',
        version: '1',
        chainId: 1,
        verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
      },
      types: {
        Person: [
          { name: 'name', type: 'string' },
          { name: 'wallet', type: 'address' },
        ],
        Mail: [
          { name: 'from', type: 'Person' },
          { name: 'to', type: 'Person' },
          { name: 'contents', type: 'string' },
        ],
      },
      primaryType: 'Mail',
      message: {
        from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
        to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
        contents: 'Hello, Bob!',
      },
    } as const
    const signature = await wallet.signTypedData(1, typedData)
    const address = wallet.account(1).secp256k1?.address as `0x${string}`
    expect(await verifyTypedData({ ...typedData, address, signature })).toBe(true)
  })

  const to = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
  const transactions: [string, TransactionSerializable][] = [
    [
      'legacy',
      { type: 'legacy', chainId: 31337, nonce: 0, gas: 21000n, gasPrice: 10n ** 9n, to, value: 1n },
    ],
    [
      'eip2930',
      {
        type: 'eip2930',
        chainId: 1030,
        nonce: 5,
        gas: 50000n,
        gasPrice: 2n * 10n ** 10n,
        to,
        value: 0n,
        data: '0x1234',
        accessList: [{ address: to, storageKeys: [] }],
      },
    ],
    [
      'eip1559',
      {
        type: 'eip1559',
        chainId: 1,
        nonce: 7,
        gas: 21000n,
        maxFeePerGas: 3n * 10n ** 10n,
        maxPriorityFeePerGas: 10n ** 9n,
        to,
        value: 10n ** 18n,
      },
    ],
  ]
  test.each(transactions)(
    '%s transaction: viem parses it and recovers the account',
    async (type, tx) => {
      const signed = await wallet.signTransaction(0, tx)
      const parsed = parseTransaction(signed)
      expect(parsed.type).toBe(type)
      expect(parsed.chainId).toBe(tx.chainId)
      expect(parsed.value ?? 0n).toBe(tx.value) // viem parses a zero value as absent
      expect(await recoverTransactionAddress({ serializedTransaction: signed as never })).toBe(
        wallet.account(0).secp256k1?.address,
      )
    },
  )
})

describe('Conflux Core', () => {
  test('personal_sign recovers through js-conflux-sdk to the account key', async () => {
    const account = wallet.account(2).secp256k1
    for (const message of ['Hello world!', '0x68656c6c6f']) {
      const signature = await wallet.conflux.signMessage(2, message)
      expect(signature).toMatch(/^0x[0-9a-f]{128}0[01]$/)
      const recovered = sdk.PersonalMessage.recover(signature, message)
      expect(userAddressFromPublicKey(`0x04${recovered.slice(2)}`)).toBe(
        userAddressFromPublicKey(account?.publicKey as Uint8Array),
      )
    }
  })

  test('CIP-23 typed data recovers to the account', async () => {
    const typedData = {
      types: {
        CIP23Domain: [
          { name: 'name', type: 'string' },
          { name: 'chainId', type: 'uint256' },
        ],
        Greeting: [{ name: 'text', type: 'string' }],
      },
      primaryType: 'Greeting',
      domain: { name: 'Tessera', chainId: 1029 },
      message: { text: 'hello' },
    }
    const signature = await wallet.conflux.signTypedData(0, typedData)
    expect(signature).toMatch(/^0x[0-9a-f]{128}0[01]$/)
  })

  test.each(['legacy', 'cip2930', 'cip1559'] as const)(
    '%s Core transaction: the parser recovers the account',
    async (type) => {
      const common = {
        nonce: 3n,
        gas: 21000n,
        to: 'cfxtest:aak2rra2njvd77ezwjvx04kkds9fzagfe6d5r8e957',
        value: 5n,
        storageLimit: 0n,
        epochHeight: 1000n,
        chainId: 1,
        data: '0x' as const,
      }
      const tx =
        type === 'legacy'
          ? { ...common, type, gasPrice: 10n ** 9n }
          : type === 'cip2930'
            ? { ...common, type, gasPrice: 10n ** 9n, accessList: [] }
            : {
                ...common,
                type,
                maxFeePerGas: 2n * 10n ** 9n,
                maxPriorityFeePerGas: 10n ** 9n,
                accessList: [],
              }
      const raw = await wallet.conflux.signTransaction(1, tx)
      expect(parseCoreTransaction(raw).transaction.type).toBe(type)
      expect(recoverCoreTransactionSender(raw)).toBe(
        userAddressFromPublicKey(wallet.account(1).secp256k1?.publicKey as Uint8Array),
      )
    },
  )
})

test('Solana: the FROST signature verifies under the base58 address (RFC 8032)', async () => {
  const message = hexToBytes('0x0100010203')
  for (const index of [0, 5]) {
    const signature = await wallet.solana.signMessage(index, message)
    const address = wallet.account(index).ed25519?.address as string
    expect(ed25519.verify(signature, message, base58.decode(address))).toBe(true)
  }
})

test('a signature for a key other than the expected one is never returned', async () => {
  const other = wallet.account(1).secp256k1?.publicKey as Uint8Array
  await expect(
    signDigest(ctx, keys.secp256k1, {
      path: wallet.account(0).path,
      publicKey: other,
      digest: new Uint8Array(32).fill(1),
      context: { kind: 'personal_sign', chain: 'evm', message: 'x' },
    }),
  ).rejects.toThrow('dkls23: the signature does not verify under the account key')
})

test('an expired co-signer session is refused before any round runs', async () => {
  const expired = inProcessCosignerParty({ now: () => 0 })
  const session = await expired.login({ kind: 'telegram', initData: 'x' })
  expired.expireSessions()
  const c: SignerContext = { ...ctx, link: expired, session: () => session }
  await expect(walletSigner(c, keys).signMessage(0, 'hi')).rejects.toThrow(
    'cosigner: session expired',
  )
})
