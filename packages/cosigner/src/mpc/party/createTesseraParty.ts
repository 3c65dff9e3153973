/**
 * The co-signer's MpcParty on @tessera/mpc: which protocols it serves on `/v1/mpc`, which of
 * them change a share (run under the key lock), and the run for each. Every failure is audited
 * as `mpc-abort` (policy denials are audited by the policy itself) and reported with the
 * @tessera/mpc error kind and culprit when there is one.
 */
import { MpcError } from '@tessera/mpc'
import { CosignerFrameError } from '@tessera/protocol/cosigner'
import { CosignerError, PolicyDeniedError } from '../../errors.ts'
import type { MpcParty, MpcRun, MpcRunContext } from '../mpcParty.ts'
import { dkgRun } from './dkgRun.ts'
import { dklsPresignRun, dklsSignRun } from './dklsSignRun.ts'
import { frostSignRun } from './frostSignRun.ts'
import { otSetupRun } from './otSetupRun.ts'
import type { PartyDeps } from './partyRecords.ts'
import { reshareRun } from './reshareRun.ts'

const RUNS: Record<
  string,
  { shareChanging: boolean; run: (d: PartyDeps, c: MpcRunContext) => MpcRun }
> = {
  dkg: { shareChanging: true, run: dkgRun },
  'dkls23-setup': { shareChanging: true, run: otSetupRun },
  'dkls23-presign': { shareChanging: false, run: dklsPresignRun },
  'dkls23-sign': { shareChanging: false, run: dklsSignRun },
  'frost-sign': { shareChanging: false, run: frostSignRun },
  refresh: { shareChanging: true, run: (d, c) => reshareRun(d, c, 'refresh') },
  recovery: { shareChanging: true, run: (d, c) => reshareRun(d, c, 'recovery') },
}

/** The error reported to the signer: a protocol failure keeps its kind and culprit as fields. */
function describe(error: unknown): Error {
  if (error instanceof MpcError)
    return new CosignerError('ProtocolFailed', error.message, {
      cause: error,
      kind: error.code,
      ...(error.culprit === undefined ? {} : { culprit: error.culprit }),
    })
  // A round payload that does not decode (named by protocol, round and field).
  if (error instanceof CosignerFrameError)
    return new CosignerError('BadRequest', error.shortMessage, { cause: error })
  return error instanceof Error ? error : new Error(String(error))
}

export function createTesseraParty(deps: PartyDeps): MpcParty {
  return {
    protocols: Object.entries(RUNS).map(([name, r]) => ({ name, shareChanging: r.shareChanging })),
    start(context) {
      const entry = RUNS[context.protocol]
      if (entry === undefined) throw new Error(`no MPC party serves "${context.protocol}"`)
      const run = entry.run(deps, context)
      return {
        async step(round, payload) {
          try {
            return await run.step(round, payload)
          } catch (error) {
            if (error instanceof PolicyDeniedError) throw error
            const reported = describe(error)
            await context
              .audit('mpc-abort', {
                protocol: context.protocol,
                keyId: context.keyId ?? null,
                round,
                error: reported.message,
                ...(reported instanceof CosignerError && reported.kind !== undefined
                  ? { kind: reported.kind, culprit: reported.culprit ?? null }
                  : {}),
              })
              .catch(() => {})
            throw reported
          }
        },
        abort(reason) {
          run.abort(reason)
        },
      }
    },
  }
}
