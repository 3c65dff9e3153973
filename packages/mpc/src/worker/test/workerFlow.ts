/**
 * Test-only: the flow both Worker tests run (browser Web Worker and Node worker_threads).
 * Party 1 (device) lives in the engine behind the boundary; party 2 (co-signer stand-in) runs the
 * pure functions here; party 3 (backup) is offline with an X25519 key made here. Ed25519 2-of-3
 * DKG, then one FROST signature by 1 + 2. Every value that crosses the boundary, both ways, is
 * recorded in `crossed` so the test can scan it for the engine's share.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { generateEncryptionKey } from '../../backup/ecies.ts'
import { dkgCommit } from '../../dkg/dkgCommit.ts'
import { dkgConfirm } from '../../dkg/dkgConfirm.ts'
import { dkgFinish } from '../../dkg/dkgFinish.ts'
import { dkgReveal } from '../../dkg/dkgReveal.ts'
import { dkgStart } from '../../dkg/dkgStart.ts'
import { importOfflineShare } from '../../dkg/importOfflineShare.ts'
import type { KeyShare } from '../../dkg/keyShare.ts'
import { lagrangeAtPoint } from '../../dkg/polynomial.ts'
import type { DkgMessage, DkgProgress } from '../../dkg/types.ts'
import { decodeScalar, encodeScalar, modN } from '../../encoding/scalars.ts'
import { frostCommit, frostSignShare } from '../../frost/frostSign.ts'
import { memoryNonceStore } from '../../frost/nonceStore.ts'
import type { MpcEngine } from '../createMpcEngine.ts'
import type { KeyInfo } from '../keyVault.ts'
import { openPrivate, sealPrivate } from '../privatePayload.ts'

type Remote = {
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

export type FlowResult = {
  key: KeyInfo
  signature: Uint8Array
  message: Uint8Array
  verified: boolean
  progress: DkgProgress[]
  /** Test-side recombination of party 1's share from shares 2 and 3 (positive control). */
  share1FromOthers: Uint8Array
  pageShare: KeyShare
  /** The private round-3 values the worker sent the page party, as that party opened them. */
  privateFromWorker: Uint8Array[]
}

export async function runWorkerFlow(
  engine: Remote,
  wrapProgress: (f: (p: DkgProgress) => void) => (p: DkgProgress) => void,
): Promise<FlowResult> {
  const backupKey = generateEncryptionKey()
  // Channel keys: private round-3 values travel sealed, so the page routes only ciphertext.
  const pageChannel = generateEncryptionKey()
  const workerChannel = await engine.createBackupKey()
  const common = {
    curve: 'ed25519' as const,
    keyId: 'worker-flow',
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
  const onProgress = wrapProgress((p) => {
    progress.push(p)
    if (p.phase === 'done') progressDone()
  })
  const started = await engine.dkgStart(
    {
      ...common,
      index: 1,
      channel: { key: workerChannel.handle, peers: { 2: pageChannel.publicKey } },
    },
    onProgress,
  )
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
  const rounds = [dkgCommit, dkgReveal, dkgConfirm] as const
  for (const round of rounds) {
    const step = await engine.dkgStep(started.session, toWorker)
    if (step.done) throw new Error('DKG finished early')
    toWorker = (round(page.state, open(toPage)).messages as DkgMessage[]).map((m) =>
      sealPrivate(m, workerChannel.publicKey),
    )
    toPage = step.messages
  }
  const last = await engine.dkgStep(started.session, toWorker)
  if (!last.done) throw new Error('DKG did not finish')
  const { keyShare: pageShare } = dkgFinish(page.state, open(toPage))
  await sawDone
  const backupShare = importOfflineShare(last.transcript, 3, backupKey.secretKey)

  // FROST: the engine (1) and the page (2) sign; the engine coordinates.
  const message = new TextEncoder().encode('solana message bytes')
  const store = memoryNonceStore()
  const mine = await engine.frostCommit(last.key.handle)
  const theirs = await frostCommit(pageShare, { sessionId: 'page', store })
  const commitments = [mine.commitment, theirs]
  const share1 = await engine.frostSign(last.key.handle, {
    nonceSession: mine.nonceSession,
    commitments,
    message,
  })
  const share2 = await frostSignShare(pageShare, { sessionId: 'page', store, commitments, message })
  const signature = await engine.frostAggregate(last.key.handle, { commitments, message }, [
    share1,
    share2,
  ])

  // Positive control, test side only: x_1 = λ_2(1)·x_2 + λ_3(1)·x_3.
  const x1 = modN(
    'ed25519',
    lagrangeAtPoint('ed25519', [2, 3], 2, 1n) *
      decodeScalar('ed25519', pageShare.secretShare, 'x2') +
      lagrangeAtPoint('ed25519', [2, 3], 3, 1n) *
        decodeScalar('ed25519', backupShare.secretShare, 'x3'),
  )
  return {
    key: last.key,
    signature,
    message,
    verified: ed25519.verify(signature, message, last.key.public.publicKey),
    progress,
    share1FromOthers: encodeScalar('ed25519', x1),
    pageShare,
    privateFromWorker,
  }
}
