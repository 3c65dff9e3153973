/**
 * Bitcoin with the threshold key, checked by two independent libraries: the P2WPKH address
 * matches @scure/btc-signer's and bitcoinjs-lib's for the account key; PSBTs built by
 * @scure/btc-signer and signed here carry partial signatures that verify under btc-signer's own
 * BIP143 preimage and bitcoinjs-lib's signature validation, finalize in both, and extract to the
 * same transaction. Bad input is refused with its ChainError code before the co-signer is asked.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import * as btc from '@scure/btc-signer'
import { networks, Psbt, payments } from 'bitcoinjs-lib'
import { beforeAll, describe, expect, test } from 'vitest'
import type { InProcessCosignerParty } from '../../cosigner/test/inProcessCosignerParty.ts'
import type { WalletKeyHandles } from '../../engine/createWallet.ts'
import type { SignerContext } from '../../engine/types.ts'
import type { WalletSigner } from '../../engine/walletSigner.ts'
import { walletFixture } from '../../test/walletFixture.ts'
import { ChainError } from '../chainError.ts'
import { p2wpkhAddress } from './p2wpkh.ts'
import { signBitcoinPsbt } from './signBitcoinPsbt.ts'

const MAINNET = 'bip122:000000000019d6689c085ae165831e93'
const TESTNET = 'bip122:000000000933ea01ad0ee984209779ba'
const REGTEST = 'bip122:0f9188f13cb7b2c71f2a335e3a4fc328'
const BTC_REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef }

let cosigner: InProcessCosignerParty
let ctx: SignerContext
let keys: WalletKeyHandles
let wallet: WalletSigner

beforeAll(async () => {
  ;({ cosigner, ctx, keys, wallet } = await walletFixture())
})

const publicKey = (index: number) => wallet.account(index).secp256k1?.publicKey as Uint8Array
const txid = (n: number) => n.toString(16).padStart(64, '0')
const foreignKey = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true)

/** A regtest PSBT (btc-signer) spending `owned` coins of account 0 and `foreign` of another key. */
function buildPsbt(options: { owned: number; foreign?: number; change?: boolean }): Uint8Array {
  const ours = btc.p2wpkh(publicKey(0), BTC_REGTEST)
  const theirs = btc.p2wpkh(foreignKey, BTC_REGTEST)
  const tx = new btc.Transaction()
  for (let i = 0; i < options.owned; i++) {
    tx.addInput({
      txid: txid(i + 1),
      index: i,
      witnessUtxo: { script: ours.script, amount: 50_000n },
    })
  }
  for (let i = 0; i < (options.foreign ?? 0); i++) {
    tx.addInput({
      txid: txid(100 + i),
      index: 0,
      witnessUtxo: { script: theirs.script, amount: 30_000n },
    })
  }
  tx.addOutputAddress(theirs.address as string, 40_000n, BTC_REGTEST)
  if (options.change !== false) tx.addOutputAddress(ours.address as string, 9_000n, BTC_REGTEST)
  return tx.toPSBT(0)
}

describe('address', () => {
  test.each([0, 7])(
    'account %i: P2WPKH matches @scure/btc-signer and bitcoinjs-lib on each network',
    (index) => {
      const pk = publicKey(index)
      for (const [chain, scure, bjs] of [
        [MAINNET, btc.NETWORK, networks.bitcoin],
        [TESTNET, btc.TEST_NETWORK, networks.testnet],
        [REGTEST, BTC_REGTEST, networks.regtest],
      ] as const) {
        const address = p2wpkhAddress(pk, chain)
        expect(address).toBe(btc.p2wpkh(pk, scure).address)
        expect(address).toBe(payments.p2wpkh({ pubkey: pk, network: bjs }).address)
      }
      expect(p2wpkhAddress(pk, MAINNET)).toMatch(/^bc1q[02-9ac-hj-np-z]{38}$/)
    },
  )

  test('a non-Bitcoin chain and a bad key are refused', () => {
    expect(() => p2wpkhAddress(publicKey(0), 'eip155:1')).toThrow(ChainError)
    expect(() => p2wpkhAddress(new Uint8Array(65), MAINNET)).toThrow(RangeError)
  })
})

describe('PSBT signing', () => {
  test('only-owned inputs: signatures verify and both libraries finalize the same transaction', async () => {
    const unsigned = buildPsbt({ owned: 2 })
    const { psbt, signedInputs } = await signBitcoinPsbt(ctx, keys.secp256k1, {
      index: 0,
      chainId: REGTEST,
      psbt: unsigned,
    })
    expect(signedInputs).toEqual([0, 1])
    expect(cosigner.contexts.at(-1)).toMatchObject({ kind: 'transaction', chain: 'bitcoin' })

    const scure = btc.Transaction.fromPSBT(psbt)
    const scriptCode = btc.OutScript.encode({ type: 'pkh', hash: btc.p2wpkh(publicKey(0)).hash })
    for (const i of [0, 1]) {
      const [[pk, sig]] = scure.getInput(i).partialSig as [Uint8Array, Uint8Array][] as [
        [Uint8Array, Uint8Array],
      ]
      expect(pk).toEqual(publicKey(0))
      expect(sig.at(-1)).toBe(btc.SigHash.ALL)
      const digest = scure.preimageWitnessV0(i, scriptCode, btc.SigHash.ALL, 50_000n)
      expect(
        secp256k1.verify(sig.subarray(0, -1), digest, pk, { prehash: false, format: 'der' }),
      ).toBe(true)
    }
    scure.finalize()

    const bjs = Psbt.fromBuffer(psbt, { network: networks.regtest })
    const validator = (pubkey: Uint8Array, hash: Uint8Array, signature: Uint8Array) =>
      secp256k1.verify(signature, hash, pubkey, { prehash: false, format: 'compact' })
    expect(bjs.validateSignaturesOfAllInputs(validator)).toBe(true)
    bjs.finalizeAllInputs()
    expect(bjs.extractTransaction().toHex()).toBe(scure.hex)
  })

  test('with a foreign input: only ours are signed, the foreign one is left for its owner', async () => {
    const { psbt, signedInputs } = await signBitcoinPsbt(ctx, keys.secp256k1, {
      index: 0,
      chainId: REGTEST,
      psbt: buildPsbt({ owned: 1, foreign: 1 }),
    })
    expect(signedInputs).toEqual([0])
    const bjs = Psbt.fromBuffer(psbt)
    expect(bjs.data.inputs[1]?.partialSig).toBeUndefined()
    expect(
      bjs.validateSignaturesOfInput(0, (pubkey, hash, signature) =>
        secp256k1.verify(signature, hash, pubkey, { prehash: false, format: 'compact' }),
      ),
    ).toBe(true)
  })
})

describe('bad input never reaches the co-signer', () => {
  const cases: [string, () => Parameters<typeof signBitcoinPsbt>[2], string][] = [
    [
      'garbage',
      () => ({ index: 0, chainId: REGTEST, psbt: Uint8Array.of(1, 2, 3) }),
      'MalformedPsbt',
    ],
    [
      'truncated',
      () => ({ index: 0, chainId: REGTEST, psbt: buildPsbt({ owned: 1 }).slice(0, -3) }),
      'MalformedPsbt',
    ],
    [
      'trailing bytes',
      () => ({ index: 0, chainId: REGTEST, psbt: Uint8Array.of(...buildPsbt({ owned: 1 }), 0) }),
      'MalformedPsbt',
    ],
    [
      'oversized',
      () => {
        const big = new Uint8Array(400_001)
        big.set([0x70, 0x73, 0x62, 0x74, 0xff])
        return { index: 0, chainId: REGTEST, psbt: big }
      },
      'TooLarge',
    ],
    [
      'no owned inputs (another account)',
      () => ({ index: 1, chainId: REGTEST, psbt: buildPsbt({ owned: 1 }) }),
      'NoOwnedInputs',
    ],
    [
      'only foreign inputs',
      () => ({ index: 0, chainId: REGTEST, psbt: buildPsbt({ owned: 0, foreign: 2 }) }),
      'NoOwnedInputs',
    ],
    [
      'a foreign input named',
      () => ({
        index: 0,
        chainId: REGTEST,
        psbt: buildPsbt({ owned: 1, foreign: 1 }),
        inputs: [0, 1],
      }),
      'ForeignInput',
    ],
    [
      'missing witnessUtxo',
      () => {
        const tx = new btc.Transaction()
        tx.addInput({ txid: txid(1), index: 0 })
        tx.addOutputAddress(
          btc.p2wpkh(foreignKey, BTC_REGTEST).address as string,
          1000n,
          BTC_REGTEST,
        )
        return { index: 0, chainId: REGTEST, psbt: tx.toPSBT(0) }
      },
      'MissingWitnessUtxo',
    ],
    [
      'sighash NONE asked',
      () => {
        const tx = btc.Transaction.fromPSBT(buildPsbt({ owned: 1 }))
        tx.updateInput(0, { sighashType: btc.SigHash.NONE })
        return { index: 0, chainId: REGTEST, psbt: tx.toPSBT(0) }
      },
      'Unsupported',
    ],
    [
      'not a Bitcoin chain',
      () => ({ index: 0, chainId: 'eip155:1', psbt: buildPsbt({ owned: 1 }) }),
      'UnknownChain',
    ],
  ]
  test.each(cases)('%s', async (_, request, code) => {
    const before = cosigner.contexts.length
    const error = await signBitcoinPsbt(ctx, keys.secp256k1, request()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainError)
    expect((error as ChainError).code).toBe(code)
    expect(cosigner.contexts.length).toBe(before)
  })
})
