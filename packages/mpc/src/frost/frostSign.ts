/**
 * FROST Ed25519 signing around noble's `ed25519_FROST` (THRESHOLD.md "FROST signing", RFC 9591):
 * signers `frostCommit` (nonces persisted before the commitment is released) and `frostSignShare`
 * (nonces taken out of the store before the share is computed, so a share is never released twice
 * for one nonce pair); the coordinator `frostAggregate`s after verifying every share, naming any
 * cheater, and verifies the final signature with plain ed25519.verify before returning it.
 */

import type { NonceCommitments } from '@noble/curves/abstract/frost.js'
import { ed25519 } from '@noble/curves/ed25519.js'
import type { KeyShare, PublicKeyState } from '../dkg/keyShare.ts'
import { expectBytes, expectInt, wipe } from '../encoding/bytes.ts'
import { decodePoint } from '../encoding/points.ts'
import type { Rng } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import {
  frostIdentifier,
  frostPublicPackage,
  frostSecretPackage,
  frostSuite,
} from './frostKeyPackage.ts'
import type { NonceStore } from './nonceStore.ts'

/** A signer's public round-1 output. */
export type FrostCommitment = {
  readonly index: number
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

/** Round 1: fresh nonces, persisted under `sessionId` before the commitment is returned. */
export async function frostCommit(
  share: KeyShare,
  options: { sessionId: string; store: NonceStore; rng?: Rng },
): Promise<FrostCommitment> {
  const secret = frostSecretPackage(share)
  const { nonces, commitments } = frostSuite.commit(
    secret,
    options.rng === undefined ? undefined : nobleRng(options.rng),
  )
  wipe(secret.signingShare)
  await options.store.put(options.sessionId, nonces)
  wipe(nonces.hiding, nonces.binding)
  return { index: share.index, hiding: commitments.hiding, binding: commitments.binding }
}

function toNoble(state: PublicKeyState, list: readonly FrostCommitment[]): NonceCommitments[] {
  if (!Array.isArray(list) || list.length < state.t || list.length > state.n) {
    throw new MpcError('Malformed', `expected ${state.t}..${state.n} commitments`)
  }
  const seen = new Set<number>()
  return [...list]
    .sort((a, b) => a.index - b.index)
    .map((c) => {
      let index: number
      try {
        index = expectInt(c.index, 1, state.n, 'commitment index')
        decodePoint('ed25519', c.hiding, 'hiding')
        decodePoint('ed25519', c.binding, 'binding')
      } catch (cause) {
        const culprit =
          Number.isSafeInteger(c.index) && c.index >= 1 && c.index <= state.n ? c.index : undefined
        throw new MpcError('Malformed', `invalid commitment: ${(cause as Error).message}`, {
          ...(culprit === undefined ? {} : { culprit }),
          cause,
        })
      }
      if (seen.has(index))
        throw new MpcError('Malformed', `duplicate commitment from ${index}`, { culprit: index })
      seen.add(index)
      return { identifier: frostIdentifier(index), hiding: c.hiding, binding: c.binding }
    })
}

/** Round 2: takes (deletes) this session's nonces from the store, then computes the share. */
export async function frostSignShare(
  share: KeyShare,
  request: FrostSigningPackage & { sessionId: string; store: NonceStore },
): Promise<FrostSignatureShare> {
  expectBytes(request.message, undefined, 'message')
  const list = toNoble(share, request.commitments)
  if (!request.commitments.some((c) => c.index === share.index)) {
    throw new MpcError('Malformed', `our index ${share.index} is not among the signers`)
  }
  // RFC 9591 §5.2: the nonce pair is consumed before anything derived from it leaves.
  const nonces = await request.store.take(request.sessionId)
  if (nonces === undefined) {
    throw new MpcError(
      'Abort',
      `nonces for session "${request.sessionId}" are unknown or already used`,
    )
  }
  const delta = request.delta ?? 0n
  const secret = frostSecretPackage(share, delta)
  try {
    const z = frostSuite.signShare(
      secret,
      frostPublicPackage(share, delta),
      { hiding: nonces.hiding, binding: nonces.binding },
      list,
      request.message,
    )
    return { index: share.index, share: z }
  } catch (cause) {
    throw new MpcError('Abort', `FROST signShare failed: ${(cause as Error).message}`, { cause })
  } finally {
    wipe(secret.signingShare, nonces.hiding, nonces.binding)
  }
}

/** Coordinator: verify every share (naming a cheater), aggregate, and verify the signature. */
export function frostAggregate(
  state: PublicKeyState,
  request: FrostSigningPackage,
  shares: readonly FrostSignatureShare[],
): Uint8Array {
  const delta = request.delta ?? 0n
  const pub = frostPublicPackage(state, delta)
  const list = toNoble(state, request.commitments)
  const byId: Record<string, Uint8Array> = {}
  for (const c of request.commitments) {
    const s = shares.find((x) => x.index === c.index)
    if (s === undefined)
      throw new MpcError('Abort', `no signature share from ${c.index}`, { culprit: c.index })
    let ok = false
    try {
      expectBytes(s.share, 32, 'share')
      ok = frostSuite.verifyShare(pub, list, request.message, frostIdentifier(c.index), s.share)
    } catch {
      ok = false
    }
    if (!ok)
      throw new MpcError('Abort', `invalid signature share from ${c.index}`, { culprit: c.index })
    byId[frostIdentifier(c.index)] = s.share
  }
  if (shares.length !== request.commitments.length) {
    throw new MpcError('Malformed', 'signature shares from parties outside the signing set')
  }
  const signature = frostSuite.aggregate(pub, list, request.message, byId)
  const pk = pub.commitments[0] as Uint8Array
  if (!ed25519.verify(signature, request.message, pk)) {
    throw new MpcError('Abort', 'aggregate signature does not verify')
  }
  return signature
}
