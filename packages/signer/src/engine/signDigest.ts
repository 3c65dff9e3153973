/**
 * One DKLs23 ECDSA signature of a 32-byte digest with the co-signer
 * (docs/THRESHOLD.md#dkls23-signing), on the child key at `path`: one round trip when a
 * presignature for that key and path is ready (presignatures.ts; ours consumed first, then the
 * co-signer's (u, w)), else two (cosignerLink.ts). mpc's combine verifies under PK′; this
 * verifies again under the caller's expected child public key, so a signature for any other key
 * never leaves. Returns viem's signature shape.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, type Hex } from 'viem'
import type { SigningContext } from '../cosigner/cosignerLink.ts'
import type { SignerContext, WalletKey } from './types.ts'

export type DigestSignature = { readonly r: Hex; readonly s: Hex; readonly yParity: 0 | 1 }

export async function signDigest(
  ctx: SignerContext,
  key: WalletKey,
  request: {
    readonly path: string
    /** The child public key the signature must verify under (33 bytes, compressed). */
    readonly publicKey: Uint8Array
    readonly digest: Uint8Array
    readonly context: SigningContext
  },
): Promise<DigestSignature> {
  if (!(request.digest instanceof Uint8Array) || request.digest.length !== 32) {
    throw new RangeError('"digest" expected Uint8Array of length 32')
  }
  const ready = ctx.presignatures?.take(key, request.path)
  if (ready !== undefined) return signPresigned(ctx, key, request, ready)
  const { engine, link } = ctx
  const opened = await engine.dklsOpen(key.handle, { signers: [1, 2], path: request.path })
  let open = true
  let run: string | undefined
  try {
    const theirs = await link.sign.open(ctx.session(), {
      keyId: key.public.keyId,
      epoch: key.public.epoch,
      path: request.path,
      messageHash: request.digest,
      nonce: opened.nonce,
      context: request.context,
    })
    run = theirs.run
    const round1 = await engine.dklsRound1(opened.session, { 2: theirs.nonce })
    const round2 = await engine.dklsRound2(opened.session, [...theirs.round1])
    const rest = await link.sign.finish(ctx.session(), theirs.run, { round1, round2 })
    await engine.dklsRound3(opened.session, [...rest.round2])
    const ours = await engine.dklsSign(opened.session, request.digest)
    const signature = await engine.dklsCombine(opened.session, [...rest.round3])
    open = false
    checked(signature, request)
    await link.sign.complete(ctx.session(), theirs.run, ours)
    run = undefined
    return viemShape(signature)
  } finally {
    if (run !== undefined) link.sign.abort(run)
    if (open) await engine.dklsAbort(opened.session).catch(() => undefined)
  }
}

type Request = Parameters<typeof signDigest>[2]
type Signature = Awaited<ReturnType<SignerContext['engine']['dklsCombine']>>

function checked(signature: Signature, request: Request): void {
  if (signature.recovery > 1) {
    // x(R) ≥ q: probability about 2^-128; EVM and Conflux cannot express it.
    throw new Error('dkls23: signature needs recovery id ≥ 2, which EVM chains cannot express')
  }
  if (!secp256k1.verify(signature.compact, request.digest, request.publicKey, { prehash: false })) {
    throw new Error('dkls23: the signature does not verify under the account key')
  }
}

const viemShape = (signature: Signature): DigestSignature => ({
  r: bytesToHex(signature.r),
  s: bytesToHex(signature.s),
  yParity: signature.recovery as 0 | 1,
})

/** One round trip: our half consumed (durably, in memory) first, then the co-signer's (u, w). */
async function signPresigned(
  ctx: SignerContext,
  key: WalletKey,
  request: Request,
  presignature: string,
): Promise<DigestSignature> {
  const { engine, link } = ctx
  const ours = await engine.dklsSignWithPresignature(key.handle, presignature, request.digest)
  try {
    const theirs = await link.presign.sign(ctx.session(), {
      keyId: key.public.keyId,
      epoch: key.public.epoch,
      path: request.path,
      messageHash: request.digest,
      context: request.context,
      presignature,
    })
    const signature = await engine.dklsCombine(ours.session, [...theirs])
    checked(signature, request)
    return viemShape(signature)
  } catch (error) {
    await engine.dklsAbort(ours.session).catch(() => undefined)
    throw error
  }
}
