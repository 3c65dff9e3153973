/**
 * One FROST Ed25519 signature (RFC 9591) with the co-signer on the child key at `path`: our
 * commitment out, its commitment back; our signature share out, the aggregated signature back
 * (two round trips; the co-signer verifies our share and the aggregate under the child key, and
 * never releases its own share alone — docs/COSIGNER.md). Before anything is returned, plain
 * RFC 8032 verification under the child key the caller expects: a co-signer that aggregated
 * anything else, or for another key, is caught here.
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
  const theirs = await link.frost.open(ctx.session(), {
    keyId: key.public.keyId,
    epoch: key.public.epoch,
    path: request.path,
    message: request.message,
    commitment: ours.commitment,
    context: request.context,
  })
  let run: string | undefined = theirs.run
  try {
    if (theirs.commitment.index !== 2) {
      throw new Error('frost: the co-signer answered for another party index')
    }
    const commitments = [ours.commitment, theirs.commitment]
    const share = await engine.frostSign(key.handle, {
      commitments,
      message: request.message,
      path: request.path,
      nonceSession: ours.nonceSession,
    })
    run = undefined
    const signature = await link.frost.finish(ctx.session(), theirs.run, share)
    if (!(signature instanceof Uint8Array) || signature.length !== 64) {
      throw new Error('frost: the co-signer answered with something other than a signature')
    }
    if (!ed25519.verify(signature, request.message, request.publicKey)) {
      throw new Error('frost: the signature does not verify under the account key')
    }
    return signature
  } finally {
    if (run !== undefined) link.frost.abort(run)
  }
}
