/**
 * Test/bench-only harness: runs every online party of a DKG in memory and routes messages, with a
 * hook to tamper with or drop messages in flight. Not exported from the package.
 */
import { generateEncryptionKey } from '../backup/ecies.ts'
import { dkgCommit } from '../dkg/dkgCommit.ts'
import { dkgConfirm } from '../dkg/dkgConfirm.ts'
import { dkgFinish } from '../dkg/dkgFinish.ts'
import { dkgReveal } from '../dkg/dkgReveal.ts'
import { dkgStart } from '../dkg/dkgStart.ts'
import { importOfflineShare } from '../dkg/importOfflineShare.ts'
import type { KeyShare } from '../dkg/keyShare.ts'
import type { DkgMessage, DkgState, DkgTranscript } from '../dkg/types.ts'
import type { PairOtState } from '../dkls23/pairState.ts'
import type { CurveName } from '../encoding/curve.ts'
import type { Rng } from '../encoding/random.ts'

export type Tamper = (msg: DkgMessage) => DkgMessage | DkgMessage[] | undefined

export type HarnessResult = {
  shares: Map<number, KeyShare>
  transcript: DkgTranscript
  /** secp256k1: pairs[i][j] is online party i's OT state toward online party j. */
  pairs: Record<number, Record<number, PairOtState>>
  offlineKeys: Map<number, { secretKey: Uint8Array; publicKey: Uint8Array }>
}

export function runDkg(options: {
  curve: CurveName
  t: number
  n: number
  online?: number[]
  keyId?: string
  rng?: Rng
  /**
   * secp256k1: run the pairwise OT setup inside the DKG (the production default). Off unless asked
   * for here: about a second per pair, and only the tests that sign or attack it need it.
   */
  pairSetup?: boolean
  tamper?: Tamper
  /** The order in which parties process a round (the first to fail throws). */
  order?: number[]
  /** A malicious party: mutate its state and outgoing messages after a step (1 = start). */
  corrupt?: (index: number, step: number, states: Map<number, DkgState>, out: DkgMessage[]) => void
}): HarnessResult {
  const { curve, t, n } = options
  const online = options.online ?? Array.from({ length: n }, (_, k) => k + 1)
  const offlineIdx = Array.from({ length: n }, (_, k) => k + 1).filter((k) => !online.includes(k))
  const offlineKeys = new Map(offlineIdx.map((k) => [k, generateEncryptionKey(options.rng)]))
  const offline = offlineIdx.map((k) => ({
    index: k,
    encryptionKey: (offlineKeys.get(k) as { publicKey: Uint8Array }).publicKey,
  }))
  const states = new Map<number, DkgState>()
  let outbox: DkgMessage[] = []
  for (const index of online) {
    const { state, messages } = dkgStart({
      curve,
      keyId: options.keyId ?? 'harness-key',
      t,
      n,
      index,
      online,
      offline,
      pairSetup: options.pairSetup === true,
      ...(options.rng === undefined ? {} : { rng: options.rng }),
    })
    states.set(index, state)
    options.corrupt?.(index, 1, states, messages)
    outbox.push(...messages)
  }
  const deliver = (msgs: DkgMessage[]): Map<number, DkgMessage[]> => {
    const inbox = new Map<number, DkgMessage[]>(online.map((p) => [p, []]))
    for (const m of msgs) {
      const out = options.tamper === undefined ? m : options.tamper(m)
      const list = out === undefined ? [] : Array.isArray(out) ? out : [out]
      for (const x of list) inbox.get(x.to)?.push(x)
    }
    return inbox
  }
  const order = options.order ?? online
  const rounds = [dkgCommit, dkgReveal, dkgConfirm] as const
  for (const [at, step] of rounds.entries()) {
    const inbox = deliver(outbox)
    outbox = []
    for (const index of order) {
      const { messages } = step(states.get(index) as DkgState, inbox.get(index) ?? [])
      options.corrupt?.(index, at + 2, states, messages as DkgMessage[])
      outbox.push(...(messages as DkgMessage[]))
    }
  }
  const inbox = deliver(outbox)
  const shares = new Map<number, KeyShare>()
  const pairs: Record<number, Record<number, PairOtState>> = {}
  let transcript: DkgTranscript | undefined
  for (const index of order) {
    const out = dkgFinish(states.get(index) as DkgState, inbox.get(index) ?? [])
    shares.set(index, out.keyShare)
    pairs[index] = out.pairs
    transcript = out.transcript
  }
  const tr = transcript as DkgTranscript
  for (const [k, key] of offlineKeys) shares.set(k, importOfflineShare(tr, k, key.secretKey))
  return { shares, transcript: tr, pairs, offlineKeys }
}
