/**
 * FROST Ed25519 signing (docs/THRESHOLD.md#frost-signing, RFC 9591): signers `frostCommit` (nonces
 * from noble's RFC 9591 nonce_generate, persisted before the commitment is released) and
 * `frostSignShare` (nonces taken out of the store before the share is computed, so a share is
 * never released twice for one nonce pair); the coordinator `frostAggregate`s after verifying
 * every share, naming any cheater, and verifies the final signature with plain ed25519.verify
 * before returning it. Every commitment carries the signer's epoch: a share of another epoch
 * (e.g. a lost device's after recovery) is refused, naming it.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { equalBytes } from '@noble/curves/utils.js'
import { abytes, clean, concatBytes } from '@noble/hashes/utils.js'
import type { KeyShare, PublicKeyState } from '../dkg/keyShare.ts'
import { curveInfo, type GroupElement } from '../encoding/curve.ts'
import { expectInt } from '../encoding/expectInt.ts'
import { decodePoint, encodePoint, mulBase } from '../encoding/points.ts'
import type { Rng } from '../encoding/random.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'
import { frostSecretPackage, frostSuite } from './frostKeyPackage.ts'
import {
  type ParsedCommitment,
  signatureShare,
  signingContext,
  verifySignatureShare,
} from './frostMath.ts'
import type { NonceStore } from './nonceStore.ts'

/** A signer's public round-1 output. */
export type FrostCommitment = {
  readonly index: number
  /** The epoch of the signer's share; all signers must agree. */
  readonly epoch: number
  readonly hiding: Uint8Array
  readonly binding: Uint8Array
}

export type FrostSignatureShare = { readonly index: number; readonly share: Uint8Array }

/** The coordinator's round-2 request: the commitment list and the exact message bytes. */
export type FrostSigningPackage = {
  readonly commitments: readonly FrostCommitment[]
  readonly message: Uint8Array
  /** Additive derivation tweak δ (0 for the root key); see derive/ed25519Additive.ts. */
  readonly delta?: bigint
}

/** Adapts a test RNG to noble's signature (the default path uses noble's CSPRNG). */
function nobleRng(rng: Rng) {
  return (length = 32): Uint8Array<ArrayBuffer> => Uint8Array.from(rng(length))
}

function expectEd25519(state: PublicKeyState): void {
  if (state?.curve !== 'ed25519')
    throw new MpcError('Malformed', 'FROST signing here is Ed25519 only')
}

/** Round 1: fresh nonces, persisted under `sessionId` before the commitment is returned. */
export async function frostCommit(
  share: KeyShare,
  options: { sessionId: string; store: NonceStore; rng?: Rng },
): Promise<FrostCommitment> {
  expectEd25519(share)
  const secret = frostSecretPackage(share)
  const { nonces, commitments } = frostSuite.commit(
    secret,
    options.rng === undefined ? undefined : nobleRng(options.rng),
  )
  clean(secret.signingShare)
  const { hiding, binding } = commitments
  await options.store.put(options.sessionId, nonces)
  clean(nonces.hiding, nonces.binding)
  return { index: share.index, epoch: share.epoch, hiding, binding }
}

/**
 * Validates the commitment list (indices, epochs, points) and sorts it by index. The points of
 * `own` (our index, when signing) are not decoded here: the signer recomputes them from its
 * nonces instead, which is both the check that the list carries our commitment and cheaper than
 * validating them.
 */
function parseCommitments(
  state: PublicKeyState,
  list: readonly FrostCommitment[],
  own?: { index: number; D: GroupElement; E: GroupElement },
): ParsedCommitment[] {
  if (!Array.isArray(list) || list.length < state.t || list.length > state.n) {
    throw new MpcError('Malformed', `expected ${state.t}..${state.n} commitments`)
  }
  const seen = new Set<number>()
  return [...list]
    .sort((a, b) => a.index - b.index)
    .map((c) => {
      let parsed: ParsedCommitment
      try {
        const index = expectInt(c.index, 1, state.n, 'commitment index')
        expectInt(c.epoch, 0, 0xffffffff, 'commitment epoch')
        const mine = own?.index === index
        if (mine) {
          abytes(c.hiding, 32, 'hiding')
          abytes(c.binding, 32, 'binding')
        }
        parsed = {
          index,
          hiding: c.hiding,
          binding: c.binding,
          D: mine ? own.D : decodePoint('ed25519', c.hiding, 'hiding'),
          E: mine ? own.E : decodePoint('ed25519', c.binding, 'binding'),
        }
      } catch (cause) {
        const culprit =
          Number.isSafeInteger(c.index) && c.index >= 1 && c.index <= state.n ? c.index : undefined
        throw new MpcError('Malformed', `invalid commitment: ${(cause as Error).message}`, {
          ...(culprit === undefined ? {} : { culprit }),
          cause,
        })
      }
      const { index } = parsed
      if (seen.has(index))
        throw new MpcError('Malformed', `duplicate commitment from ${index}`, { culprit: index })
      seen.add(index)
      // docs/THRESHOLD.md#9-epochs: shares of different epochs never mix.
      if (c.epoch !== state.epoch) {
        throw new MpcError(
          'Abort',
          `commitment from party ${index} is for epoch ${c.epoch}, expected ${state.epoch}`,
          { culprit: index },
        )
      }
      return parsed
    })
}

/** PK + δG and X_k + δG (Σλ = 1 makes adding δ to every share equal to adding it once). */
function signingKeys(state: PublicKeyState, delta: bigint) {
  const D = delta === 0n ? undefined : mulBase('ed25519', modN('ed25519', delta))
  const shift = (P: GroupElement) => (D === undefined ? P : P.add(D))
  const pk = shift(decodePoint('ed25519', state.publicKey, 'publicKey'))
  return {
    pk: D === undefined ? state.publicKey : encodePoint('ed25519', pk),
    share: (index: number) =>
      shift(decodePoint('ed25519', state.publicShares[index - 1], `publicShares[${index - 1}]`)),
  }
}

/** Round 2: takes (deletes) this session's nonces from the store, then computes the share. */
export async function frostSignShare(
  share: KeyShare,
  request: FrostSigningPackage & { sessionId: string; store: NonceStore },
): Promise<FrostSignatureShare> {
  expectEd25519(share)
  abytes(request.message, undefined, 'message')
  if (
    !Array.isArray(request.commitments) ||
    !request.commitments.some((c) => c?.index === share.index)
  ) {
    throw new MpcError('Malformed', `our index ${share.index} is not among the signers`)
  }
  // Structure, epochs and every peer's points are checked before our nonces are consumed.
  const placeholder = curveInfo('ed25519').base
  parseCommitments(share, request.commitments, {
    index: share.index,
    D: placeholder,
    E: placeholder,
  })
  const delta = request.delta ?? 0n
  const keys = signingKeys(share, delta)
  // RFC 9591 §5.2: the nonce pair is consumed before anything derived from it leaves.
  const nonces = await request.store.take(request.sessionId)
  if (nonces === undefined) {
    throw new MpcError(
      'Abort',
      `nonces for session "${request.sessionId}" are unknown or already used`,
    )
  }
  try {
    const d = decodeScalar('ed25519', nonces.hiding, 'hiding nonce')
    const e = decodeScalar('ed25519', nonces.binding, 'binding nonce')
    const D = mulBase('ed25519', d)
    const E = mulBase('ed25519', e)
    const list = parseCommitments(share, request.commitments, { index: share.index, D, E })
    const own = list.find((c) => c.index === share.index) as ParsedCommitment
    // The coordinator must list exactly the commitments of our nonces.
    const mine = concatBytes(encodePoint('ed25519', D), encodePoint('ed25519', E))
    if (!equalBytes(mine, concatBytes(own.hiding, own.binding))) {
      throw new MpcError('Abort', 'the commitment list does not carry our commitment')
    }
    const ctx = signingContext(keys.pk, list, request.message)
    const x = modN('ed25519', decodeScalar('ed25519', share.secretShare, 'secretShare') + delta)
    return {
      index: share.index,
      share: encodeScalar('ed25519', signatureShare(ctx, share.index, d, e, x)),
    }
  } catch (cause) {
    if (cause instanceof MpcError) throw cause
    throw new MpcError('Abort', `FROST signShare failed: ${(cause as Error).message}`, { cause })
  } finally {
    clean(nonces.hiding, nonces.binding)
  }
}

/** Coordinator: verify every share (naming a cheater), aggregate, and verify the signature. */
export function frostAggregate(
  state: PublicKeyState,
  request: FrostSigningPackage,
  shares: readonly FrostSignatureShare[],
): Uint8Array {
  expectEd25519(state)
  abytes(request.message, undefined, 'message')
  const list = parseCommitments(state, request.commitments)
  const keys = signingKeys(state, request.delta ?? 0n)
  const ctx = signingContext(keys.pk, list, request.message)
  let z = 0n
  for (const c of list) {
    const s = shares.find((x) => x.index === c.index)
    if (s === undefined)
      throw new MpcError('Abort', `no signature share from ${c.index}`, { culprit: c.index })
    let ok = false
    try {
      const zi = decodeScalar('ed25519', s.share, 'share', { allowZero: true })
      ok = verifySignatureShare(ctx, c, keys.share(c.index), zi)
      z = modN('ed25519', z + zi)
    } catch {
      ok = false
    }
    if (!ok)
      throw new MpcError('Abort', `invalid signature share from ${c.index}`, { culprit: c.index })
  }
  if (shares.length !== list.length) {
    throw new MpcError('Malformed', 'signature shares from parties outside the signing set')
  }
  const signature = concatBytes(ctx.R, encodeScalar('ed25519', z))
  if (!ed25519.verify(signature, request.message, keys.pk)) {
    throw new MpcError('Abort', 'aggregate signature does not verify')
  }
  return signature
}
