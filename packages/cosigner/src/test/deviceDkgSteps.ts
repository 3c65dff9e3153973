/**
 * Test utility: the device's side of the co-signer's `dkg` (party 1, with @tessera/mpc's round
 * functions) one channel round at a time, so a test can stop after any round as a crash or a
 * dropped socket would. Keeps what a real device keeps across such a stop: its share once it
 * finished, and the run's ok hash H("dkg/ok", …) — its `pendingAck` — from its own round-4
 * message. Mirrors the round layout of mpc/party/stagedRun.ts.
 */

import { type CosignerConnection, exchangeRound } from '@tessera/cosigner-client'
import {
  type DkgState,
  type DkgTranscript,
  dkgCommit,
  dkgConfirm,
  dkgFinish,
  dkgReveal,
  dkgStart,
  type KeyShare,
} from '@tessera/mpc'

const COSIGNER = 2
type Msg = { to: number; from: number; round: number; payload: Record<string, unknown> }
const messagesOf = (reply: { messages?: readonly unknown[] }) =>
  (reply.messages ?? []) as unknown as Msg[]
const ofRound = (all: readonly Msg[], round: number) => all.filter((m) => m.round === round)
const toCosigner = (all: readonly unknown[]) => (all as Msg[]).filter((m) => m.to === COSIGNER)

export interface DeviceDkg {
  readonly sid: string
  /** Rounds the co-signer answered so far. */
  answered: number
  /** Once the device finished (after the co-signer's round-2 answer). */
  share?: KeyShare
  transcript?: DkgTranscript
  /** The run's ok hash, from the device's own round-4 message. */
  ok?: Uint8Array
  /** The co-signer's answer to the last round sent. */
  last?: unknown
}

/**
 * Runs the device's DKG rounds 1..`rounds` (4 is the whole DKG) and returns what it holds; the
 * caller then drops the channel to simulate a stop after that round's answer.
 */
export async function deviceDkgRounds(
  channel: CosignerConnection,
  options: { keyId: string; curve: 'secp256k1' | 'ed25519'; backupKey: Uint8Array },
  rounds: 1 | 2 | 3 | 4,
): Promise<DeviceDkg> {
  const offline = [{ index: 3, encryptionKey: options.backupKey }]
  const params = { curve: options.curve, keyId: options.keyId, t: 2, n: 3, online: [1, 2] }
  const started = dkgStart({ ...params, offline, index: 1 })
  const state: DkgState = started.state
  const stream = channel.stream('dkg')
  const run: DeviceDkg = { sid: stream.sid, answered: 0 }
  const done = <T>(round: number, reply: T): T => {
    run.last = reply
    run.answered = round
    return reply
  }
  const mine1 = toCosigner(started.messages)
  const first = { curve: params.curve, t: 2, n: 3, online: params.online, offline, messages: mine1 }
  const a = done(
    1,
    await exchangeRound(stream, 'dkg', 1, { variant: 'start', ...first }, options.keyId),
  )
  if (a.variant !== 'started') throw new Error('the co-signer did not start the DKG')
  if (rounds === 1) return run
  const mine2 = toCosigner(dkgCommit(state, ofRound(messagesOf(a), 1)).messages)
  const mine3 = toCosigner(dkgReveal(state, ofRound(messagesOf(a), 2)).messages)
  const b = done(2, await exchangeRound(stream, 'dkg', 2, { messages: [...mine2, ...mine3] }))
  const mine4 = toCosigner(dkgConfirm(state, ofRound(messagesOf(b), 3)).messages)
  const ok = mine4[0]?.payload.ok
  if (!(ok instanceof Uint8Array))
    throw new Error('the device has no round-4 message to the co-signer')
  run.ok = ok.slice()
  const finished = dkgFinish(state, ofRound(messagesOf(b), 4))
  run.share = finished.keyShare
  run.transcript = finished.transcript
  if (rounds === 2) return run
  done(3, await exchangeRound(stream, 'dkg', 3, { messages: mine4 }))
  if (rounds === 3) return run
  done(4, await exchangeRound(stream, 'dkg', 4, { stored: true }))
  return run
}
