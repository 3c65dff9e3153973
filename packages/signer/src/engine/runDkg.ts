/**
 * Onboarding DKG between the device engine (party 1) and the co-signer (party 2), the backup
 * (party 3) offline with its X25519 key (docs/THRESHOLD.md#dkg). Round-3 private values travel
 * sealed to each side's channel key, so the page routes ciphertext only. Progress is reported as
 * percent and phase after every round (docs/ARCHITECTURE.md#onboarding: never a blank screen). A
 * failure aborts the device's session (its secrets wiped) before the error leaves.
 */
import type { CurveName, DkgMessage, DkgTranscript } from '@tessera/mpc'
import type { SignerContext, WalletKey } from './types.ts'

export type DkgPhase = 'connect' | 'nonce' | 'commit' | 'reveal' | 'confirm' | 'done'
export type OnboardingProgress = {
  readonly curve: CurveName
  readonly phase: DkgPhase
  /** 0–100 for this key. */
  readonly percent: number
}

/** The new key, and the DKG's public transcript (the backup's share travels in it, encrypted). */
export type DkgResult = WalletKey & { readonly transcript: DkgTranscript }

const PHASES: readonly DkgPhase[] = ['connect', 'nonce', 'commit', 'reveal', 'confirm', 'done']

export async function runDkg(
  ctx: SignerContext,
  options: {
    readonly curve: CurveName
    readonly keyId: string
    /** The backup's X25519 public key (32 bytes): its share is encrypted to it. */
    readonly backupKey: Uint8Array
    readonly onProgress?: (progress: OnboardingProgress) => void
  },
): Promise<DkgResult> {
  const { engine, link } = ctx
  const report = (k: number) =>
    options.onProgress?.({
      curve: options.curve,
      phase: PHASES[k] as DkgPhase,
      percent: Math.round((100 * k) / (PHASES.length - 1)),
    })
  report(0)
  const common = {
    curve: options.curve,
    keyId: options.keyId,
    t: 2,
    n: 3,
    offline: [{ index: 3, encryptionKey: options.backupKey }],
  }
  const channel = await engine.createBackupKey()
  let session: string | undefined
  let run: string | undefined
  try {
    const opened = await link.dkg.open(ctx.session(), { ...common, channelKey: channel.publicKey })
    run = opened.run
    const started = await engine.dkgStart({
      ...common,
      index: 1,
      online: [1, 2],
      // Without the co-signer's channel key the link itself is the end-to-end channel.
      ...(opened.channelKey === undefined
        ? {}
        : { channel: { key: channel.handle, peers: { 2: opened.channelKey } } }),
    })
    session = started.session
    let ours: readonly DkgMessage[] = started.messages
    for (let round = 1; ; round++) {
      report(Math.min(round, PHASES.length - 2))
      const theirs = await link.dkg.step(ctx.session(), opened.run, ours)
      const step = await engine.dkgStep(session, [...theirs.messages])
      if (step.done) {
        if (!theirs.done) throw new Error('dkg: the co-signer did not finish with us')
        session = undefined
        await link.dkg.stored(ctx.session(), opened.run, step.key.public.publicKey)
        run = undefined
        report(PHASES.length - 1)
        return { handle: step.key.handle, public: step.key.public, transcript: step.transcript }
      }
      if (theirs.done) throw new Error('dkg: the co-signer finished before us')
      ours = step.messages
    }
  } finally {
    if (run !== undefined) link.dkg.abort(run)
    if (session !== undefined) await engine.dkgAbort(session)
    await engine.dropBackupKey(channel.handle)
  }
}
