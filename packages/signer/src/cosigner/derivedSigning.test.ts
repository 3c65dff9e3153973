/**
 * A whole wallet against the REAL co-signer (in-process, PGlite) through the real link, on
 * account 3 (`m/0/3`): both keys by DKG under `<prefix>.secp256k1` / `<prefix>.ed25519`, then
 * personal_sign (text and raw bytes), EIP-712 and an EIP-1559 transaction that viem recovers to
 * the account's derived address, and a Solana message and transaction that RFC 8032 (noble)
 * verifies under the account's derived Ed25519 key. The co-signer's policy decisions and audit
 * name the derived address that signed; a digest that is not the request's is refused by it.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { generateEncryptionKey } from '@tessera/mpc'
import { createMpcEngine } from '@tessera/mpc/worker'
import {
  hexToBytes,
  keccak256,
  parseEther,
  recoverMessageAddress,
  recoverTransactionAddress,
  recoverTypedDataAddress,
  serializeTransaction,
  type TransactionSerializableEIP1559,
} from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Account, deriveAccount } from '../accounts/deriveAccount.ts'
import { createWallet, walletKeyIds } from '../engine/createWallet.ts'
import { signDigest } from '../engine/signDigest.ts'
import type { SignerContext } from '../engine/types.ts'
import { type WalletSigner, walletSigner } from '../engine/walletSigner.ts'
import type { CosignerSession } from './cosignerLink.ts'
import { type RealCosigner, startRealCosigner } from './test/realCosigner.ts'

let real: RealCosigner
let session: CosignerSession
let ctx: SignerContext
let wallet: WalletSigner
let account: Account
let evm: NonNullable<Account['secp256k1']>
let keys: Awaited<ReturnType<typeof createWallet>>

beforeAll(async () => {
  real = await startRealCosigner()
  session = await real.link.login({ kind: 'oidc', idToken: await real.idToken('u-derived') })
  ctx = { engine: createMpcEngine(), link: real.link, session: () => session }
  keys = await createWallet(ctx, {
    keyId: 'wallet-1',
    backupKey: generateEncryptionKey().publicKey,
  })
  wallet = walletSigner(ctx, keys)
  account = deriveAccount({ secp256k1: keys.secp256k1.public, ed25519: keys.ed25519.public }, 3)
  evm = account.secp256k1 as NonNullable<Account['secp256k1']>
}, 120_000)

afterAll(async () => {
  await real?.close()
})

test('the key ids are "<prefix>.secp256k1" and "<prefix>.ed25519"; a bad prefix is refused up front', async () => {
  expect([keys.secp256k1.public.keyId, keys.ed25519.public.keyId]).toEqual([
    'wallet-1.secp256k1',
    'wallet-1.ed25519',
  ])
  const refusal = (got: string) =>
    new TypeError(
      `"keyId" expected 1–54 of A–Z a–z 0–9 _ . - (the co-signer's key ids are "<keyId>.secp256k1" and "<keyId>.ed25519", at most 64 characters), got ${got}`,
    )
  expect(() => walletKeyIds('wallet/1')).toThrow(refusal('"wallet/1"'))
  expect(() => walletKeyIds('w'.repeat(55))).toThrow(refusal(`"${'w'.repeat(55)}"`))
  await expect(
    createWallet(ctx, { keyId: '', backupKey: generateEncryptionKey().publicKey }),
  ).rejects.toThrow(refusal('""'))
})

test('EVM on account 3: every signature recovers (viem) to the derived address, not the root', async () => {
  expect(wallet.account(3).secp256k1?.address).toBe(evm.address)
  expect(evm.address).not.toBe(
    deriveAccount({ secp256k1: keys.secp256k1.public }, 0).secp256k1?.address,
  )
  for (const message of ['account three', { raw: '0xff00fe' as const }]) {
    const signature = await wallet.signMessage(3, message)
    expect(await recoverMessageAddress({ message, signature })).toBe(evm.address)
  }
  const typedData = {
    domain: { name: 'Tessera', version: '1', chainId: 1 },
    types: { Note: [{ name: 'text', type: 'string' }] },
    primaryType: 'Note',
    message: { text: 'derived' },
  } as const
  const typedSignature = await wallet.signTypedData(3, typedData)
  expect(await recoverTypedDataAddress({ ...typedData, signature: typedSignature })).toBe(
    evm.address,
  )
  const tx: TransactionSerializableEIP1559 = {
    type: 'eip1559',
    chainId: 1,
    nonce: 0,
    to: '0x000000000000000000000000000000000000dEaD',
    value: parseEther('0.01'),
    gas: 21_000n,
    maxFeePerGas: 30_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
  }
  const signed = await wallet.signTransaction(3, tx)
  expect(
    await recoverTransactionAddress({ serializedTransaction: signed as `0x02${string}` }),
  ).toBe(evm.address)

  // The co-signer's policy decisions and its audit name the derived address at m/0/3.
  const records = await real.audit(session)
  const signed3 = records.filter((r) => r.kind === 'sign' && r.data.phase === 'signed')
  expect(signed3.length).toBeGreaterThanOrEqual(4)
  for (const r of signed3.filter((r) => r.data.protocol === 'dkls23'))
    expect(r.data).toMatchObject({ path: 'm/0/3', address: evm.address })
  const decisions = records.filter((r) => r.kind === 'policy-decision' && r.data.allowed)
  expect(decisions.map((r) => r.data.signer)).toContainEqual({
    path: 'm/0/3',
    address: evm.address,
    publicKey: Buffer.from(evm.publicKey).toString('hex'),
  })
}, 120_000)

test('the co-signer refuses a digest that is not the digest of the request', async () => {
  const unsigned = serializeTransaction({
    type: 'eip1559',
    chainId: 1,
    nonce: 1,
    to: '0x000000000000000000000000000000000000dEaD',
    value: 1n,
    gas: 21_000n,
    maxFeePerGas: 2n,
    maxPriorityFeePerGas: 1n,
  })
  const wrong = hexToBytes(keccak256('0x01'))
  const refused = signDigest(ctx, keys.secp256k1, {
    path: account.path,
    publicKey: evm.publicKey,
    digest: wrong,
    context: { kind: 'transaction', chain: 'evm', serialized: unsigned },
  })
  await expect(refused).rejects.toMatchObject({
    name: 'CosignerLinkError',
    code: 'PartyFailed',
    shortMessage: `the co-signer's dkls23-sign run failed at round 1: dkls23-sign round 1: the device's digest ${Buffer.from(wrong).toString('hex')} is not the eth_signTransaction digest of the request (${keccak256(unsigned).slice(2)})`,
  })
}, 60_000)

/** A legacy Solana transfer message (one signer: `from`) and the transaction around it. */
function solanaTransfer(from: Uint8Array, lamports: bigint) {
  const data = new Uint8Array(12)
  const view = new DataView(data.buffer)
  view.setUint32(0, 2, true) // SystemProgram::Transfer
  view.setBigUint64(4, lamports, true)
  const message = Uint8Array.from([
    ...[1, 0, 1], // header: 1 signature, 0 read-only signed, 1 read-only unsigned
    3,
    ...from,
    ...new Uint8Array(32).fill(7), // recipient
    ...new Uint8Array(32), // the system program
    ...new Uint8Array(32).fill(9), // recent blockhash
    1, // one instruction
    2,
    2,
    0,
    1,
    data.length,
    ...data,
  ])
  return message
}

test('Solana on account 3: a message and a transaction verify (RFC 8032) under the derived key', async () => {
  const ed = account.ed25519 as NonNullable<Account['ed25519']>
  const root = deriveAccount({ ed25519: keys.ed25519.public }, 0).ed25519?.publicKey
  expect(Buffer.from(ed.publicKey).equals(Buffer.from(root as Uint8Array))).toBe(false)
  const offchain = new TextEncoder().encode('sign in to tessera')
  const transfer = solanaTransfer(ed.publicKey, 1_000_000n)
  const devnet = { chainId: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1' }
  for (const [message, form] of [
    [offchain, undefined],
    [transfer, devnet],
  ] as const) {
    const signature = await wallet.solana.signMessage(3, message, form)
    expect(ed25519.verify(signature, message, ed.publicKey)).toBe(true)
    expect(ed25519.verify(signature, message, keys.ed25519.public.publicKey)).toBe(false)
  }
  // A transaction sent as a text message is refused by the co-signer's policy decoder.
  await expect(wallet.solana.signMessage(3, transfer)).rejects.toMatchObject({
    shortMessage:
      "the co-signer's frost-sign run failed at round 1: signing request rejected: solana_signMessage payload has control characters (only text messages are signed)",
  })
  const records = await real.audit(session)
  const frost = records.filter(
    (r) => r.kind === 'sign' && r.data.protocol === 'frost-ed25519' && r.data.phase === 'signed',
  )
  expect(frost.map((r) => [r.data.path, r.data.address])).toEqual([
    ['m/0/3', ed.address],
    ['m/0/3', ed.address],
  ])
}, 120_000)
