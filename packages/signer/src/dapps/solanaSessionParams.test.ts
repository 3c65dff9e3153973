/**
 * Solana requests in both params forms the signer meets: a Tessera session's
 * `[{ message | transaction, pubkey }]` (what `@tessera/solana` sends; read strictly by
 * `parseSolanaParams` first) and WalletConnect's bare object. The signer here is an Ed25519 key of
 * its own (the threshold signer's part is tested elsewhere): what is under test is that
 * `prepareRequest` reads the params, picks the granted account and signs the right bytes.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { base58, base64 } from '@scure/base'
import { expect, test } from 'vitest'
import type { GrantedAccounts } from './grantedAccounts.ts'
import { type DappSigner, prepareRequest } from './signRequest.ts'

const CHAIN = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
const secret = ed25519.utils.randomSecretKey()
const publicKey = ed25519.getPublicKey(secret)
const pubkey = base58.encode(publicKey)
const other = base58.encode(ed25519.getPublicKey(ed25519.utils.randomSecretKey()))
const granted: GrantedAccounts = { [CHAIN]: [{ index: 0, address: pubkey }] }
const signed: Uint8Array[] = []
const signer = {
  solana: {
    async signMessage(_index: number, message: Uint8Array) {
      signed.push(message)
      return ed25519.sign(message, secret)
    },
  },
} as unknown as DappSigner

const prepare = (method: string, params: unknown) =>
  prepareRequest({ method, params, chainId: CHAIN }, { signer, granted })

/** A legacy transfer from `from` (one signature slot) to a fixed key. */
function transfer(from: Uint8Array): { wire: Uint8Array; message: Uint8Array } {
  const message = Uint8Array.from([
    ...[1, 0, 1, 3],
    ...from,
    ...new Uint8Array(32).fill(9),
    ...new Uint8Array(32),
    ...new Uint8Array(32).fill(1),
    ...[1, 2, 2, 0, 1, 12, 2, 0, 0, 0, 64, 66, 15, 0, 0, 0, 0, 0],
  ])
  return { wire: Uint8Array.from([1, ...new Uint8Array(64), ...message]), message }
}

test('solana_signMessage over a Tessera session ([{ message, pubkey }]) signs the text', async () => {
  const text = new TextEncoder().encode('Sign in to the demo')
  const prepared = await prepare('solana_signMessage', [{ message: base58.encode(text), pubkey }])
  expect(prepared.account.address).toBe(pubkey)
  const answer = (await prepared.execute()) as { signature: string }
  expect(ed25519.verify(base58.decode(answer.signature), text, publicKey)).toBe(true)
})

test('solana_signMessage in WalletConnect’s form ({ message, pubkey }) still signs', async () => {
  const text = new TextEncoder().encode('from WalletConnect')
  const prepared = await prepare('solana_signMessage', { message: base58.encode(text), pubkey })
  const answer = (await prepared.execute()) as { signature: string }
  expect(ed25519.verify(base58.decode(answer.signature), text, publicKey)).toBe(true)
})

test('solana_signTransaction over a Tessera session signs the message at the account’s slot', async () => {
  const { wire, message } = transfer(publicKey)
  const prepared = await prepare('solana_signTransaction', [
    { transaction: base64.encode(wire), pubkey },
  ])
  const answer = (await prepared.execute()) as { signature: string; transaction: string }
  const signature = base58.decode(answer.signature)
  expect(ed25519.verify(signature, message, publicKey)).toBe(true)
  expect(base64.decode(answer.transaction).subarray(1, 65)).toEqual(signature)
})

test('Tessera-session params that do not read, or name an ungranted key, are refused before signing', async () => {
  signed.length = 0
  const text = base58.encode(new TextEncoder().encode('hello'))
  await expect(prepare('solana_signMessage', [{ message: 'O0Il', pubkey }])).rejects.toMatchObject({
    code: -32602,
  })
  await expect(
    prepare('solana_signMessage', [{ message: text, pubkey, extra: 1 }]),
  ).rejects.toMatchObject({ code: -32602 })
  await expect(
    prepare('solana_signMessage', [{ message: text, pubkey: other }]),
  ).rejects.toMatchObject({ code: 4100 })
  const { wire } = transfer(base58.decode(other))
  await expect(
    prepare('solana_signTransaction', [{ transaction: base64.encode(wire), pubkey: other }]),
  ).rejects.toMatchObject({ code: 4100 })
  expect(signed).toEqual([])
})
