/**
 * Signing for every chain with one wallet's keys, per account index. Each method hashes exactly
 * what the chain signs, signs with the co-signer (signDigest.ts / signEd25519.ts), and checks the
 * result under the account's own key with an independent recovery (viem for EVM, the Core
 * transaction parser for Conflux, RFC 8032 for Solana) before returning anything.
 * `forDapp(origin)` is the same signer for one dapp session: every request it sends names that
 * session's canonical origin, by which the co-signer applies the dapp's own policy
 * (docs/COSIGNER.md#whose-rules-apply); the wallet's own actions name none.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import {
  type Cip23TypedData,
  type CoreTransaction,
  hashCip23TypedData,
  hashCoreTransaction,
  hashPersonalSignMessage,
  recoverCoreTransactionSender,
  serializeCoreTransaction,
  userAddressFromPublicKey,
} from '@tessera/conflux'
import { canonicalDappOrigin } from '@tessera/protocol/cosigner'
import {
  type Address,
  bytesToHex,
  concatHex,
  type Hex,
  hashMessage,
  hashTypedData,
  hexToBytes,
  keccak256,
  recoverMessageAddress,
  recoverTransactionAddress,
  recoverTypedDataAddress,
  type SignableMessage,
  serializeSignature,
  serializeTransaction,
  stringify,
  type TransactionSerializable,
  type TypedDataDefinition,
} from 'viem'
import { type Account, deriveAccount } from '../accounts/deriveAccount.ts'
import type { SigningContext } from '../cosigner/cosignerLink.ts'
import type { WalletKeyHandles } from './createWallet.ts'
import { type DigestSignature, signDigest } from './signDigest.ts'
import { signEd25519 } from './signEd25519.ts'
import type { SignerContext } from './types.ts'

/** The signing methods, for the wallet's own actions or bound to one dapp origin. */
export type OriginSigner = ReturnType<typeof signerFor>

export type WalletSigner = OriginSigner & {
  /**
   * The same methods for requests of the dapp session at `origin` (canonicalised; a value that
   * is not a web origin throws CosignerFrameError `Malformed`).
   */
  forDapp(origin: string): OriginSigner
}

function mismatch(what: string): Error {
  return new Error(`${what}: the signature does not recover to the account`)
}

export function walletSigner(ctx: SignerContext, keys: WalletKeyHandles): WalletSigner {
  return {
    ...signerFor(ctx, keys, undefined),
    forDapp: (origin) => signerFor(ctx, keys, canonicalDappOrigin(origin)),
  }
}

function signerFor(ctx: SignerContext, keys: WalletKeyHandles, origin: string | undefined) {
  /** The context as the co-signer reads it: with the dapp's origin when a dapp asked. */
  const from = <C extends SigningContext>(context: C): C =>
    origin === undefined ? context : { ...context, origin }
  const publicKeys = { secp256k1: keys.secp256k1.public, ed25519: keys.ed25519.public }
  const account = (index: number): Account => deriveAccount(publicKeys, index)
  const evm = (index: number) => {
    const a = account(index)
    return { path: a.path, ...(a.secp256k1 as NonNullable<Account['secp256k1']>) }
  }
  const ecdsa = (index: number, digest: Hex, context: SigningContext): Promise<DigestSignature> => {
    const a = evm(index)
    return signDigest(ctx, keys.secp256k1, {
      path: a.path,
      publicKey: a.publicKey,
      digest: hexToBytes(digest),
      context: from(context),
    })
  }
  /** r ‖ s ‖ v with v ∈ {0, 1} (Conflux). */
  const rsv01 = (s: DigestSignature): Hex =>
    concatHex([s.r, s.s, s.yParity === 0 ? '0x00' : '0x01'])

  return {
    account,

    /** EIP-191 `personal_sign`; 65-byte signature with v ∈ {27, 28}. */
    async signMessage(index: number, message: SignableMessage): Promise<Hex> {
      const context: SigningContext = {
        kind: 'personal_sign',
        chain: 'evm',
        message: typeof message === 'string' ? message : stringify(message),
        ...(typeof message === 'string'
          ? {}
          : { raw: typeof message.raw === 'string' ? message.raw : bytesToHex(message.raw) }),
      }
      const signature = serializeSignature(await ecdsa(index, hashMessage(message), context))
      if ((await recoverMessageAddress({ message, signature })) !== evm(index).address) {
        throw mismatch('personal_sign')
      }
      return signature
    },

    /** EIP-712 (`eth_signTypedData_v4`). */
    async signTypedData(index: number, typedData: TypedDataDefinition): Promise<Hex> {
      const context: SigningContext = {
        kind: 'typed_data',
        chain: 'evm',
        typedData: stringify(typedData),
      }
      const signature = serializeSignature(await ecdsa(index, hashTypedData(typedData), context))
      if ((await recoverTypedDataAddress({ ...typedData, signature })) !== evm(index).address) {
        throw mismatch('eth_signTypedData_v4')
      }
      return signature
    },

    /** A legacy, EIP-2930 or EIP-1559 transaction; returns the signed serialized transaction. */
    async signTransaction(index: number, transaction: TransactionSerializable): Promise<Hex> {
      const unsigned = serializeTransaction(transaction)
      const context: SigningContext = { kind: 'transaction', chain: 'evm', serialized: unsigned }
      const { r, s, yParity } = await ecdsa(index, keccak256(unsigned), context)
      // viem's legacy path reads v (27/28) and applies EIP-155 from the chain id itself.
      const signed = serializeTransaction(transaction, { r, s, yParity, v: 27n + BigInt(yParity) })
      const from: Address = await recoverTransactionAddress({
        serializedTransaction: signed as Parameters<
          typeof recoverTransactionAddress
        >[0]['serializedTransaction'],
      })
      if (from !== evm(index).address) throw mismatch('eth_signTransaction')
      return signed
    },

    conflux: {
      /** Conflux `personal_sign` as Fluent hashes it; r ‖ s ‖ v with v ∈ {0, 1}. */
      async signMessage(index: number, message: string): Promise<Hex> {
        const digest = hashPersonalSignMessage(message)
        const signature = await ecdsa(index, digest, {
          kind: 'personal_sign',
          chain: 'conflux',
          message,
        })
        return checkCore(rsv01(signature), digest, evm(index).publicKey)
      },

      /** CIP-23 typed data (`cfx_signTypedData_v4`); r ‖ s ‖ v with v ∈ {0, 1}. */
      async signTypedData(index: number, typedData: Cip23TypedData): Promise<Hex> {
        const digest = hashCip23TypedData(typedData)
        const signature = await ecdsa(index, digest, {
          kind: 'typed_data',
          chain: 'conflux',
          typedData: stringify(typedData),
        })
        return checkCore(rsv01(signature), digest, evm(index).publicKey)
      },

      /** A Core transaction (legacy, CIP-2930, CIP-1559); returns the signed raw transaction. */
      async signTransaction(index: number, transaction: CoreTransaction): Promise<Hex> {
        const digest = hashCoreTransaction(transaction)
        const unsigned = serializeCoreTransaction(transaction)
        const s = await ecdsa(index, digest, {
          kind: 'transaction',
          chain: 'conflux',
          serialized: unsigned,
        })
        const raw = serializeCoreTransaction(transaction, s)
        if (recoverCoreTransactionSender(raw) !== userAddressFromPublicKey(evm(index).publicKey)) {
          throw mismatch('cfx_signTransaction')
        }
        return raw
      },
    },

    solana: {
      /**
       * Ed25519 signature of `message`: a text message (`solana_signMessage`), or with
       * `{ chainId }` the serialized message of a transaction (legacy or v0) on that
       * `solana:<genesis>` chain (`solana_signTransaction`); the co-signer's policy reads each as
       * what it is.
       */
      async signMessage(
        index: number,
        message: Uint8Array,
        transaction?: { readonly chainId: string },
      ): Promise<Uint8Array> {
        const a = account(index)
        const ed = a.ed25519 as NonNullable<Account['ed25519']>
        return signEd25519(ctx, keys.ed25519, {
          path: a.path,
          publicKey: ed.publicKey,
          message,
          context: from({
            kind: 'solana',
            message: bytesToHex(message),
            ...(transaction === undefined
              ? { form: 'message' }
              : { form: 'transaction', chainId: transaction.chainId }),
          }),
        })
      },
    },
  }
}

/** Recovers the signer of a Conflux r ‖ s ‖ v signature and compares Core user addresses. */
function checkCore(signature: Hex, digest: Hex, publicKey: Uint8Array): Hex {
  const bytes = hexToBytes(signature)
  const recovered = secp256k1.recoverPublicKey(
    Uint8Array.of(bytes[64] as number, ...bytes.subarray(0, 64)),
    hexToBytes(digest),
    { prehash: false },
  )
  if (userAddressFromPublicKey(recovered) !== userAddressFromPublicKey(publicKey)) {
    throw mismatch('conflux')
  }
  return signature
}
