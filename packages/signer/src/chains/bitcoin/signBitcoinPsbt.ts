/**
 * Signs a PSBT (BIP174) for one account: every input locked to the account's P2WPKH script (or
 * those named in `inputs`, each of which must be) gets a BIP143 SIGHASH_ALL signature made by the
 * threshold key (DKLs23 through signDigest.ts), checked under the account key once more as the
 * DER bytes that go on chain, and inserted as a partial signature; the rest of the PSBT is
 * returned unchanged for the dapp to finalize and broadcast. Bad input ends as ChainError before
 * anything is signed: MalformedPsbt, TooLarge, MissingWitnessUtxo, NoOwnedInputs, ForeignInput,
 * Unsupported (a sighash type other than ALL), UnknownChain.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js'
import { ClearSigningError, type Psbt, parsePsbt, serializePsbt } from '@tessera/clear-signing'
import { deriveSecp256k1 } from '@tessera/mpc'
import { accountPath } from '../../accounts/accountPath.ts'
import { signDigest } from '../../engine/signDigest.ts'
import type { SignerContext, WalletKey } from '../../engine/types.ts'
import { ChainError } from '../chainError.ts'
import { builtinChain } from '../registry.ts'
import { bip143Sighash, SIGHASH_ALL } from './bip143Sighash.ts'
import { p2wpkhScript } from './p2wpkh.ts'

export type SignBitcoinPsbtRequest = {
  readonly index: number
  /** CAIP-2 `bip122:` chain the PSBT spends on. */
  readonly chainId: string
  readonly psbt: Uint8Array
  /** Inputs to sign (each must be the account's); default: every input of the account. */
  readonly inputs?: readonly number[]
}

export type SignedPsbt = { readonly psbt: Uint8Array; readonly signedInputs: readonly number[] }

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function parse(bytes: Uint8Array): Psbt {
  try {
    return parsePsbt(bytes)
  } catch (error) {
    if (error instanceof ClearSigningError && error.code === 'TooLarge') {
      throw new ChainError('TooLarge', error.shortMessage, { cause: error })
    }
    throw new ChainError('MalformedPsbt', 'the PSBT does not parse', { cause: error })
  }
}

export async function signBitcoinPsbt(
  ctx: SignerContext,
  key: WalletKey,
  request: SignBitcoinPsbtRequest,
): Promise<SignedPsbt> {
  if (builtinChain(request.chainId)?.family !== 'bitcoin') {
    throw new ChainError('UnknownChain', `${request.chainId} is not a Bitcoin chain`)
  }
  if (key.public.curve !== 'secp256k1') throw new TypeError('"key" expected a secp256k1 key')
  const psbt = parse(request.psbt)
  const path = accountPath(request.index)
  const { publicKey } = deriveSecp256k1(key.public, path)
  const script = p2wpkhScript(publicKey)
  const owned = psbt.inputs.map((input, i) => {
    if (input.witnessUtxo === undefined) {
      throw new ChainError(
        'MissingWitnessUtxo',
        `input ${i} has no witnessUtxo (amount and script)`,
      )
    }
    return equal(input.witnessUtxo.script, script)
  })
  const wanted = request.inputs ?? owned.flatMap((mine, i) => (mine ? [i] : []))
  if (wanted.length === 0)
    throw new ChainError('NoOwnedInputs', 'no input of the PSBT belongs to the account')
  for (const i of wanted) {
    if (!Number.isSafeInteger(i) || owned[i] === undefined)
      throw new ChainError('MalformedPsbt', `input ${i} does not exist`)
    if (!owned[i])
      throw new ChainError('ForeignInput', `input ${i} is not locked to the account's address`)
    const type = psbt.inputs[i]?.sighashType
    if (type !== undefined && type !== SIGHASH_ALL) {
      throw new ChainError(
        'Unsupported',
        `input ${i} asks for sighash type ${type}; only ALL is signed`,
      )
    }
  }
  if (new Set(wanted).size !== wanted.length)
    throw new ChainError('MalformedPsbt', 'an input is named twice')

  const serialized = `0x${bytesToHex(request.psbt)}`
  const sigs = new Map<number, { publicKey: Uint8Array; signature: Uint8Array }>()
  for (const i of wanted) {
    const utxo = psbt.inputs[i]?.witnessUtxo as NonNullable<Psbt['inputs'][number]['witnessUtxo']>
    const digest = bip143Sighash(psbt.tx, i, script.subarray(2), utxo.value)
    const { r, s } = await signDigest(ctx, key, {
      path,
      publicKey,
      digest,
      context: { kind: 'transaction', chain: 'bitcoin', serialized },
    })
    const compact = concatBytes(hexToBytes(r.slice(2)), hexToBytes(s.slice(2)))
    const der = secp256k1.Signature.fromBytes(compact, 'compact').toBytes('der')
    // Policy rule of Bitcoin relay (BIP146 low S) and the check of what goes on chain.
    if (!secp256k1.verify(der, digest, publicKey, { prehash: false, format: 'der', lowS: true })) {
      throw new ChainError('BadSignature', `the signature of input ${i} does not verify`)
    }
    sigs.set(i, { publicKey, signature: Uint8Array.of(...der, SIGHASH_ALL) })
  }
  return { psbt: serializePsbt(psbt, sigs), signedInputs: wanted }
}
