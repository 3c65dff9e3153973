/**
 * Pure helpers of DKLs23 signing (DKLs23 Protocol 3.6; docs/THRESHOLD.md#dkls23-signing): the
 * session id with the derivation bound in, pair sub-ids, Lagrange coefficients, commitments, the
 * echo, and the output step (s = Σw/Σu, low s, recovery id, verification under PK′). Holds no
 * state; must never return a signature that noble's verify rejects.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import {
  affineXY,
  basePrecomputed,
  equals,
  isIdentity,
  msmUnsafe,
  negate,
  type Precomputed,
  type Pt,
} from '../curve/index.ts'
import { LAMBDA } from '../curve/scalar.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { modQ, Q, readScalar, scalarBytes, writeScalar } from '../vole/scalars.ts'
import { PROTOCOL } from './messages.ts'

const enc = new TextEncoder()

function u32(v: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, v)
  return out
}

/**
 * sid = H("dkls23/sid", protocol, version, keyId, epoch, sorted signers, every signer's fresh
 * 32-byte nonce, δ, path, chain code). Binding δ and the path before R exists closes the
 * Groth–Shoup related-key attack on additive derivation (eprint 2021/1330).
 */
export function signingSid(args: {
  readonly keyId: string
  readonly epoch: number
  readonly signers: readonly number[]
  readonly nonces: Readonly<Record<number, Uint8Array>>
  readonly delta: Uint8Array
  readonly path: readonly number[]
  readonly chainCode: Uint8Array
}): Uint8Array {
  const signers = [...args.signers].sort((a, b) => a - b)
  const nonces = signers.map((j) => {
    const n = args.nonces[j]
    if (!(n instanceof Uint8Array) || n.length !== 32) {
      throw new RangeError(`"nonces[${j}]" expected Uint8Array of length 32`)
    }
    return n
  })
  const path = new Uint8Array(4 * args.path.length)
  args.path.forEach((i, k) => {
    if (!Number.isSafeInteger(i) || i < 0 || i >= 2 ** 31)
      throw new RangeError('"path" expected non-hardened indices')
    new DataView(path.buffer).setUint32(4 * k, i)
  })
  return taggedHash(
    TAGS.dkls23Sid,
    enc.encode(PROTOCOL),
    Uint8Array.of(1),
    enc.encode(args.keyId),
    u32(args.epoch),
    Uint8Array.from(signers),
    ...nonces,
    args.delta,
    path,
    args.chainCode,
  )
}

/** Sub-id of the OTE/vOLE instance in which `alice` sends and `bob` receives. */
export function pairSid(sid: Uint8Array, alice: number, bob: number): Uint8Array {
  return taggedHash(TAGS.dkls23PairSid, sid, Uint8Array.of(alice, bob))
}

/** λ_i = Π_{j ∈ S, j ≠ i} j / (j − i) mod q. */
export function lagrange(self: number, signers: readonly number[]): bigint {
  let num = 1n
  let den = 1n
  for (const j of signers) {
    if (j === self) continue
    num = (num * BigInt(j)) % Q
    den = modQ(den * BigInt(j - self))
  }
  return (num * inverse(den)) % Q
}

/** Inverse mod q (public or blinded inputs only: the extended Euclid runs in variable time). */
export function inverse(a: bigint): bigint {
  const base = modQ(a)
  if (base === 0n) throw new RangeError('no inverse of zero')
  return secp256k1.Point.Fn.inv(base)
}

/** com_i = H_com(sid, i, R_i, salt_i). */
export function commitNonce(
  sid: Uint8Array,
  i: number,
  bigR: Uint8Array,
  salt: Uint8Array,
): Uint8Array {
  return taggedHash(TAGS.dkls23Commit, sid, Uint8Array.of(i), bigR, salt)
}

/** echo = H("echo", sid, round, all round-`round` broadcasts in index order). */
export function echoOf(
  sid: Uint8Array,
  round: number,
  byIndex: ReadonlyMap<number, Uint8Array>,
): Uint8Array {
  const parts = [...byIndex.keys()].sort((a, b) => a - b).map((k) => byIndex.get(k) as Uint8Array)
  return taggedHash(TAGS.echo, sid, Uint8Array.of(round), ...parts)
}

/**
 * r_x = x(R) mod q and R's 33-byte encoding, from one affine conversion; Abort on R = O or
 * r_x = 0 (DKLs23 Protocol 3.6, step 3).
 */
export function nonceOf(bigR: Pt): { rx: bigint; encoded: Uint8Array } {
  if (isIdentity(bigR)) throw new MpcError('Abort', 'dkls23: R = O')
  const { x, y } = affineXY(bigR)
  const rx = x % Q
  if (rx === 0n) throw new MpcError('Abort', 'dkls23: r_x = 0')
  const encoded = new Uint8Array(33)
  encoded[0] = y & 1n ? 3 : 2
  writeScalar(x, encoded, 1)
  return { rx, encoded }
}

/** r_x alone (see `nonceOf`). */
export function nonceX(bigR: Pt): bigint {
  return nonceOf(bigR).rx
}

/**
 * The verifier's random weight ρ of the Γ check (signSession.ts, round 3) from 16 of the given
 * random bytes: ρ = ρ_1 + λ·ρ_2 mod q with ρ_1, ρ_2 < 2^64 and λ the GLV eigenvalue (λ·(x, y) =
 * (β·x, y)). Distinct (ρ_1, ρ_2) give distinct ρ: a collision would be a nonzero vector with both
 * coordinates below 2^64 in the lattice {(a, b) : a + λ·b ≡ 0 mod q}, whose shortest vector is
 * longer than 2^127 (signMath.test.ts). So ρ takes 2^128 values and a wrong (Γ^u, Γ^v) still
 * passes for at most one of them (2^-128, as with a 128-bit ρ), while `msmUnsafe`'s GLV split
 * gives back the 64-bit halves: 64 doublings per ρ-multiplication instead of 128. ρ = 0 becomes 1.
 */
export function verifierWeight(bytes: Uint8Array): bigint {
  if (bytes.length < 16) throw new RangeError('"bytes" expected at least 16 bytes')
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16)
  const rho1 = view.getBigUint64(0)
  const rho2 = view.getBigUint64(8)
  return (rho1 + LAMBDA * rho2) % Q || 1n
}

export type EcdsaSignature = {
  readonly r: Uint8Array
  readonly s: Uint8Array
  /** 0–3: bit 0 is y(R)'s parity (after low-s), bit 1 set when x(R) ≥ q. */
  readonly recovery: number
  /** r ‖ s, 64 bytes. */
  readonly compact: Uint8Array
}

/**
 * s = Σw / Σu, normalised to low s, with the recovery id; verified under PK′ before it is returned
 * (docs/THRESHOLD.md#dkls23-signing, step 4). The check is the ECDSA verification equation
 * (SEC 1 §4.1.4) R′ = (m/s)·G + (r/s)·PK′, compared with the full nonce point R rather than with
 * x(R′) mod q only: stronger than `verify`, and it skips re-parsing PK′ and the signature.
 */
export function outputSignature(args: {
  readonly bigR: Pt
  readonly sumU: bigint
  readonly sumW: bigint
  readonly messageHash: Uint8Array
  /** PK′ with its table (`verifyingKey`): the check below is most of an online signature. */
  readonly pkPrime: Precomputed
}): EcdsaSignature {
  const { bigR, messageHash } = args
  const u = modQ(args.sumU)
  if (u === 0n)
    throw new MpcError('Abort', 'dkls23: Σu = 0 (not attributable: u_j are unverifiable shares)')
  let s = (modQ(args.sumW) * inverse(u)) % Q
  if (s === 0n) throw new MpcError('Abort', 'dkls23: s = 0')
  const affine = affineXY(bigR)
  const r = affine.x % Q
  let recovery = (affine.y & 1n ? 1 : 0) | (affine.x >= Q ? 2 : 0)
  const negated = s > Q >> 1n
  if (negated) {
    s = Q - s
    recovery ^= 1
  }
  // Low s turns the nonce point into −R: verify against the point (r, s) now commits to.
  const expected = negated ? negate(bigR) : bigR
  const sInv = inverse(s)
  const m = readScalar(messageHash, 0) % Q
  // Public scalars only (m, r, s): the variable-time multi-scalar multiplication is fine here.
  const check = msmUnsafe([basePrecomputed(), args.pkPrime], [(m * sInv) % Q, (r * sInv) % Q])
  if (!equals(check, expected)) {
    throw new MpcError(
      'Abort',
      'dkls23: the combined signature does not verify under PK′ (not attributable: some u_j or w_j is wrong)',
    )
  }
  const compact = new Uint8Array(64)
  compact.set(scalarBytes(r), 0)
  compact.set(scalarBytes(s), 32)
  return { r: compact.slice(0, 32), s: compact.slice(32), recovery, compact }
}
