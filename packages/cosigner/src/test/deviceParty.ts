/**
 * Test utility: the device's side (party 1, and the backup, party 3, during recovery) of every
 * protocol the co-signer serves, with @tessera/mpc's pure round functions, over a SignerChannel.
 * Mirrors the co-signer's round layout (mpc/party/stagedRun.ts and friends): the device routes
 * messages between its own local parties and sends the co-signer only what is addressed to 2.
 */
import { randomBytes } from 'node:crypto'
import {
  createSignSession,
  type DkgState,
  type DkgTranscript,
  dkgCommit,
  dkgConfirm,
  dkgFinish,
  dkgReveal,
  dkgStart,
  type EcdsaSignature,
  type FrostCommitment,
  finishPairSetup,
  frostCommit,
  frostSignShare,
  type KeyShare,
  memoryNonceStore,
  type PairOtState,
  type Presignature,
  type PublicKeyState,
  type ReshareState,
  type ReshareTranscript,
  recoveryHelperStart,
  recoveryTargetStart,
  refreshStart,
  reshareCommit,
  reshareConfirm,
  reshareFinish,
  reshareReveal,
  respondPairSetup,
  type SignMessage,
  startPairSetup,
} from '@tessera/mpc'
import type { SigningRequest } from '../policy/decodeRequest.ts'
import type { Reply, SignerChannel } from './signerChannel.ts'

const COSIGNER = 2
type Msg = { to: number; from: number; round: number }

const messagesOf = (reply: Reply) => (reply.messages ?? []) as unknown as Msg[]
const forIndex = (all: readonly Msg[], to: number) => all.filter((m) => m.to === to)
const ofRound = (all: readonly Msg[], round: number) => all.filter((m) => m.round === round)

interface Stepper<S, R> {
  commit(s: S, inbound: unknown[]): { messages: unknown[] }
  reveal(s: S, inbound: unknown[]): { messages: unknown[] }
  confirm(s: S, inbound: unknown[]): { messages: unknown[] }
  finish(s: S, inbound: unknown[]): R
}

/** Drives local parties through the five steps against the co-signer (rounds 1–3). */
async function runStaged<S, R>(
  channel: SignerChannel,
  protocol: string,
  keyId: string,
  first: Record<string, unknown>,
  locals: Map<number, { state: S; messages: unknown[] }>,
  steps: Stepper<S, R>,
  sendLast = true,
): Promise<{ results: Map<number, R>; sid: string; last: Reply | undefined }> {
  const sid = channel.newSid()
  const indices = [...locals.keys()]
  const state = (i: number) => (locals.get(i) as { state: S }).state
  const local1 = [...locals.values()].flatMap((l) => l.messages) as Msg[]
  const a = await channel.exchange(
    sid,
    protocol,
    1,
    { ...first, messages: forIndex(local1, COSIGNER) },
    keyId,
  )
  const theirs12 = messagesOf(a)
  const in1 = [...ofRound(theirs12, 1), ...local1]
  const local2 = indices.flatMap((i) => steps.commit(state(i), forIndex(in1, i)).messages) as Msg[]
  const in2 = [...ofRound(theirs12, 2), ...local2]
  const local3 = indices.flatMap((i) => steps.reveal(state(i), forIndex(in2, i)).messages) as Msg[]
  const b = await channel.exchange(sid, protocol, 2, {
    messages: [...forIndex(local2, COSIGNER), ...forIndex(local3, COSIGNER)],
  })
  const theirs34 = messagesOf(b)
  const in3 = [...ofRound(theirs34, 3), ...local3]
  const local4 = indices.flatMap((i) => steps.confirm(state(i), forIndex(in3, i)).messages) as Msg[]
  const in4 = [...ofRound(theirs34, 4), ...local4]
  const results = new Map(indices.map((i) => [i, steps.finish(state(i), forIndex(in4, i))]))
  if (!sendLast) return { results, sid, last: undefined }
  const last = await channel.exchange(sid, protocol, 3, { messages: forIndex(local4, COSIGNER) })
  return { results, sid, last }
}

export async function deviceDkg(
  channel: SignerChannel,
  options: { keyId: string; curve: 'secp256k1' | 'ed25519'; backupKey: Uint8Array },
): Promise<{ share: KeyShare; transcript: DkgTranscript; pair?: PairOtState }> {
  const offline = [{ index: 3, encryptionKey: options.backupKey }]
  const params = { curve: options.curve, keyId: options.keyId, t: 2, n: 3, online: [1, 2], offline }
  const started = dkgStart({ ...params, index: 1 })
  const { results, sid } = await runStaged<DkgState, ReturnType<typeof dkgFinish>>(
    channel,
    'dkg',
    options.keyId,
    { curve: params.curve, t: 2, n: 3, online: params.online, offline },
    new Map([[1, started]]),
    { commit: dkgCommit, reveal: dkgReveal, confirm: dkgConfirm, finish: dkgFinish },
  )
  const result = results.get(1) as ReturnType<typeof dkgFinish>
  // The share is "stored" here (the test keeps it); only then does the key become active.
  await channel.exchange(sid, 'dkg', 4, { stored: true })
  // secp256k1: our OT state toward the co-signer, set up inside the DKG's rounds.
  const pair = result.pairs[2]
  return {
    share: result.keyShare,
    transcript: result.transcript,
    ...(pair === undefined ? {} : { pair }),
  }
}

/** `pendingAck`: completes a refresh to `share.epoch` that was interrupted after the device switched. */
export async function deviceOtSetup(
  channel: SignerChannel,
  share: KeyShare,
  pendingAck?: Uint8Array,
): Promise<PairOtState> {
  const sid = channel.newSid()
  const { message, state } = startPairSetup({
    self: 1,
    peer: COSIGNER,
    keyId: share.keyId,
    epoch: share.epoch,
    sid: Uint8Array.from(Buffer.from(sid, 'hex')),
  })
  const a = await channel.exchange(
    sid,
    'dkls23-setup',
    1,
    { epoch: share.epoch, message, ...(pendingAck === undefined ? {} : { pendingAck }) },
    share.keyId,
  )
  const answer = respondPairSetup(state, a.message as never)
  const pair = finishPairSetup(state, a.reply as never)
  await channel.exchange(sid, 'dkls23-setup', 2, { reply: answer })
  return pair
}

function openSession(share: KeyShare, pair: PairOtState, nonce: Uint8Array, theirs: Uint8Array) {
  return createSignSession({
    share,
    signers: [1, COSIGNER],
    pairs: { [COSIGNER]: pair },
    nonces: { 1: nonce, [COSIGNER]: theirs },
  })
}

const noop = { markConsumed: async () => {} }

function checkSame(ours: EcdsaSignature, reply: Reply): EcdsaSignature {
  const theirs = reply.signature as Uint8Array
  if (Buffer.compare(Buffer.from(theirs), Buffer.from(ours.compact)) !== 0)
    throw new Error('the co-signer combined another signature')
  return ours
}

/** Online DKLs23 signature of `digest` (which the test computed from `request` itself). */
export async function deviceSign(
  channel: SignerChannel,
  args: { share: KeyShare; pair: PairOtState; request: SigningRequest; digest: Uint8Array },
): Promise<EcdsaSignature> {
  const sid = channel.newSid()
  const nonce = new Uint8Array(randomBytes(32))
  const { share } = args
  const a = await channel.exchange(sid, 'dkls23-sign', 1, {
    keyId: share.keyId,
    epoch: share.epoch,
    request: args.request,
    nonce,
  })
  const session = openSession(share, args.pair, nonce, a.nonce as Uint8Array)
  const r1 = session.round1()
  const r2 = session.round2(messagesOf(a) as unknown as SignMessage[])
  const b = await channel.exchange(sid, 'dkls23-sign', 2, { messages: [...r1, ...r2] })
  const theirs = messagesOf(b)
  const presig = session.round3(ofRound(theirs, 2) as unknown as SignMessage[])
  const r3 = await presig.sign(args.digest, noop)
  const signature = presig.combine(ofRound(theirs, 3) as unknown as SignMessage[])
  return checkSame(signature, await channel.exchange(sid, 'dkls23-sign', 3, { messages: r3 }))
}

/** A presignature with the co-signer: ours in memory, theirs sealed in its database. */
export async function devicePresign(
  channel: SignerChannel,
  share: KeyShare,
  pair: PairOtState,
): Promise<{ presignature: Presignature; id: string }> {
  const sid = channel.newSid()
  const nonce = new Uint8Array(randomBytes(32))
  const a = await channel.exchange(sid, 'dkls23-presign', 1, {
    keyId: share.keyId,
    epoch: share.epoch,
    nonce,
  })
  const session = openSession(share, pair, nonce, a.nonce as Uint8Array)
  const r1 = session.round1()
  const r2 = session.round2(messagesOf(a) as unknown as SignMessage[])
  const b = await channel.exchange(sid, 'dkls23-presign', 2, { messages: [...r1, ...r2] })
  const presignature = session.round3(messagesOf(b) as unknown as SignMessage[])
  const id = b.presignature as string
  if (id !== Buffer.from(presignature.id).toString('hex'))
    throw new Error('presignature ids differ')
  return { presignature, id }
}

export async function deviceSignWithPresignature(
  channel: SignerChannel,
  args: {
    share: KeyShare
    presignature: Presignature
    id: string
    request: SigningRequest
    digest: Uint8Array
  },
): Promise<EcdsaSignature> {
  const answer = await requestPresignedShare(channel, args)
  await args.presignature.sign(args.digest, noop)
  // combine verifies under PK′ before it returns.
  return args.presignature.combine(messagesOf(answer) as unknown as SignMessage[])
}

/** The one round trip of a presigned signature: the co-signer's (u, w), not yet combined. */
export function requestPresignedShare(
  channel: SignerChannel,
  args: { share: KeyShare; id: string; request: SigningRequest },
) {
  return channel.exchange(channel.newSid(), 'dkls23-sign', 1, {
    keyId: args.share.keyId,
    epoch: args.share.epoch,
    request: args.request,
    presignature: args.id,
  })
}

export async function deviceFrostSign(
  channel: SignerChannel,
  share: KeyShare,
  message: Uint8Array,
): Promise<Uint8Array> {
  const sid = channel.newSid()
  const store = memoryNonceStore()
  const ours = await frostCommit(share, { sessionId: sid, store })
  const a = await channel.exchange(sid, 'frost-sign', 1, {
    keyId: share.keyId,
    epoch: share.epoch,
    message,
    commitment: ours,
  })
  const commitments = [ours, a.commitment as unknown as FrostCommitment]
  const signatureShare = await frostSignShare(share, {
    sessionId: sid,
    store,
    commitments,
    message,
  })
  const b = await channel.exchange(sid, 'frost-sign', 2, { share: signatureShare })
  return b.signature as Uint8Array
}

const reshareSteps = {
  commit: reshareCommit,
  reveal: reshareReveal,
  confirm: reshareConfirm,
  finish: reshareFinish,
}

/**
 * Refresh with the co-signer: new device share at epoch e+1 and the transcript for the backup.
 * `interrupted`: the device switches but never sends round 3 (as when the co-signer is gone by
 * then), leaving the co-signer's new share pending.
 */
export async function deviceRefresh(
  channel: SignerChannel,
  share: KeyShare,
  backupKey: Uint8Array,
  options: { interrupted?: boolean } = {},
): Promise<{ share: KeyShare; transcript: ReshareTranscript }> {
  const started = refreshStart(share, {
    online: [1, COSIGNER],
    offline: [{ index: 3, encryptionKey: backupKey }],
  })
  const { results } = await runStaged<ReshareState, ReturnType<typeof reshareFinish>>(
    channel,
    'refresh',
    share.keyId,
    { epoch: share.epoch },
    new Map([[1, started]]),
    reshareSteps,
    options.interrupted !== true,
  )
  const out = results.get(1) as ReturnType<typeof reshareFinish>
  return { share: out.keyShare, transcript: out.transcript }
}

/** Recovery: the backup (3) and the co-signer re-share a new device share (1) at epoch e+1. */
export async function deviceRecover(
  channel: SignerChannel,
  backupShare: KeyShare,
  record: PublicKeyState,
): Promise<{ device: KeyShare; backup: KeyShare }> {
  const helpers = [COSIGNER, 3]
  const locals = new Map<number, { state: ReshareState; messages: unknown[] }>([
    [1, recoveryTargetStart({ record, index: 1, helpers })],
    [3, recoveryHelperStart(backupShare, { helpers, target: 1 })],
  ])
  const { results } = await runStaged<ReshareState, ReturnType<typeof reshareFinish>>(
    channel,
    'recovery',
    backupShare.keyId,
    { epoch: backupShare.epoch },
    locals,
    reshareSteps,
  )
  return {
    device: (results.get(1) as ReturnType<typeof reshareFinish>).keyShare,
    backup: (results.get(3) as ReturnType<typeof reshareFinish>).keyShare,
  }
}
