/**
 * Conflux Core signing against the REAL co-signer (in-process, PGlite) through the real link, on
 * account 2 (`m/0/2`): Conflux personal sign (text and a hex string), CIP-23 typed data and a
 * CIP-1559 Core transaction. The co-signer's policy decodes each as `cfx_*` (it refused them all
 * before), checks the device's digest against the request, and its audit names the method, the
 * digest and the derived account; js-conflux-sdk and the Core transaction parser recover the
 * account from what the wallet returns.
 */
import {
  hashCip23TypedData,
  hashCoreTransaction,
  hashPersonalSignMessage,
  recoverCoreTransactionSender,
  userAddressFromPublicKey,
} from '@tessera/conflux'
import { generateEncryptionKey } from '@tessera/mpc'
import { createMpcEngine } from '@tessera/mpc/worker'
import sdk from 'js-conflux-sdk'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createWallet } from '../engine/createWallet.ts'
import { type WalletSigner, walletSigner } from '../engine/walletSigner.ts'
import type { CosignerSession } from './cosignerLink.ts'
import { type RealCosigner, startRealCosigner } from './test/realCosigner.ts'

let real: RealCosigner
let session: CosignerSession
let wallet: WalletSigner
let publicKey: Uint8Array

beforeAll(async () => {
  real = await startRealCosigner()
  session = await real.link.login({ kind: 'oidc', idToken: await real.idToken('u-conflux') })
  const ctx = { engine: createMpcEngine(), link: real.link, session: () => session }
  const keys = await createWallet(ctx, {
    keyId: 'wallet-cfx',
    backupKey: generateEncryptionKey().publicKey,
  })
  wallet = walletSigner(ctx, keys)
  publicKey = wallet.account(2).secp256k1?.publicKey as Uint8Array
}, 120_000)

afterAll(async () => {
  await real?.close()
})

/** The co-signer's allowed policy decisions, in order: method and digest. */
async function decisions() {
  return (await real.audit(session))
    .filter((r) => r.kind === 'policy-decision' && r.data.allowed === true)
    .map((r) => ({ method: r.data.method, digest: r.data.digest, signer: r.data.signer }))
}

test('Conflux personal sign, CIP-23 and a Core transaction are authorized and sign', async () => {
  // A fresh identity: no decision on record yet (DKG is not a signing).
  expect(await decisions()).toEqual([])
  const account = userAddressFromPublicKey(publicKey)
  for (const message of ['Hello Conflux', '0x68656c6c6f']) {
    const signature = await wallet.conflux.signMessage(2, message)
    const recovered = sdk.PersonalMessage.recover(signature, message)
    expect(userAddressFromPublicKey(`0x04${recovered.slice(2)}`)).toBe(account)
  }
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
  await wallet.conflux.signTypedData(2, typedData)
  const tx = {
    type: 'cip1559' as const,
    nonce: 1n,
    gas: 21000n,
    to: 'cfxtest:aak2rra2njvd77ezwjvx04kkds9fzagfe6d5r8e957',
    value: 7n,
    storageLimit: 0n,
    epochHeight: 1000n,
    chainId: 1,
    data: '0x' as const,
    maxFeePerGas: 2n * 10n ** 9n,
    maxPriorityFeePerGas: 10n ** 9n,
    accessList: [],
  }
  const raw = await wallet.conflux.signTransaction(2, tx)
  expect(recoverCoreTransactionSender(raw)).toBe(account)

  const made = await decisions()
  const byDigest = (a: unknown[], b: unknown[]) => String(a[1]).localeCompare(String(b[1]))
  expect(made.map((d) => [d.method, d.digest]).sort(byDigest)).toEqual(
    [
      ['cfx_personal_sign', hashPersonalSignMessage('Hello Conflux').slice(2)],
      ['cfx_personal_sign', hashPersonalSignMessage('0x68656c6c6f').slice(2)],
      ['cfx_signTypedData_v4', hashCip23TypedData(typedData).slice(2)],
      ['cfx_signTransaction', hashCoreTransaction(tx).slice(2)],
    ].sort(byDigest),
  )
  expect(made.every((d) => (d.signer as { path: string }).path === 'm/0/2')).toBe(true)
}, 180_000)
