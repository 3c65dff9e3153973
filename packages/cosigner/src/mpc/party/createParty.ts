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
import { authorizeSigning } from '../../policy/authorizeSigning.ts'
import { openConsumed } from '../../storage/presignatures.ts'
import type { MpcParty, MpcRunRequest } from '../mpcParty.ts'
import { describeRunError } from './describeRunError.ts'
import { type KeyLease, REAL_TICKER, takeKeyLease } from './keyLease.ts'
import type { MpcRunContext, PartyServices, ServedProtocol } from './partyServices.ts'

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
      const context: MpcRunContext = {
        sid: request.sid,
        protocol: request.protocol,
        identity,
        dappId,
        keyId: request.keyId,
        signal: request.signal,
        // Bound to this session: a run cannot act under another identity or dapp.
        authorize: (signing, signer) =>
          authorizeSigning(
            services.db,
            {
              identity,
              dappId,
              request: signing,
              ...(signer === undefined ? {} : { signer }),
              audit: decision,
            },
            services.now(),
          ),
        audit,
        async consumeAndAudit({ ref, requireActiveEpoch }, kind, data, open) {
          const entries = [...held.splice(0), { identity, dappId, kind, data }]
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
            )
            return done.opened
          } catch (error) {
            // The release was not recorded: the decision is still held for the abort record.
            held.unshift(...entries.slice(0, -1))
            throw error
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
