/**
 * Test utility: a fuzzing signer's connection to `/v1/mpc` — the Node client (mpcClient.ts) plus
 * the channel model (channelModel.ts) that predicts each answer. `feed` sends one decrypted frame
 * text and checks the co-signer's reaction against the prediction: the exact close, the error
 * code (and message when the model knows it), silence, or a run's answer or error. It waits for
 * every answer before returning (events only, never time), so the model stays exact.
 */

import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import {
  decodeCosignerFrame,
  type CosignerErrorCode as ErrorCode,
  encodeCosignerFrame,
  type CosignerDataFrame as Frame,
  COSIGNER_RETRYABLE_CODES as RETRYABLE_CODES,
  splitCosignerFrame,
  COSIGNER_CHANNEL_RULES as WIRE,
} from '@tessera/protocol/cosigner'
import WebSocket from 'ws'
import type { MpcProtocolInfo } from '../mpc/mpcParty.ts'
import { type ChannelModel, channelModel } from './channelModel.ts'
import { connectMpc, type MpcTestClient } from './mpcClient.ts'

export type Reaction =
  | { kind: 'closed'; code: number; reason: string }
  | { kind: 'frame'; frame: Record<string, unknown> }

export interface FuzzConnection {
  readonly client: MpcTestClient
  readonly model: ChannelModel
  dead: boolean
  next(): Promise<Reaction>
}

export async function openFuzzConnection(
  cosigner: { mpcUrl: string; noiseStaticKey: string },
  token: string,
  protocols: readonly MpcProtocolInfo[],
  maxStreams: number,
): Promise<FuzzConnection> {
  const client = connectMpc(cosigner.mpcUrl, cosigner.noiseStaticKey, token)
  await client.ready
  const closed = client.closed.then(
    ({ code, reason }): Reaction => ({ kind: 'closed', code, reason }),
  )
  return {
    client,
    model: channelModel(protocols, maxStreams),
    dead: false,
    next: () =>
      Promise.race([client.next().then((frame): Reaction => ({ kind: 'frame', frame })), closed]),
  }
}

/** The largest frame one Noise message carries (65535 − 16-byte tag). */
export const MAX_PLAINTEXT = WIRE.maxFrameBytes

/** Encoded frames for one logical frame: itself, or its chunks when its payload is large. */
export function frameTexts(frame: Frame): Uint8Array[] {
  return splitCosignerFrame(frame).map(encodeCosignerFrame)
}

/** Opens a bare WebSocket to `url`, sends `messages` in order and resolves with the close. */
export function rawExchange(
  url: string,
  messages: readonly (Uint8Array | string)[],
): Promise<{ code: number; reason: string; frames: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    let frames = 0
    ws.on('open', () => {
      for (const m of messages) ws.send(m, { binary: typeof m !== 'string' })
    })
    ws.on('message', () => {
      frames++
    })
    ws.on('error', () => {})
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), frames }))
    ws.on('unexpected-response', () => reject(new Error('upgrade refused')))
  })
}

/** What the fuzz saw: close codes, error codes, and the shapes of run failures. */
export interface Tally {
  closes: Map<number, number>
  errors: Map<string, number>
  /** PartyFailed details with numbers and hex masked, counted. */
  details: Map<string, number>
  answers: number
  /** Frame texts sent through `feed`. */
  frames: number
}

export const newTally = (): Tally => ({
  closes: new Map(),
  errors: new Map(),
  details: new Map(),
  answers: 0,
  frames: 0,
})

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1)

/** Codes documented in README "The MPC channel" (docs/SESSION.md#signer--co-signer). */
export const DOCUMENTED_CLOSES: ReadonlySet<number> = new Set([4400, 4401, 1009])
export const DOCUMENTED_ERRORS: ReadonlySet<string> = new Set([
  'UnknownProtocol',
  'OutOfOrder',
  'SidReused',
  'TooManyStreams',
  'KeyBusy',
  'RoundTimeout',
  'PartyFailed',
  'PolicyDenied',
  'Malformed',
  'TooLarge',
  'DuplicateChunk',
])
/** A run's own refusals (the others come from the channel before any run). */
const RUN_ERRORS: ReadonlySet<string> = new Set(['PartyFailed', 'PolicyDenied', 'KeyBusy'])

/** What a JavaScript engine, a driver or SQL says when code failed to validate its input. */
export const INTERNAL =
  /Cannot read propert|is not a function|is not iterable|is not defined|Cannot convert|Maximum call stack|Invalid array length|Cannot destructure|undefined is not|null is not|Do not know how to serialize|Cannot mix BigInt|Cannot create property|Unexpected token|duplicate key|violates|syntax error|invalid input|relation "|unknown error|out of memory|Invalid typed array/

export class FuzzMismatch extends Error {
  override name = 'FuzzMismatch'
}

export type FeedResult =
  | { kind: 'closed' | 'silent' }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'answer'; frame: Frame; payload: Uint8Array }

const show = (value: unknown) => JSON.stringify(value)?.slice(0, 400)

function checkError(
  error: { code?: unknown; message?: unknown; retryable?: unknown },
  tally: Tally,
): { code: string; message: string } {
  const { code, message, retryable } = error
  if (typeof code !== 'string' || !DOCUMENTED_ERRORS.has(code))
    throw new FuzzMismatch(`undocumented error code ${show(error)}`)
  if (typeof message !== 'string' || message === '' || INTERNAL.test(message))
    throw new FuzzMismatch(`imprecise error message ${show(error)}`)
  if (utf8ToBytes(message).length > WIRE.maxErrorMessageBytes)
    throw new FuzzMismatch(`error message longer than ${WIRE.maxErrorMessageBytes} bytes`)
  if (retryable !== RETRYABLE_CODES.has(code as ErrorCode))
    throw new FuzzMismatch(`"retryable" wrong for ${show(error)}`)
  bump(tally.errors, code)
  return { code, message }
}

/**
 * Sends one frame text and checks the co-signer's reaction against the model's prediction;
 * throws FuzzMismatch (with what was expected and what came) on any difference.
 */
export async function feed(
  conn: FuzzConnection,
  text: Uint8Array,
  tally: Tally,
): Promise<FeedResult> {
  const p = conn.model.predict(text)
  conn.client.sendPlain(text)
  tally.frames++
  if (p.kind === 'silent') return { kind: 'silent' }
  const got = await conn.next()
  if (got.kind === 'closed') {
    conn.dead = true
    bump(tally.closes, got.code)
    if (p.kind !== 'close' || got.code !== p.code || got.reason !== p.reason)
      throw new FuzzMismatch(`expected ${show(p)}, the socket closed: ${show(got)}`)
    return { kind: 'closed' }
  }
  if (p.kind === 'close')
    throw new FuzzMismatch(`expected close ${show(p)}, got frame ${show(got.frame)}`)
  const f = got.frame
  const where = p.kind === 'run' ? p.frame : (decodeCosignerFrame(text) as Frame)
  if (f.sid !== where.sid || f.protocol !== where.protocol || f.round !== where.round)
    throw new FuzzMismatch(`answer ${show(f)} is not for ${show({ ...where, payload: undefined })}`)
  const error = f.error as { code?: unknown; message?: unknown; retryable?: unknown } | undefined
  if (p.kind === 'error') {
    if (
      error === undefined ||
      error.code !== p.code ||
      (p.message !== undefined && error.message !== p.message)
    )
      throw new FuzzMismatch(`expected ${show(p)}, got ${show(f)}`)
    return { kind: 'error', ...checkError(error, tally) }
  }
  if (error !== undefined) {
    const checked = checkError(error, tally)
    if (!RUN_ERRORS.has(checked.code))
      throw new FuzzMismatch(`a run answered with channel error ${show(error)}`)
    if (checked.code === 'PartyFailed') {
      const prefix = `the co-signer's ${where.protocol} run failed at round ${where.round}: `
      if (!checked.message.startsWith(prefix))
        throw new FuzzMismatch(`PartyFailed without its run: ${show(error)}`)
      const shape = checked.message
        .slice(prefix.length)
        .replace(/[0-9a-f]{16,}/g, '<hex>')
        .replace(/[0-9]+/g, '#')
        .slice(0, 90)
      bump(tally.details, `${where.protocol}: ${shape}`)
    }
    conn.model.answered(where.sid, true)
    return { kind: 'error', ...checked }
  }
  if (typeof f.payload !== 'string') throw new FuzzMismatch(`answer without payload ${show(f)}`)
  tally.answers++
  conn.model.answered(where.sid, false)
  return { kind: 'answer', frame: p.frame, payload: base64urlnopad.decode(f.payload) }
}
