/**
 * Test-only: the DKG both Worker flows start with. Party 1 (device) lives in the engine behind the
 * boundary; party 2 (co-signer stand-in) runs the pure functions here; party 3 (backup) is offline
 * with an X25519 key made here. Round-3 private values travel sealed to channel keys, so the page
 * routes only ciphertext. Returns the page party's share and pair OT states and a test-side
 * recombination of party 1's share (the positive control for the "never crossed" scans).
 */
import { generateEncryptionKey } from '../../backup/ecies.ts'
import { dkgCommit } from '../../dkg/dkgCommit.ts'
import { dkgConfirm } from '../../dkg/dkgConfirm.ts'
import { dkgFinish } from '../../dkg/dkgFinish.ts'
import { dkgReveal } from '../../dkg/dkgReveal.ts'
import { dkgStart } from '../../dkg/dkgStart.ts'
import { importOfflineShare } from '../../dkg/importOfflineShare.ts'
import type { KeyShare } from '../../dkg/keyShare.ts'
import { lagrangeAtPoint } from '../../dkg/polynomial.ts'
import type { DkgMessage, DkgProgress, DkgTranscript } from '../../dkg/types.ts'
import type { PairOtState } from '../../dkls23/pairState.ts'
import type { CurveName } from '../../encoding/curve.ts'
import { decodeScalar, encodeScalar, modN } from '../../encoding/scalars.ts'
import type { MpcEngine } from '../createMpcEngine.ts'
import type { KeyInfo } from '../keyVault.ts'
import { openPrivate, sealPrivate } from '../privatePayload.ts'

/** An engine as the page sees it: every method returns a promise (comlink's Remote). */
export type Remote = {
  [K in keyof MpcEngine]: (
    ...args: Parameters<MpcEngine[K]>
  ) => Promise<Awaited<ReturnType<MpcEngine[K]>>>
}

/** Wraps a remote engine so every argument and result is appended to `crossed`. */
export function recording(remote: Remote, crossed: unknown[]): Remote {
  return new Proxy(remote, {
    get(target, prop) {
      const method = Reflect.get(target, prop) as (...args: unknown[]) => Promise<unknown>
      return async (...args: unknown[]) => {
        // Callbacks cross as comlink proxies (a port), not as data.
        crossed.push(args.filter((a) => typeof a !== 'function'))
        const result = await method(...args)
        crossed.push(result)
        return result
      }
    },
  })
}

export type WorkerDkgResult = {
  key: KeyInfo
  transcript: DkgTranscript
  progress: DkgProgress[]
  pageShare: KeyShare
  /** secp256k1: the page party's (2) OT state toward the engine's party (1). */
  pagePair: PairOtState | undefined
  /** Test-side recombination of party 1's share from shares 2 and 3 (positive control). */
  share1FromOthers: Uint8Array
  /** The private round-3 values the worker sent the page party, as that party opened them. */
  privateFromWorker: Uint8Array[]
}

export async function runWorkerDkg(
  engine: Remote,
  curve: CurveName,
  /** Progress callbacks cross as comlink proxies: `proxy` for a remote engine, `(f) => f` local. */
  wrapProgress?: (f: (p: DkgProgress) => void) => (p: DkgProgress) => void,
): Promise<WorkerDkgResult> {
  const backupKey = generateEncryptionKey()
  const pageChannel = generateEncryptionKey()
  const workerChannel = await engine.createBackupKey()
  const common = {
    curve,
    keyId: `worker-flow-${curve}`,
    t: 2,
    n: 3,
    online: [1, 2],
    offline: [{ index: 3, encryptionKey: backupKey.publicKey }],
  }
  const progress: DkgProgress[] = []
  let progressDone: () => void = () => undefined
  const sawDone = new Promise<void>((resolve) => {
    progressDone = resolve
  })
  const onProgress = wrapProgress?.((p) => {
    progress.push(p)
    if (p.phase === 'done') progressDone()
  })
  const options = {
    ...common,
    index: 1,
    channel: { key: workerChannel.handle, peers: { 2: pageChannel.publicKey } },
  }
  const started = await (onProgress === undefined
    ? engine.dkgStart(options)
    : engine.dkgStart(options, onProgress))
  const page = dkgStart({ ...common, index: 2 })
  let toPage: DkgMessage[] = started.messages
  let toWorker: DkgMessage[] = page.messages
  const privateFromWorker: Uint8Array[] = []
  const open = (messages: DkgMessage[]) =>
    messages.map((m) => {
      const opened = openPrivate(m, pageChannel.secretKey) as DkgMessage
      if (m.round === 3) {
        const p = opened.payload as { share: Uint8Array; zeroSeed?: Uint8Array }
        privateFromWorker.push(p.share, ...(p.zeroSeed === undefined ? [] : [p.zeroSeed]))
      }
      return opened
    })
  for (const round of [dkgCommit, dkgReveal, dkgConfirm] as const) {
    const step = await engine.dkgStep(started.session, toWorker)
    if (step.done) throw new Error('DKG finished early')
    toWorker = (round(page.state, open(toPage)).messages as DkgMessage[]).map((m) =>
      sealPrivate(m, workerChannel.publicKey),
    )
    toPage = step.messages
  }
  const last = await engine.dkgStep(started.session, toWorker)
  if (!last.done) throw new Error('DKG did not finish')
  const { keyShare: pageShare, pairs } = dkgFinish(page.state, open(toPage))
  if (onProgress !== undefined) await sawDone
  const backupShare = importOfflineShare(last.transcript, 3, backupKey.secretKey)
  // x_1 = λ_2(1)·x_2 + λ_3(1)·x_3, on the test side only.
  const x1 = modN(
    curve,
    lagrangeAtPoint(curve, [2, 3], 2, 1n) * decodeScalar(curve, pageShare.secretShare, 'x2') +
      lagrangeAtPoint(curve, [2, 3], 3, 1n) * decodeScalar(curve, backupShare.secretShare, 'x3'),
  )
  return {
    key: last.key,
    transcript: last.transcript,
    progress,
    pageShare,
    pagePair: pairs[1],
    share1FromOthers: encodeScalar(curve, x1),
    privateFromWorker,
  }
}
