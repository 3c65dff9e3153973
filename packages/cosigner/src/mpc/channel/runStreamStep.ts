/**
 * One step of a sub-stream: the party opens the run on round 1 (taking its key lock when the
 * protocol changes a share), then the round is stepped and answered, and the next round is
 * awaited under the round timeout. A final answer or error leaves once the stream ended (its
 * key free again), so the signer may start the next run of the key as soon as it has it.
 * Nothing escapes a step: a bug ends the stream and is logged.
 */
import { splitCosignerFrame } from '@tessera/protocol/cosigner'
import { CosignerError, PolicyDeniedError } from '../../errors.ts'
import type { Session } from '../../jwt/sessionToken.ts'
import type { MpcOpenRun } from '../mpcParty.ts'
import type { ChannelOutput } from './channelOutput.ts'
import type { ChannelDeps, Frame, Stream } from './channelTypes.ts'

/** What a step needs from the stream table it runs in. */
export interface StreamHost {
  readonly deps: ChannelDeps
  readonly session: Session
  readonly out: ChannelOutput
  isOpen(sid: string, stream: Stream): boolean
  /** Resolves once the run is closed; `fromStep`: called by the stream's own settled step. */
  endStream(
    sid: string,
    stream: Stream,
    reason: string | undefined,
    fromStep?: boolean,
  ): Promise<void>
}

export function startStep(host: StreamHost, sid: string, stream: Stream, frame: Frame) {
  stream.stepping = runStep(host, sid, stream, frame).catch((error: unknown) => {
    // Nothing may escape a step: it would end the process. Report it and end the stream.
    host.deps.log.error('mpc_step_crashed', { protocol: frame.protocol, error: String(error) })
    void host.endStream(sid, stream, 'internal error')
  })
}

/** The run's key lock was lost: it cannot go on safely. */
function lost(host: StreamHost, sid: string, stream: Stream, message: string) {
  if (!host.isOpen(sid, stream)) return
  const where = { sid, protocol: stream.protocol, round: stream.expectedRound - 1 }
  host.out.sendError(where, 'KeyBusy', message)
  void host.endStream(sid, stream, 'lock lapsed')
}

async function openRun(
  host: StreamHost,
  sid: string,
  stream: Stream,
  frame: Frame,
): Promise<MpcOpenRun | undefined> {
  const { sub, dapp } = host.session
  let run: MpcOpenRun
  try {
    run = await host.deps.party.open({
      sid,
      protocol: frame.protocol,
      identity: sub,
      dappId: dapp,
      keyId: frame.keyId,
      signal: stream.controller.signal,
      onLost: (message) => lost(host, sid, stream, message),
    })
  } catch (error) {
    if (!(error instanceof CosignerError && error.code === 'KeyBusy')) throw error
    await host.endStream(sid, stream, undefined, true)
    host.out.sendError(
      { sid, protocol: frame.protocol, round: frame.round },
      'KeyBusy',
      error.message,
    )
    return undefined
  }
  stream.run = run
  // Ended while opening: the stream's end closes the run once this step settled.
  if (stream.ended !== undefined) run.abort(stream.ended)
  return run
}

async function runStep(host: StreamHost, sid: string, stream: Stream, frame: Frame) {
  const { deps, out } = host
  const where = { sid, protocol: frame.protocol, round: frame.round }
  try {
    const run = stream.run ?? (await openRun(host, sid, stream, frame))
    if (run === undefined || !host.isOpen(sid, stream)) return
    const result = await run.step(frame.round, frame.payload)
    if (!host.isOpen(sid, stream)) return
    const answer: Frame = { type: 'data', ...where, payload: result.payload ?? new Uint8Array(0) }
    if (result.done) {
      splitCosignerFrame(answer)
      await host.endStream(sid, stream, undefined, true)
      return out.sendFrame(answer)
    }
    out.sendFrame(answer)
    stream.busy = false
    stream.timer = setTimeout(() => {
      out.sendError(
        { sid, protocol: frame.protocol, round: stream.expectedRound },
        'RoundTimeout',
        `no round ${stream.expectedRound} within ${deps.roundTimeoutMs} ms; the run is aborted`,
      )
      void host.endStream(sid, stream, 'round timeout')
    }, deps.roundTimeoutMs)
  } catch (error) {
    if (!host.isOpen(sid, stream)) return
    if (error instanceof PolicyDeniedError) {
      await host.endStream(sid, stream, 'policy denied', true)
      return out.sendError(where, 'PolicyDenied', error.message)
    }
    const message = error instanceof Error ? error.message : 'unknown error'
    deps.log.warn('mpc_run_failed', {
      protocol: frame.protocol,
      round: frame.round,
      error: message,
    })
    await host.endStream(sid, stream, 'party failed', true)
    out.sendError(
      where,
      'PartyFailed',
      `the co-signer's ${frame.protocol} run failed at round ${frame.round}: ${message}`,
      error instanceof CosignerError ? { kind: error.kind, culprit: error.culprit } : {},
    )
  }
}
