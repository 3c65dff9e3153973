/**
 * Test-only: DKLs23 between the engine's party 1 (behind the boundary, handles only) and a page
 * party 2 running the pure functions, as the device and the co-signer do: online signing, a
 * presignature stored in the engine and used later, and a fresh pair OT setup. Each helper checks
 * that both parties combined the same signature. Optional `tamper` rewrites the page's round-2
 * messages to the engine (to provoke a Ban).
 */

import { equalBytes } from '@noble/curves/utils.js'
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js'
import { deriveSecp256k1 } from '../../derive/bip32.ts'
import { parsePath } from '../../derive/path.ts'
import type { KeyShare } from '../../dkg/keyShare.ts'
import type { SignMessage } from '../../dkls23/messages.ts'
import { finishPairSetup, respondPairSetup, startPairSetup } from '../../dkls23/pairSetup.ts'
import type { PairOtState } from '../../dkls23/pairState.ts'
import type { Presignature } from '../../dkls23/presignature.ts'
import type { EcdsaSignature } from '../../dkls23/signMath.ts'
import { createSignSession } from '../../dkls23/signSession.ts'
import type { Remote } from './workerDkg.ts'

export type PageParty = { share: KeyShare; pair: PairOtState }

const SIGNERS = [1, 2]
const noop = { markConsumed: async () => {} }

function same(a: EcdsaSignature, b: EcdsaSignature): EcdsaSignature {
  if (!equalBytes(a.compact, b.compact))
    throw new Error('the parties combined different signatures')
  return a
}

/** Open → round 1 → round 2 on both sides; the engine's session and the page's session. */
async function rounds12(
  engine: Remote,
  handle: string,
  page: PageParty,
  path: string | undefined,
  tamper: (m: SignMessage) => SignMessage,
) {
  const { session, nonce } = await engine.dklsOpen(handle, {
    signers: SIGNERS,
    ...(path === undefined ? {} : { path }),
  })
  const pageNonce = randomBytes(32)
  const steps = path === undefined ? [] : parsePath(path)
  const pageSession = createSignSession({
    share: page.share,
    signers: SIGNERS,
    pairs: { 1: page.pair },
    nonces: { 1: nonce, 2: pageNonce },
    derivation: { delta: deriveSecp256k1(page.share, steps).delta, path: steps },
  })
  const page1 = pageSession.round1()
  const mine1 = await engine.dklsRound1(session, { 2: pageNonce })
  const mine2 = await engine.dklsRound2(session, page1)
  const page2 = pageSession.round2(mine1).map(tamper)
  return { session, pageSession, mine2, page2 }
}

/** One online signature of `messageHash` (on the child key at `path` when given). */
export async function dklsSign(
  engine: Remote,
  handle: string,
  page: PageParty,
  messageHash: Uint8Array,
  options: { path?: string; tamper?: (m: SignMessage) => SignMessage } = {},
): Promise<EcdsaSignature> {
  const { session, pageSession, mine2, page2 } = await rounds12(
    engine,
    handle,
    page,
    options.path,
    options.tamper ?? ((m) => m),
  )
  await engine.dklsRound3(session, page2)
  const pagePresig = pageSession.round3(mine2)
  const mine3 = await engine.dklsSign(session, messageHash)
  const page3 = await pagePresig.sign(messageHash, noop)
  const signature = await engine.dklsCombine(session, page3)
  return same(signature, pagePresig.combine(mine3))
}

/** A presignature: the engine stores its half (returns the id), the page keeps its own. */
export async function dklsPresign(
  engine: Remote,
  handle: string,
  page: PageParty,
): Promise<{ id: string; pagePresignature: Presignature }> {
  const { session, pageSession, mine2, page2 } = await rounds12(
    engine,
    handle,
    page,
    undefined,
    (m) => m,
  )
  const { presignature: id } = await engine.dklsPresign(session, page2)
  const pagePresignature = pageSession.round3(mine2)
  if (id !== bytesToHex(pagePresignature.id)) throw new Error('presignature ids differ')
  return { id, pagePresignature }
}

/** Signs with a stored presignature (engine) and the page's matching one. */
export async function dklsSignPresigned(
  engine: Remote,
  handle: string,
  presigned: { id: string; pagePresignature: Presignature },
  messageHash: Uint8Array,
): Promise<EcdsaSignature> {
  const { session, messages } = await engine.dklsSignWithPresignature(
    handle,
    presigned.id,
    messageHash,
  )
  const page3 = await presigned.pagePresignature.sign(messageHash, noop)
  const signature = await engine.dklsCombine(session, page3)
  return same(signature, presigned.pagePresignature.combine(messages))
}

/** A fresh pair OT setup between the engine's party 1 and the page party; updates `page.pair`. */
export async function freshPairSetup(engine: Remote, handle: string, page: PageParty) {
  const sid = randomBytes(32)
  const mine = await engine.startPairSetup(handle, { peer: 2, sid })
  const theirs = startPairSetup({
    self: 2,
    peer: 1,
    keyId: page.share.keyId,
    epoch: page.share.epoch,
    sid,
  })
  const mineReply = await engine.respondPairSetup(mine.session, theirs.message)
  const theirReply = respondPairSetup(theirs.state, mine.message)
  await engine.finishPairSetup(mine.session, theirReply)
  page.pair = finishPairSetup(theirs.state, mineReply)
}
