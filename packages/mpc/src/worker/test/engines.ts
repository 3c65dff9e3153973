/**
 * Test-only helpers for driving in-process engines: route a DKG or a re-share among engines
 * (messages delivered by `to`), and sign with FROST or DKLs23 through engines. Not exported.
 */
import type { DkgMessage } from '../../dkg/types.ts'
import type { SignMessage } from '../../dkls23/messages.ts'
import type { EcdsaSignature } from '../../dkls23/signMath.ts'
import type { FrostSignatureShare } from '../../frost/frostSign.ts'
import type { ReshareMessage } from '../../refresh/reshareTypes.ts'
import type { MpcEngine } from '../createMpcEngine.ts'
import type { KeyInfo } from '../keyVault.ts'

type Msg = DkgMessage | ReshareMessage
type Step = (session: string, inbound: Msg[]) => Promise<{ done: boolean; messages?: Msg[] }>

/** Runs every party's rounds until all are done; returns each party's final step result. */
export async function route<R>(
  parties: ReadonlyMap<number, { session: string; messages: Msg[]; step: Step }>,
  observe?: (m: Msg) => Msg | undefined,
): Promise<Map<number, R>> {
  let outbox = [...parties.values()].flatMap((p) => p.messages)
  const results = new Map<number, R>()
  while (results.size < parties.size) {
    const inbox = new Map<number, Msg[]>([...parties.keys()].map((i) => [i, []]))
    for (const m of outbox) {
      const out = observe === undefined ? m : observe(m)
      if (out !== undefined) inbox.get(out.to)?.push(out)
    }
    outbox = []
    for (const [i, p] of parties) {
      if (results.has(i)) continue
      const r = await p.step(p.session, inbox.get(i) ?? [])
      if (r.done) results.set(i, r as R)
      else outbox.push(...(r.messages ?? []))
    }
  }
  return results
}

export async function engineSign(
  signers: readonly { engine: MpcEngine; key: KeyInfo }[],
  message: Uint8Array,
  path?: string,
): Promise<Uint8Array> {
  const at = path === undefined ? {} : { path }
  const commits = []
  for (const s of signers) commits.push(await s.engine.frostCommit(s.key.handle))
  const commitments = commits.map((c) => c.commitment)
  const shares: FrostSignatureShare[] = []
  for (const [k, s] of signers.entries()) {
    const nonceSession = commits[k]?.nonceSession as string
    shares.push(
      await s.engine.frostSign(s.key.handle, { nonceSession, commitments, message, ...at }),
    )
  }
  const first = signers[0] as (typeof signers)[number]
  return first.engine.frostAggregate(first.key.handle, { commitments, message, ...at }, shares)
}

/** DKLs23 among engines, every round run by all signers; returns each signer's signature. */
export async function engineDklsSign(
  signers: readonly { engine: MpcEngine; key: KeyInfo }[],
  messageHash: Uint8Array,
  path?: string,
): Promise<EcdsaSignature[]> {
  const signerSet = signers.map((s) => s.key.index)
  const opened = await Promise.all(
    signers.map((s) =>
      s.engine.dklsOpen(s.key.handle, {
        signers: signerSet,
        ...(path === undefined ? {} : { path }),
      }),
    ),
  )
  const sessions = opened.map((o) => o.session)
  // Each signer gets the whole list, its own nonce included (allowed when unchanged).
  const nonces: Record<number, Uint8Array> = {}
  for (const [k, s] of signers.entries()) nonces[s.key.index] = opened[k]?.nonce as Uint8Array
  const inbox = (all: SignMessage[][], k: number) =>
    all.flat().filter((m) => m.to === signers[k]?.key.index)
  const each = <T>(run: (engine: MpcEngine, session: string, k: number) => Promise<T>) =>
    Promise.all(signers.map((s, k) => run(s.engine, sessions[k] as string, k)))
  const r1 = await each((e, session) => e.dklsRound1(session, nonces))
  const r2 = await each((e, session, k) => e.dklsRound2(session, inbox(r1, k)))
  await each((e, session, k) => e.dklsRound3(session, inbox(r2, k)))
  const r3 = await each((e, session) => e.dklsSign(session, messageHash))
  return each((e, session, k) => e.dklsCombine(session, inbox(r3, k)))
}
