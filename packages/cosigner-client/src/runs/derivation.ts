/**
 * The child key a signing run signs at (docs/THRESHOLD.md#non-hardened-derivation): the wire path
 * checked as the co-signer checks it (a refusal here is CosignerClientError `Malformed`, before
 * anything is sent), and the additive tweak δ from the share's public state — the same one the
 * co-signer derives.
 */
import { deriveEd25519, deriveSecp256k1, type KeyShare, parsePath } from '@tessera/mpc'
import { derivationPathProblem } from '@tessera/protocol/cosigner'
import { CosignerClientError } from '../CosignerClientError.ts'

export interface Derivation {
  readonly path: string
  readonly steps: readonly number[]
  readonly delta: bigint
  readonly publicKey: Uint8Array
}

export function derivationAt(share: KeyShare, path: string): Derivation {
  const problem = derivationPathProblem(path)
  if (problem !== undefined)
    throw new CosignerClientError('Malformed', `"path" expected ${problem}`)
  const steps = parsePath(path)
  const child =
    share.curve === 'ed25519' ? deriveEd25519(share, steps) : deriveSecp256k1(share, steps)
  return { path, steps, delta: child.delta, publicKey: child.publicKey }
}
