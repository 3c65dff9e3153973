/**
 * One FROST Ed25519 signature (RFC 9591) with the co-signer on the child key at `path`: our
 * commitment out, its commitment and share back (one round trip), our share, aggregate (mpc
 * verifies every share, naming a cheater), then plain RFC 8032 verification under the expected
 * child key before the signature is returned.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import type { SigningContext } from '../cosigner/cosignerLink.ts'
import type { SignerContext, WalletKey } from './types.ts'

export async function signEd25519(
  ctx: SignerContext,
  key: WalletKey,
  request: {
    readonly path: string
    readonly publicKey: Uint8Array
    readonly message: Uint8Array
    readonly context: SigningContext
  },
): Promise<Uint8Array> {
  const { engine, link } = ctx
  const ours = await engine.frostCommit(key.handle)
  const theirs = await link.frost(ctx.session(), {
    keyId: key.public.keyId,
    epoch: key.public.epoch,
    path: request.path,
    message: request.message,
    commitment: ours.commitment,
    context: request.context,
  })
  if (theirs.commitment.index !== 2 || theirs.share.index !== 2) {
    throw new Error('frost: the co-signer answered for another party index')
  }
  const commitments = [ours.commitment, theirs.commitment]
  const at = { commitments, message: request.message, path: request.path }
  const share = await engine.frostSign(key.handle, { ...at, nonceSession: ours.nonceSession })
  const signature = await engine.frostAggregate(key.handle, at, [share, theirs.share])
  if (!ed25519.verify(signature, request.message, request.publicKey)) {
    throw new Error('frost: the signature does not verify under the account key')
  }
  return signature
}
