/**
 * DKLs23 threshold ECDSA with the co-signer (docs/THRESHOLD.md#dkls23-signing), signing set {1, 2}.
 * The co-signer decodes `request` itself, applies its policy and signs only the digest it
 * derives; the device signs `digest`, which it computed from the same request and sends along
 * (the co-signer refuses a digest that is not the request's). Both sign with the child key at
 * `path` (default `m`, the root); the signature is combined and verified under that child key on
 * the device, and must equal the co-signer's. A presignature is made at one path and signs there
 * only.
 *   online:      3 round trips (`dklsSign`);
 *   presigned:   `presign` ahead of time (2 round trips), then `signWithPresignature` (1).
 */
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js'
import {
  createSignSession,
  type EcdsaSignature,
  type KeyShare,
  type PairOtState,
  type Presignature,
  type SignMessage,
} from '@tessera/mpc'
import { CosignerClientError } from '../CosignerClientError.ts'
import type { CosignerConnection } from '../connectCosigner.ts'
import { exchangeRound } from '../exchangeRound.ts'
import { type Derivation, derivationAt } from './derivation.ts'
import { COSIGNER_INDEX } from './staged.ts'

/** What is to be signed, as the co-signer's policy reads it (EIP-191, EIP-712, transactions). */
export interface SigningRequest {
  readonly method: string
  readonly chainId?: string
  readonly payload?: string
  /**
   * The canonical origin of the dapp session the request came from (@tessera/protocol
   * `canonicalDappOrigin`): the co-signer applies that dapp's policy by it. Absent for the
   * wallet's own actions.
   */
  readonly origin?: string
}

export interface DklsSignParameters {
  readonly share: KeyShare
  readonly pair: PairOtState
  readonly request: SigningRequest
  /** The 32-byte digest the device computed from `request`. */
  readonly digest: Uint8Array
  /** Non-hardened derivation path (`m/0/3`); the root key (`m`) when omitted. */
  readonly path?: string
}

const asMessages = (m: readonly unknown[]) => m as SignMessage[]
const ofRound = (m: readonly unknown[], round: number) =>
  asMessages(m).filter((x) => x.round === round)
const noConsume = { markConsumed: async () => {} }

function openSession(
  share: KeyShare,
  pair: PairOtState,
  at: Derivation,
  nonce: Uint8Array,
  theirs: Uint8Array,
) {
  return createSignSession({
    share,
    signers: [1, COSIGNER_INDEX],
    pairs: { [COSIGNER_INDEX]: pair },
    nonces: { 1: nonce, [COSIGNER_INDEX]: theirs },
    derivation: { delta: at.delta, path: at.steps },
  })
}

export async function dklsSign(
  connection: CosignerConnection,
  parameters: DklsSignParameters,
): Promise<EcdsaSignature> {
  const { share } = parameters
  const at = derivationAt(share, parameters.path ?? 'm')
  const stream = connection.stream('dkls23-sign')
  const nonce = randomBytes(32)
  const a = await exchangeRound(stream, 'dkls23-sign', 1, {
    variant: 'online',
    keyId: share.keyId,
    epoch: share.epoch,
    path: at.path,
    request: parameters.request,
    digest: parameters.digest,
    nonce,
  })
  if (a.variant !== 'online')
    throw new CosignerClientError(
      'BadReply',
      'the co-signer answered an online signature as presigned',
    )
  const session = openSession(share, parameters.pair, at, nonce, a.nonce)
  const r1 = session.round1()
  const r2 = session.round2(asMessages(a.messages))
  const b = await exchangeRound(stream, 'dkls23-sign', 2, { messages: [...r1, ...r2] })
  const presignature = session.round3(ofRound(b.messages, 2))
  const r3 = await presignature.sign(parameters.digest, noConsume)
  // combine verifies the signature under the public key before it returns.
  const signature = presignature.combine(ofRound(b.messages, 3))
  const c = await exchangeRound(stream, 'dkls23-sign', 3, { messages: r3 })
  if (bytesToHex(c.signature) !== bytesToHex(signature.compact))
    throw new CosignerClientError('BadReply', 'the co-signer combined another signature')
  return signature
}

export interface PresignResult {
  /** The device's half, to be used once with `signWithPresignature`. Secret. */
  readonly presignature: Presignature
  /** The co-signer's record id of its half. */
  readonly id: string
}

/** A presignature for the child key at `path` (default the root, `m`). */
export async function presign(
  connection: CosignerConnection,
  share: KeyShare,
  pair: PairOtState,
  path = 'm',
): Promise<PresignResult> {
  const at = derivationAt(share, path)
  const stream = connection.stream('dkls23-presign')
  const nonce = randomBytes(32)
  const a = await exchangeRound(stream, 'dkls23-presign', 1, {
    keyId: share.keyId,
    epoch: share.epoch,
    path: at.path,
    nonce,
  })
  const session = openSession(share, pair, at, nonce, a.nonce)
  const r1 = session.round1()
  const r2 = session.round2(asMessages(a.messages))
  const b = await exchangeRound(stream, 'dkls23-presign', 2, { messages: [...r1, ...r2] })
  const presignature = session.round3(asMessages(b.messages))
  if (b.presignature !== bytesToHex(presignature.id))
    throw new CosignerClientError('BadReply', 'the co-signer named another presignature')
  return { presignature, id: b.presignature }
}

export interface PresignedShareParameters {
  readonly share: KeyShare
  /** The co-signer's presignature record id (`PresignResult.id`). */
  readonly id: string
  readonly request: SigningRequest
  /** The digest the device signs (computed from `request`). */
  readonly digest: Uint8Array
  /** The path the presignature was made at (default `m`). */
  readonly path?: string
}

/** The one round trip of a presigned signature: the co-signer's (u, w) messages, not combined. */
export async function requestPresignedShare(
  connection: CosignerConnection,
  parameters: PresignedShareParameters,
): Promise<readonly unknown[]> {
  const stream = connection.stream('dkls23-sign')
  const reply = await exchangeRound(stream, 'dkls23-sign', 1, {
    variant: 'presigned',
    keyId: parameters.share.keyId,
    epoch: parameters.share.epoch,
    path: derivationAt(parameters.share, parameters.path ?? 'm').path,
    request: parameters.request,
    digest: parameters.digest,
    presignature: parameters.id,
  })
  return reply.messages
}

export async function signWithPresignature(
  connection: CosignerConnection,
  parameters: PresignedShareParameters & { presignature: Presignature },
): Promise<EcdsaSignature> {
  const theirs = await requestPresignedShare(connection, parameters)
  await parameters.presignature.sign(parameters.digest, noConsume)
  // combine verifies under the public key before it returns.
  return parameters.presignature.combine(asMessages(theirs))
}
