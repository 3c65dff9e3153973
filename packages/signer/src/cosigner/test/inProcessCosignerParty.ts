/**
 * TEST DOUBLE of the co-signer PARTY behind `CosignerLink`: a real `@tessera/mpc` engine (party 2,
 * in memory) runs the co-signer's side of every protocol in-process, so the device side is tested
 * against the real math, not a fake of it. It mimics the co-signer's session checks (token and
 * expiry) and refuses what the real one refuses (unknown run, unknown key, expired session). It
 * does no policy, no transport and no persistence; it is not a co-signer server.
 */
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js'
import type { DkgMessage, FrostCommitment, SignMessage } from '@tessera/mpc'
import { createMpcEngine, type MpcEngine } from '@tessera/mpc/worker'
import type { CosignerLink, CosignerSession, SigningContext } from '../cosignerLink.ts'

type DkgRun = {
  readonly request: Parameters<CosignerLink['dkg']['open']>[1]
  readonly channel: { handle: string; publicKey: Uint8Array }
  session?: string
  ahead?: readonly DkgMessage[]
}

type SignRun = { readonly session: string; readonly messageHash: Uint8Array }
type FrostRun = {
  readonly handle: string
  readonly nonceSession: string
  readonly request: Parameters<CosignerLink['frost']['open']>[1]
  readonly commitments: readonly FrostCommitment[]
}

export type InProcessCosignerParty = CosignerLink & {
  /** The engine playing party 2 (tests use it to check what the co-signer holds). */
  readonly engine: MpcEngine
  /** Every signing context the party was asked to sign, in order. */
  readonly contexts: SigningContext[]
  /** Makes the current session expire (tests of the device's session handling). */
  expireSessions(): void
}

export function inProcessCosignerParty(
  options: { now?: () => number } = {},
): InProcessCosignerParty {
  const now = options.now ?? Date.now
  const engine = createMpcEngine()
  const sessions = new Map<string, CosignerSession>()
  const keys = new Map<string, string>() // keyId → handle
  const dkgRuns = new Map<string, DkgRun>()
  const signRuns = new Map<string, SignRun>()
  const frostRuns = new Map<string, FrostRun>()
  const contexts: SigningContext[] = []

  function check(session: CosignerSession): void {
    const known = sessions.get(session?.token)
    if (known === undefined) throw new Error('cosigner: unknown session')
    if (known.expiresAt <= now()) throw new Error('cosigner: session expired')
  }
  function keyHandle(keyId: string): string {
    const handle = keys.get(keyId)
    if (handle === undefined) throw new Error(`cosigner: no key "${keyId}"`)
    return handle
  }
  function run<T>(runs: Map<string, T>, id: string): T {
    const found = runs.get(id)
    if (found === undefined) throw new Error(`cosigner: unknown run "${id}"`)
    return found
  }
  const newId = () => bytesToHex(randomBytes(16))

  return {
    engine,
    contexts,
    expireSessions() {
      for (const [token, s] of sessions) sessions.set(token, { ...s, expiresAt: 0 })
    },

    async login(proof) {
      const subject =
        proof.kind === 'oidc'
          ? `oidc:test:${proof.idToken.split('.')[1] ?? ''}`
          : `${proof.kind}:test`
      const session = { token: newId(), expiresAt: now() + 15 * 60_000, subject }
      sessions.set(session.token, session)
      return session
    },

    dkg: {
      async open(session, request) {
        check(session)
        if (keys.has(request.keyId)) throw new Error(`cosigner: key "${request.keyId}" exists`)
        const channel = await engine.createBackupKey()
        const id = newId()
        dkgRuns.set(id, { request, channel })
        return { run: id, channelKey: channel.publicKey }
      },
      // The party is one round ahead: it answers with the messages of the round before the one
      // it just ran, so the device always receives exactly the round it needs next.
      async step(session, id, messages) {
        check(session)
        const r = run(dkgRuns, id)
        let answer: readonly DkgMessage[]
        if (r.session === undefined) {
          const { channelKey, ...request } = r.request
          const started = await engine.dkgStart({
            ...request,
            index: 2,
            online: [1, 2],
            channel: { key: r.channel.handle, peers: { 1: channelKey } },
          })
          r.session = started.session
          answer = started.messages
        } else {
          answer = r.ahead ?? []
        }
        const next = await engine.dkgStep(r.session, [...messages])
        if (next.done) {
          keys.set(r.request.keyId, next.key.handle)
          dkgRuns.delete(id)
          await engine.dropBackupKey(r.channel.handle)
          return { done: true, messages: answer }
        }
        r.ahead = next.messages
        return { done: false, messages: answer }
      },
      async stored(session) {
        check(session)
      },
      abort(id) {
        dkgRuns.delete(id)
      },
    },

    sign: {
      async open(session, request) {
        check(session)
        contexts.push(request.context)
        const opened = await engine.dklsOpen(keyHandle(request.keyId), {
          signers: [1, 2],
          path: request.path,
        })
        const round1 = await engine.dklsRound1(opened.session, { 1: request.nonce })
        const id = newId()
        signRuns.set(id, { session: opened.session, messageHash: request.messageHash.slice() })
        return { run: id, nonce: opened.nonce, round1 }
      },
      async finish(session, id, ours) {
        check(session)
        const r = run(signRuns, id)
        signRuns.delete(id)
        const round2: SignMessage[] = await engine.dklsRound2(r.session, [...ours.round1])
        await engine.dklsRound3(r.session, [...ours.round2])
        const round3 = await engine.dklsSign(r.session, r.messageHash)
        return { round2, round3 }
      },
      async complete(session) {
        check(session)
      },
      abort(id) {
        signRuns.delete(id)
      },
    },

    presign: {
      async open(session, request) {
        check(session)
        const opened = await engine.dklsOpen(keyHandle(request.keyId), {
          signers: [1, 2],
          path: request.path,
        })
        const round1 = await engine.dklsRound1(opened.session, { 1: request.nonce })
        const id = newId()
        signRuns.set(id, { session: opened.session, messageHash: new Uint8Array(32) })
        return { run: id, nonce: opened.nonce, round1 }
      },
      async finish(session, id, ours) {
        check(session)
        const r = run(signRuns, id)
        signRuns.delete(id)
        const round2: SignMessage[] = await engine.dklsRound2(r.session, [...ours.round1])
        const { presignature } = await engine.dklsPresign(r.session, [...ours.round2])
        return { round2, presignature }
      },
      abort(id) {
        signRuns.delete(id)
      },
      async sign(session, request) {
        check(session)
        contexts.push(request.context)
        const { messages } = await engine.dklsSignWithPresignature(
          keyHandle(request.keyId),
          request.presignature,
          request.messageHash,
        )
        return messages
      },
    },

    frost: {
      async open(session, request) {
        check(session)
        contexts.push(request.context)
        const handle = keyHandle(request.keyId)
        const { nonceSession, commitment } = await engine.frostCommit(handle)
        const commitments = [request.commitment, commitment].sort((a, b) => a.index - b.index)
        const id = newId()
        frostRuns.set(id, { handle, nonceSession, request, commitments })
        return { run: id, commitment }
      },
      async finish(session, id, share) {
        check(session)
        const r = run(frostRuns, id)
        frostRuns.delete(id)
        const at = { commitments: r.commitments, message: r.request.message, path: r.request.path }
        const ours = await engine.frostSign(r.handle, { ...at, nonceSession: r.nonceSession })
        return engine.frostAggregate(r.handle, at, [share, ours])
      },
      abort(id) {
        frostRuns.delete(id)
      },
    },
  }
}
