/**
 * The child key a signing run signs with (docs/THRESHOLD.md#non-hardened-derivation): from the
 * key's public state and the run's wire path (already checked by the codec), the additive tweak
 * δ both parties add — the same derivation @tessera/mpc's engine makes on the device — and the
 * child's public key and address, which the policy decision and the audit records name, so the
 * log says which account actually signed.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { deriveEd25519, deriveSecp256k1, type KeyShare, parsePath } from '@tessera/mpc'
import { publicKeyToAddress } from 'viem/accounts'

type PublicKeyState = Pick<KeyShare, 'curve' | 'publicKey' | 'chainCode' | 'keyId' | 'epoch'>

export interface SigningKey {
  /** The wire path, as sent (`m`, `m/0/3`). */
  readonly path: string
  readonly steps: readonly number[]
  /** δ, to add to our share (mpc's `derivation.delta` / FROST `delta`). */
  readonly delta: bigint
  /** The child public key: compressed secp256k1 (33 bytes) or Ed25519 (32 bytes). */
  readonly publicKey: Uint8Array
  /** The child's EVM address (secp256k1) or Solana address (Ed25519). */
  readonly address: string
}

/**
 * Derived children, by curve, public key, chain code and path: a pure function of public data,
 * remembered because every signature at a path derives the same child (a few point operations
 * and a Keccak each time). Bounded; the oldest entry goes first.
 */
const derived = new Map<string, SigningKey>()
const DERIVED_MAX = 4096

export function signingKeyAt(state: PublicKeyState, path: string): SigningKey {
  const id = `${state.curve}:${bytesToHex(state.publicKey)}:${bytesToHex(state.chainCode)}:${path}`
  let key = derived.get(id)
  if (key === undefined) {
    key = deriveSigningKey(state, path)
    if (derived.size >= DERIVED_MAX) derived.delete(derived.keys().next().value as string)
    derived.set(id, key)
  }
  // A copy: callers own what they get (the bytes included).
  return { ...key, publicKey: key.publicKey.slice() }
}

function deriveSigningKey(state: PublicKeyState, path: string): SigningKey {
  const steps = parsePath(path)
  if (state.curve === 'ed25519') {
    const child = deriveEd25519(state as KeyShare, steps)
    return { path, steps, ...child, address: base58.encode(child.publicKey) }
  }
  const child = deriveSecp256k1(state as KeyShare, steps)
  const uncompressed = secp256k1.Point.fromBytes(child.publicKey).toBytes(false)
  return {
    path,
    steps,
    delta: child.delta,
    publicKey: child.publicKey,
    address: publicKeyToAddress(`0x${bytesToHex(uncompressed)}`),
  }
}

/** What the audit and the policy decision record of the signing key (public). */
export const describeSigner = (key: SigningKey) => ({
  path: key.path,
  address: key.address,
  publicKey: bytesToHex(key.publicKey),
})
