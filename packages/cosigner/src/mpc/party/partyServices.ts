/**
 * What a party gets from the co-signer that runs it (startCosigner, or a test driver), and what
 * each of its protocol runs sees: the run bound to the session's identity and dapp, with
 * `authorize` and `audit` that cannot act for anyone else. Holds the keyring: never log it.
 */
import type { AuditKind } from '../../audit/auditHash.ts'
import type { Keyring } from '../../crypto/masterKey.ts'
import type { Logger } from '../../log.ts'
import type { AuthorizeArgs } from '../../policy/authorizeSigning.ts'
import type { DecodedRequest, SigningRequest } from '../../policy/decodeRequest.ts'
import type { Database } from '../../storage/database.ts'
import type { PresignatureRef } from '../../storage/presignatures.ts'
import type { MpcParty, MpcRun, MpcRunRequest } from '../mpcParty.ts'
import type { Ticker } from './keyLease.ts'

export interface PartyServices {
  readonly db: Database
  readonly keyring: Keyring
  readonly now: () => number
  readonly log: Logger
  /** Lease of a share-changing run's key lock, renewed every third of it while the run lives. */
  readonly lockLeaseMs: number
  /** Schedules the lease renewals (setInterval unless a test injects one). */
  readonly ticker?: Ticker
}

/** Builds the party once the co-signer's storage and keys exist. */
export type MpcPartyFactory = (services: PartyServices) => MpcParty

/** What a protocol run sees: the channel's request (its sid, session, key and signal) and more. */
export interface MpcRunContext extends Omit<MpcRunRequest, 'onLost'> {
  /**
   * Decodes what is to be signed from its bytes, applies this identity's policy for this dapp
   * and audits the decision (policy/authorizeSigning.ts). A signing run must call it and sign
   * only the returned digest; a denial throws PolicyDeniedError, reported as `PolicyDenied`.
   * `signer` names the derived key that would sign (signingKey.ts `describeSigner`).
   * `atRelease`: the run's next step is `consumeAndAudit`, which commits the decision: the
   * documents may come from the policy cache and the rate slots are taken in that commit
   * (policy/authorizeSigning.ts `authorizeAtRelease`); a change of policy before it means the
   * request is decided again there, and a full rate counter is a `PolicyDenied` from it.
   * `decoded`: the run's own `decodeSigningRequest(request)`, so it is not decoded twice.
   */
  authorize(
    request: SigningRequest,
    signer?: AuthorizeArgs['signer'],
    options?: { atRelease?: boolean; decoded?: DecodedRequest },
  ): Promise<DecodedRequest>
  /**
   * Appends to the audit log under this session's identity and dapp (never another's), with any
   * allowed policy decision still held (one transaction).
   */
  audit(kind: AuditKind, data: unknown): Promise<void>
  /**
   * Consumes one of this identity's stored presignatures or nonces and appends the record of
   * its release (with any allowed decision still held) in ONE transaction, group-committed with
   * the other runs' (audit/auditLog.ts `consumeAndAppend`). `open` gets the opened secret inside
   * that transaction, before the record is appended (the secret is wiped after it returns); what
   * it returns comes back only after the commit. A failed consumption rejects with its own error
   * and writes nothing; an `open` that throws leaves the record consumed and the release
   * unrecorded. Either way the held decision stays held (written with the run's abort record).
   */
  consumeAndAudit<T>(
    consume: { ref: Omit<PresignatureRef, 'identity'>; requireActiveEpoch: boolean },
    kind: AuditKind,
    data: unknown,
    open: (secret: Uint8Array) => T,
  ): Promise<T>
}

/** One protocol a party serves: whether it changes a share, and its run. */
export interface ServedProtocol {
  readonly shareChanging: boolean
  run(services: PartyServices, context: MpcRunContext): MpcRun
}
