/**
 * The demo's Solana section without a browser: base58 round trips, the hand-built transfer is a
 * wire transaction `@tessera/solana` reads (the account its only signer), and `createDemoSolana`
 * over a session whose signer answers with a WebCrypto Ed25519 key connects, signs a message and
 * the transfer, and reports both signatures verified; a signer answering with another key is
 * refused by the wallet before the demo sees a signature.
 */
import { parseWireTransaction } from '@tessera/solana'
import { beforeAll, expect, test } from 'vitest'
import { base58, base58Key, createDemoSolana, transferTransaction } from './solana.ts'

const CHAIN = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
let keys: CryptoKeyPair
let other: CryptoKeyPair
let publicKey: Uint8Array

beforeAll(async () => {
  ;(globalThis as { window?: EventTarget }).window ??= new EventTarget()
  keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  other = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey))
})

test('base58 round trips 32-byte keys, leading zeros included', () => {
  for (const key of [
    new Uint8Array(32),
    new Uint8Array(32).fill(255),
    Uint8Array.of(0, 0, ...new Uint8Array(30).fill(7)),
  ]) {
    expect(base58Key(base58(key), 'key')).toEqual(key)
  }
  expect(base58(new Uint8Array(32))).toBe('11111111111111111111111111111111')
  expect(() => base58Key('0OIl', 'to')).toThrow('to: not base58')
  expect(() => base58Key('2', 'to')).toThrow('to: not a 32-byte Solana address')
})

test('the hand-built transfer reads as a wire transaction with the account as its signer', () => {
  const tx = parseWireTransaction(transferTransaction(publicKey, new Uint8Array(32).fill(9), 5n))
  expect(tx.signers).toEqual([publicKey])
  expect(tx.signatures).toEqual([new Uint8Array(64)])
})

function demo(signWith: () => CryptoKeyPair) {
  const session = {
    active: true,
    accounts: { [CHAIN]: [base58(publicKey)] },
    async request({ method, params }: { method: string; params: readonly unknown[] }) {
      const p = params[0] as { message?: string; transaction?: string }
      const bytes =
        method === 'solana_signMessage'
          ? base58Bytes(p.message as string)
          : parseWireTransaction(
              Uint8Array.from(atob(p.transaction as string), (c) => c.charCodeAt(0)),
            ).message
      const signature = await crypto.subtle.sign(
        { name: 'Ed25519' },
        signWith().privateKey,
        new Uint8Array(bytes),
      )
      return { signature: base58(new Uint8Array(signature)) }
    },
  }
  return createDemoSolana({
    tesseraProvider: async () => ({ session: () => session }),
    connect: async () => {},
  })
}

/** Any-length base58 decode for the test's signer (messages are not 32 bytes). */
function base58Bytes(text: string): Uint8Array {
  const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
  let value = 0n
  for (const c of text) value = value * 58n + BigInt(ALPHABET.indexOf(c))
  const out: number[] = []
  for (; value > 0n; value >>= 8n) out.unshift(Number(value & 0xffn))
  return Uint8Array.from(out)
}

test('connect, sign a message and a transfer: both verified', async () => {
  const solana = demo(() => keys)
  expect(await solana.connect()).toBe(base58(publicKey))
  const message = await solana.signMessage('Hello Solana')
  expect(message.verified).toBe(true)
  const transfer = await solana.signTransfer(base58(new Uint8Array(32).fill(9)), 1_000_000n)
  expect(transfer).toMatchObject({
    verified: true,
    size: 1 + 64 + 3 + 1 + 96 + 32 + 1 + 1 + 1 + 2 + 1 + 12,
  })
})

test('a signer answering with another key is refused by the wallet', async () => {
  const solana = demo(() => other)
  await solana.connect()
  await expect(solana.signMessage('Hello Solana')).rejects.toMatchObject({
    name: 'SolanaWalletError',
    code: 'BadSignature',
  })
})
