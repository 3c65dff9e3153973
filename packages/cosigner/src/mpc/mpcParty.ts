/**
 * The seam between the MPC channel and the protocol implementations (a later task implements
 * it with @tessera/mpc: DKG, DKLs23 signing and presigning, FROST, refresh, re-share). The
 * channel authenticates, frames, orders rounds, times them out and holds the key lock for
 * share-changing protocols; a party only computes its round answers. A party must never keep
 * secrets after `abort`, and must mark presignatures/nonces consumed (storage/presignatures.ts)
 * before returning a round that uses one.
 */
import type { AuditKind } from '../audit/auditHash.ts'
import type { DecodedRequest, SigningRequest } from '../policy/decodeRequest.ts'

export interface MpcProtocolInfo {
  /** Wire name, e.g. `dkg-secp256k1`, `dkls23-sign`, `frost-sign`, `refresh`. */
  readonly name: string
  /** Changes the stored share (DKG, refresh, re-share, recovery): run under the key lock. */
  readonly shareChanging: boolean
}

export interface MpcRunContext {
  readonly sid: string
  readonly protocol: string
  /** The session's identity (JWT `sub`) and dapp: the run may only touch this identity's keys. */
  readonly identity: string
  readonly dappId: string
  readonly keyId: string | undefined
  /** Aborted when the stream times out, fails or the socket closes. */
  readonly signal: AbortSignal
  /**
   * Decodes what is to be signed from its bytes, applies this identity's policy for this dapp
   * and audits the decision (policy/authorizeSigning.ts). A signing run must call it and sign
   * only the returned digest; a denial throws PolicyDeniedError, which the channel reports as
   * `PolicyDenied` with the rule.
   */
  authorize(request: SigningRequest): Promise<DecodedRequest>
  /** Appends to the audit log under this session's identity and dapp (never another's). */
  audit(kind: AuditKind, data: unknown): Promise<void>
}

export interface MpcStepResult {
  /** The co-signer's message for this round, if it has one. */
  readonly payload: Uint8Array | undefined
  /** The run finished with this round. */
  readonly done: boolean
}

export interface MpcRun {
  step(round: number, payload: Uint8Array): Promise<MpcStepResult>
  abort(reason: string): void
}

export interface MpcParty {
  readonly protocols: readonly MpcProtocolInfo[]
  start(context: MpcRunContext): MpcRun
}

/** What the co-signer runs until @tessera/mpc is wired in: no protocol is served. */
export const NO_MPC_PARTY: MpcParty = {
  protocols: [],
  start(context) {
    throw new Error(`no MPC party serves "${context.protocol}"`)
  },
}
