/**
 * The seam between the MPC channel and the party (docs/COSIGNER.md#the-mpc-channel). The channel
 * authenticates, frames, orders rounds and times them out; the party (mpc/party/) owns everything
 * else: the key lock of share-changing protocols, the policy decision, the audit records and the
 * storage. Nothing here may name a database, a policy or the audit log: the channel sees only
 * these types. A party must never keep secrets after `abort`, and must mark presignatures/nonces
 * consumed before returning a round that uses one.
 */

export interface MpcProtocolInfo {
  /** Wire name, e.g. `dkg`, `dkls23-sign`, `frost-sign`, `refresh`. */
  readonly name: string
  /** Changes the stored share (DKG, refresh, re-share, recovery): run under the key lock. */
  readonly shareChanging: boolean
}

/** What the channel knows about one run when it asks the party to open it. */
export interface MpcRunRequest {
  readonly sid: string
  readonly protocol: string
  /** The session's identity (JWT `sub`) and dapp: the run may only touch this identity's keys. */
  readonly identity: string
  readonly dappId: string
  readonly keyId: string | undefined
  /** Aborted when the stream times out, fails or the socket closes. */
  readonly signal: AbortSignal
  /**
   * The party can no longer carry the run (its key lock lapsed): the channel reports `KeyBusy`
   * with `message` (retryable) and aborts the run.
   */
  onLost(message: string): void
}

export interface MpcStepResult {
  /** The co-signer's message for this round, if it has one. */
  readonly payload: Uint8Array | undefined
  /** The run finished with this round. */
  readonly done: boolean
}

/** One protocol run's rounds. */
export interface MpcRun {
  step(round: number, payload: Uint8Array): Promise<MpcStepResult>
  abort(reason: string): void
}

/** A run opened by the party: its rounds, and `close` once its last step settled. */
export interface MpcOpenRun extends MpcRun {
  /** Releases what `open` took (the key lock); true when a lock was still held and released. */
  close(): Promise<boolean>
}

export interface MpcParty {
  readonly protocols: readonly MpcProtocolInfo[]
  /**
   * Opens one run; a share-changing protocol first takes its key lock (CosignerError `KeyBusy`
   * when another live run holds it).
   */
  open(request: MpcRunRequest): Promise<MpcOpenRun>
}

/** A co-signer with no protocol served (tests of the channel alone). */
export const NO_MPC_PARTY = (): MpcParty => ({
  protocols: [],
  open(request) {
    return Promise.reject(new Error(`no MPC party serves "${request.protocol}"`))
  },
})
