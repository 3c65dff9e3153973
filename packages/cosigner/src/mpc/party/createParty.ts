/**
 * A party from a table of served protocols: `open` takes the key lock of a share-changing run
 * (a lease renewed while the run lives, keyLease.ts), binds `authorize` (the policy) and `audit`
 * to the session's identity and dapp, and every failure of a step is audited here as
 * `mpc-abort` (a policy denial is audited by the policy decision itself) and reported with the
 * @tessera/mpc error kind and culprit when there is one. `close` releases the lock.
 * A policy decision that allows is held and written with the run's next audit record, in the
 * same transaction (for a presigned signature: with the record of the release, after the
 * presignature's consumption committed), or when the run closes; nothing is signed before it is
 * committed. A denial is written at once.
 */
import type { AuditKind } from '../../audit/auditHash.ts'
import { type AuditEntry, appendAudits, consumeAndAppend } from '../../audit/auditLog.ts'
import { CosignerError, PolicyDeniedError } from '../../errors.ts'
import {
  type AuthorizeArgs,
  authorizeAtRelease,
  authorizeSigning,
  type ReleaseLimits,
} from '../../policy/authorizeSigning.ts'
import { PolicyChangedError, RateSlotRefusedError } from '../../policy/policyCache.ts'
import { openConsumed } from '../../storage/presignatures.ts'
import type { MpcParty, MpcRunRequest } from '../mpcParty.ts'
import { describeRunError } from './describeRunError.ts'
import { type KeyLease, REAL_TICKER, takeKeyLease } from './keyLease.ts'
import type { MpcRunContext, PartyServices, ServedProtocol } from './partyServices.ts'

/** How many times one request is decided when the policy keeps changing under it. */
const MAX_DECISIONS = 4

function takeLease(services: PartyServices, request: MpcRunRequest, keyId: string) {
  return takeKeyLease(
    {
      identity: request.identity,
      keyId,
      operation: request.protocol,
      holder: request.sid,
      ttlMs: services.lockLeaseMs,
    },
    {
      db: services.db,
      now: services.now,
      ticker: services.ticker ?? REAL_TICKER,
      log: services.log,
      onLost: () =>
        request.onLost(
          `the lock on key ${keyId} lapsed before the ${request.protocol} run finished; the run is aborted: start it again`,
        ),
    },
  )
}

export function createParty(
  served: Readonly<Record<string, ServedProtocol>>,
  services: PartyServices,
): MpcParty {
  return {
    protocols: Object.entries(served).map(([name, p]) => ({
      name,
      shareChanging: p.shareChanging,
    })),
    async open(request) {
      const entry = served[request.protocol]
      if (entry === undefined) throw new Error(`no MPC party serves "${request.protocol}"`)
      const { identity, dappId } = request
      const lease: KeyLease | undefined =
        entry.shareChanging && request.keyId !== undefined
          ? await takeLease(services, request, request.keyId)
          : undefined
      // The one place a run's audit records are written (the policy decision included).
      const held: AuditEntry[] = []
      const audit = async (kind: AuditKind, data: unknown) => {
        await appendAudits(
          services.db,
          [...held.splice(0), { identity, dappId, kind, data }],
          services.now(),
        )
      }
      const flush = async () => {
        if (held.length > 0) await appendAudits(services.db, held.splice(0), services.now())
      }
      const decision = async (kind: AuditKind, data: unknown) => {
        if ((data as { allowed?: unknown }).allowed === true)
          held.push({ identity, dappId, kind, data })
        else await audit(kind, data)
      }
      // A decision made from the policy cache for the next consumeAndAudit (authorizeAtRelease).
      let atRelease: { args: AuthorizeArgs; limits: ReleaseLimits } | undefined
      const decideAtRelease = async (args: AuthorizeArgs) => {
        const { decoded, limits } = await authorizeAtRelease(services.db, args, services.now())
        atRelease = limits === undefined ? undefined : { args, limits }
        return decoded
      }
      const context: MpcRunContext = {
        sid: request.sid,
        protocol: request.protocol,
        identity,
        dappId,
        keyId: request.keyId,
        signal: request.signal,
        // Bound to this session: a run cannot act under another identity or dapp.
        authorize(signing, signer, options) {
          const args: AuthorizeArgs = {
            identity,
            dappId,
            request: signing,
            ...(signer === undefined ? {} : { signer }),
            ...(options?.decoded === undefined ? {} : { decoded: options.decoded }),
            audit: decision,
          }
          return options?.atRelease === true
            ? decideAtRelease(args)
            : authorizeSigning(services.db, args, services.now())
        },
        audit,
        async consumeAndAudit({ ref, requireActiveEpoch }, kind, data, open) {
          for (let decided = 1; ; decided += 1) {
            const entries = [...held.splice(0), { identity, dappId, kind, data }]
            const pending = atRelease
            atRelease = undefined
            try {
              const done = await consumeAndAppend(
                services.db,
                { ref: { ...ref, identity }, requireActiveEpoch },
                entries,
                services.now(),
                (consumed) => {
                  // A record that does not open (tampered) stays consumed and never signs.
                  const secret = openConsumed(services.keyring, consumed)
                  try {
                    return open(secret)
                  } finally {
                    secret.fill(0)
                  }
                },
                pending === undefined
                  ? undefined
                  : { version: pending.limits.version, rateSlots: pending.limits.rateSlots },
              )
              return done.opened
            } catch (error) {
              if (pending !== undefined && error instanceof PolicyChangedError) {
                // Decided from documents that changed before the commit: nothing was written or
                // spent there; its amounts go back, its decision is dropped, and the request is
                // decided again on the documents read now (a denial is audited and thrown).
                await pending.limits.giveBack()
                if (decided >= MAX_DECISIONS)
                  throw new CosignerError(
                    'Conflict',
                    `the policy changed ${decided} times while this request was decided: try again`,
                    { retryable: true },
                  )
                await decideAtRelease(pending.args)
                continue
              }
              // The counter was full at the commit: a rate denial, audited, nothing spent.
              if (pending !== undefined && error instanceof RateSlotRefusedError)
                throw await pending.limits.refuseRate(error.refused)
              // The release was not recorded: the decision is still held for the abort record.
              held.unshift(...entries.slice(0, -1))
              throw error
            }
          }
        },
      }
      let run: ReturnType<ServedProtocol['run']>
      try {
        run = entry.run(services, context)
      } catch (error) {
        // Never opened: nobody would close it, so its lock is released here.
        await lease?.release()
        throw error
      }
      let first = true
      return {
        async step(round, payload) {
          // Before each later round the lease is extended; a lost one was reported by `onLost`.
          if (!first && lease !== undefined && !(await lease.renew()))
            throw new CosignerError('KeyBusy', `the lock on key ${lease.request.keyId} lapsed`)
          first = false
          try {
            return await run.step(round, payload)
          } catch (error) {
            if (error instanceof PolicyDeniedError) throw error
            const reported = describeRunError(error)
            await context
              .audit('mpc-abort', {
                protocol: request.protocol,
                keyId: request.keyId ?? null,
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
        abort: (reason) => run.abort(reason),
        close: async () => {
          // An allowed decision the run never followed with a record of its own.
          await flush().catch((error: unknown) =>
            services.log.error('audit_flush_failed', { error: String(error) }),
          )
          return (await lease?.release()) ?? false
        },
      }
    },
  }
}
