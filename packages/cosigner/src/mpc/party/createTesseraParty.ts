/**
 * The co-signer's MpcParty on @tessera/mpc: which protocols it serves on `/v1/mpc`, which of
 * them change a share (run under the key lock), and the run for each (createParty.ts opens,
 * locks, authorizes and audits them).
 */
import { createParty } from './createParty.ts'
import { dkgRun } from './dkgRun.ts'
import { dklsPresignRun, dklsSignRun } from './dklsSignRun.ts'
import { frostSignRun } from './frostSignRun.ts'
import { keyExportRun } from './keyExportRun.ts'
import { otSetupRun } from './otSetupRun.ts'
import type { MpcPartyFactory, ServedProtocol } from './partyServices.ts'
import { reshareRun } from './reshareRun.ts'

const SERVED: Record<string, ServedProtocol> = {
  dkg: { shareChanging: true, run: dkgRun },
  'dkls23-setup': { shareChanging: true, run: otSetupRun },
  'dkls23-presign': { shareChanging: false, run: dklsPresignRun },
  'dkls23-sign': { shareChanging: false, run: dklsSignRun },
  'frost-sign': { shareChanging: false, run: frostSignRun },
  refresh: { shareChanging: true, run: (d, c) => reshareRun(d, c, 'refresh') },
  recovery: { shareChanging: true, run: (d, c) => reshareRun(d, c, 'recovery') },
  'key-export': { shareChanging: false, run: keyExportRun },
}

export const createTesseraParty: MpcPartyFactory = (services) => createParty(SERVED, services)
