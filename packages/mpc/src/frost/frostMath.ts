/**
 * RFC 9591 FROST(Ed25519, SHA-512) rounds 2–3 (§4.2–4.6, §5.2–5.3): binding factors, group
 * commitment, challenge, Lagrange coefficient, signature share and its verification. Pure math on
 * validated inputs; conformance is checked against RFC 9591 Appendix E.1 (rfc9591-frost.test.ts).
 * Secret scalars (nonces, shares) only ever enter scalar arithmetic and the constant-time base
 * multiplication; vartime multiplication is used on public points and public scalars only.
 */
import { interleavedMSMUnsafe } from '@noble/curves/abstract/curve.js'
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { lagrangeAtZero } from '../dkg/polynomial.ts'
import type { GroupElement } from '../encoding/curve.ts'
import { encodePoint, mulBase } from '../encoding/points.ts'
import { encodeScalar, modN } from '../encoding/scalars.ts'

const CONTEXT = utf8ToBytes('FROST-ED25519-SHA512-v1')

export type ParsedCommitment = {
  readonly index: number
  readonly hiding: Uint8Array
  readonly binding: Uint8Array
  readonly D: GroupElement
  readonly E: GroupElement
}

function leScalar(bytes: Uint8Array): bigint {
  let v = 0n
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] as number)
  return modN('ed25519', v)
}

const H1 = (m: Uint8Array) => leScalar(sha512(concatBytes(CONTEXT, utf8ToBytes('rho'), m)))
const H2 = (m: Uint8Array) => leScalar(sha512(m))
const H4 = (m: Uint8Array) => sha512(concatBytes(CONTEXT, utf8ToBytes('msg'), m))
const H5 = (m: Uint8Array) => sha512(concatBytes(CONTEXT, utf8ToBytes('com'), m))
const id = (index: number) => encodeScalar('ed25519', BigInt(index))

type EdPoint = InstanceType<typeof ed25519.Point>

/** Σ k_i·P_i in variable time (interleaved wNAF, shared doublings): PUBLIC values only. */
function msmPublic(points: readonly GroupElement[], scalars: readonly bigint[]): GroupElement {
  return interleavedMSMUnsafe(ed25519.Point, points as EdPoint[], 4)([...scalars])
}

export type SigningContext = {
  /** ρ_i per signer index. */
  readonly rho: ReadonlyMap<number, bigint>
  readonly R: Uint8Array
  /** c = H2(R ‖ PK ‖ msg). */
  readonly challenge: bigint
  readonly lambda: (index: number) => bigint
}

/** §4.4–4.6: `list` sorted by index, every point validated; `pk` the (tweaked) group key. */
export function signingContext(
  pk: Uint8Array,
  list: readonly ParsedCommitment[],
  message: Uint8Array,
): SigningContext {
  const encoded = concatBytes(...list.flatMap((c) => [id(c.index), c.hiding, c.binding]))
  const prefix = concatBytes(pk, H4(message), H5(encoded))
  const rho = new Map(list.map((c) => [c.index, H1(concatBytes(prefix, id(c.index)))] as const))
  let group = msmPublic(
    list.map((c) => c.E),
    list.map((c) => rho.get(c.index) as bigint),
  )
  for (const c of list) group = group.add(c.D)
  if (group.is0()) throw new RangeError('group commitment is the identity')
  const R = encodePoint('ed25519', group)
  const indices = list.map((c) => c.index)
  return {
    rho,
    R,
    challenge: H2(concatBytes(R, pk, message)),
    lambda: (index) => lagrangeAtZero('ed25519', indices, index),
  }
}

/** §5.2: z_i = d_i + e_i·ρ_i + λ_i·s_i·c. */
export function signatureShare(
  ctx: SigningContext,
  index: number,
  hiding: bigint,
  binding: bigint,
  secret: bigint,
): bigint {
  const rho = ctx.rho.get(index) as bigint
  return modN('ed25519', hiding + binding * rho + ctx.lambda(index) * secret * ctx.challenge)
}

/** §5.4: z_i·G = D_i + ρ_i·E_i + (c·λ_i)·X_i (public values only). */
export function verifySignatureShare(
  ctx: SigningContext,
  commitment: ParsedCommitment,
  verifyingShare: GroupElement,
  z: bigint,
): boolean {
  const rho = ctx.rho.get(commitment.index) as bigint
  const weight = modN('ed25519', ctx.challenge * ctx.lambda(commitment.index))
  const expected = commitment.D.add(msmPublic([commitment.E, verifyingShare], [rho, weight]))
  return mulBase('ed25519', z).equals(expected)
}
