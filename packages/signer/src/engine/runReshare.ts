/**
 * A refresh or recovery with the co-signer, the device hosting its local parties in the engine
 * (docs/THRESHOLD.md#recovery): the device (1) and, transiently, the backup (3). Messages between
 * local parties stay on the device; the co-signer (2) gets only what is addressed to it, once per
 * step pair (`link.lifecycle.reshare`: round 1 → its steps 1–2, round 2 → its steps 3–4, round 3
 * → it switches). Each local party finishes before our last round leaves (its result is what
 * the caller persists or seals). Progress after each exchange. A failure aborts every local
 * session (their secrets wiped) and the link run before the error leaves.
 */
import type { ReshareMessage } from '@tessera/mpc'
import type { ReshareStepResult } from '@tessera/mpc/worker'
import type { KeyLifecycleLink, ReshareOpenRequest } from '../cosigner/cosignerLink.ts'
import type { SignerContext } from './types.ts'

export type ReshareProgress = {
  readonly phase: 'connect' | 'commit' | 'reveal' | 'confirm' | 'done'
  /** 0–100 for this key. */
  readonly percent: number
}

type Routed = { readonly to: number; readonly round: number }
const forIndex = (all: readonly ReshareMessage[], index: number) =>
  all.filter((m) => (m as unknown as Routed).to === index)
const ofRound = (all: readonly ReshareMessage[], round: number) =>
  all.filter((m) => (m as unknown as Routed).round === round)

export type LocalParty = { readonly session: string; readonly messages: readonly ReshareMessage[] }
export type Finished = Extract<ReshareStepResult, { done: true }>

export function lifecycleOf(ctx: SignerContext): KeyLifecycleLink {
  const lifecycle = ctx.link.lifecycle
  if (lifecycle === undefined)
    throw new TypeError('this co-signer link serves no recovery, refresh or export')
  return lifecycle
}

export async function runReshare(
  ctx: SignerContext,
  request: ReshareOpenRequest,
  start: () => Promise<ReadonlyMap<number, LocalParty>>,
  onProgress?: (p: ReshareProgress) => void,
): Promise<Map<number, Finished>> {
  const link = lifecycleOf(ctx)
  const { engine } = ctx
  const report = (phase: ReshareProgress['phase'], percent: number) => {
    try {
      onProgress?.({ phase, percent })
    } catch {
      // A failing listener must not break a re-share.
    }
  }
  report('connect', 0)
  const { run } = await link.reshare.open(ctx.session(), request)
  const sessions = new Map<number, string>()
  let linkOpen = true
  try {
    const locals = await start()
    for (const [i, l] of locals) sessions.set(i, l.session)
    const indices = [...locals.keys()]
    const each = async (inbound: readonly ReshareMessage[]) => {
      const out: ReshareMessage[] = []
      for (const i of indices) {
        const step = await engine.reshareStep(sessions.get(i) as string, forIndex(inbound, i))
        if (step.done) throw new Error('re-share: a local party finished early')
        out.push(...step.messages)
      }
      return out
    }
    const local1 = [...locals.values()].flatMap((l) => l.messages)
    const theirs12 = await link.reshare.round1(ctx.session(), run, local1)
    report('commit', 25)
    const local2 = await each([...ofRound(theirs12, 1), ...local1])
    const local3 = await each([...ofRound(theirs12, 2), ...local2])
    const theirs34 = await link.reshare.round2(ctx.session(), run, [...local2, ...local3])
    report('reveal', 50)
    const local4 = await each([...ofRound(theirs34, 3), ...local3])
    const in4 = [...ofRound(theirs34, 4), ...local4]
    report('confirm', 75)
    const results = new Map<number, Finished>()
    for (const i of indices) {
      const step = await engine.reshareStep(sessions.get(i) as string, forIndex(in4, i))
      if (!step.done) throw new Error('re-share: a local party did not finish')
      sessions.delete(i)
      results.set(i, step)
    }
    linkOpen = false
    await link.reshare.round3(ctx.session(), run, local4)
    report('done', 100)
    return results
  } finally {
    if (linkOpen) link.reshare.abort(run)
    for (const session of sessions.values()) await engine.reshareAbort(session)
  }
}

/** The DKLs23 OT pair with the co-signer for the key's new epoch (after refresh or recovery). */
export async function otSetupWithCosigner(
  ctx: SignerContext,
  key: { readonly handle: string; readonly keyId: string; readonly epoch: number },
): Promise<void> {
  const link = lifecycleOf(ctx)
  const { engine } = ctx
  const { run, sid } = await link.otSetup.open(ctx.session(), key.keyId)
  let session: string | undefined
  try {
    const started = await engine.startPairSetup(key.handle, { peer: 2, sid })
    session = started.session
    const theirs = await link.otSetup.first(ctx.session(), run, {
      epoch: key.epoch,
      message: started.message,
    })
    const answer = await engine.respondPairSetup(session, theirs.message)
    await engine.finishPairSetup(session, theirs.reply)
    session = undefined
    await link.otSetup.finish(ctx.session(), run, answer)
  } catch (error) {
    link.otSetup.abort(run)
    if (session !== undefined) await engine.abortPairSetup(session)
    throw error
  }
}
