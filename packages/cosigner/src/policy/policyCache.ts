/**
 * Policy documents cached per database handle (per process), by the policy version: a counter in
 * `policy_version` that every change to `policies` moves in its own transaction (a trigger,
 * storage/migrations.ts version 3). The cache answers without a round trip; it is never the last
 * word. A decision made from it carries the version it was read at, and the transaction that
 * commits that decision (the group commit, audit/auditLog.ts) reads the current version and
 * refuses the decision when they differ (`PolicyChangedError`): the caller reads again and decides
 * again. So a change committed before that transaction, from any process, applies to the request
 * (docs/COSIGNER.md#policy-cache). Never holds anything secret: documents are public rules.
 */
import type { Queryable } from '../storage/database.ts'
import { type PolicyLayer, type PolicyRow, policyLayers, type RequestDapp } from './policyStore.ts'

interface Cache {
  /** The newest version this process has seen; entries of older versions are never used. */
  known: number
  /** Moved by `forgetPolicies`: a read that started before it does not fill the cache. */
  generation: number
  entries: Map<string, CachedPolicies>
}

export interface CachedPolicies {
  /** The policy version the documents were read at. */
  version: number
  layers: PolicyLayer[]
}

const caches = new WeakMap<Queryable, Cache>()
/** Entries kept per handle (identity × dapp label × origin); the oldest goes first. */
const MAX_ENTRIES = 10_000

function cacheOf(db: Queryable): Cache {
  let cache = caches.get(db)
  if (cache === undefined) {
    cache = { known: -1, generation: 0, entries: new Map() }
    caches.set(db, cache)
  }
  return cache
}

/**
 * The layers that apply to a request (as `effectivePolicies`, with the built-in default as the
 * fallback) and the version they were read at: from the cache (`cached`) when it holds them at
 * the newest version seen and `reread` is not asked, else read (documents and version in one
 * statement, one snapshot) and cached.
 */
export async function cachedPolicies(
  db: Queryable,
  identity: string,
  dapp: RequestDapp,
  reread = false,
): Promise<CachedPolicies & { cached: boolean }> {
  const cache = cacheOf(db)
  const key = JSON.stringify([identity, dapp.label, dapp.origin ?? null])
  const hit = cache.entries.get(key)
  if (!reread && hit !== undefined && hit.version === cache.known) return { ...hit, cached: true }
  const generation = cache.generation
  const rows = await db.query<{ version: number } & Partial<PolicyRow>>(
    `SELECT v.version, p.identity, p.dapp_id, p.policy FROM policy_version v
     LEFT JOIN policies p ON p.identity IN ($1, '*') AND p.dapp_id IN ($2, $3, '*')
     WHERE v.id = 1`,
    [identity, dapp.label, dapp.origin ?? dapp.label],
  )
  if (rows[0] === undefined) throw new Error('policy_version row is missing: the schema is damaged')
  const version = Number(rows[0].version)
  const documents = rows.filter((row): row is typeof row & PolicyRow => row.identity != null)
  const read: CachedPolicies = { version, layers: policyLayers(documents, identity, dapp) }
  notePolicyVersion(db, version)
  if (version === cache.known && generation === cache.generation) {
    cache.entries.delete(key)
    if (cache.entries.size >= MAX_ENTRIES)
      cache.entries.delete(cache.entries.keys().next().value as string)
    cache.entries.set(key, read)
  }
  return { ...read, cached: false }
}

/** A version read from the database (by a read or a commit): older entries are dropped. */
export function notePolicyVersion(db: Queryable, version: number): void {
  const cache = cacheOf(db)
  if (version <= cache.known) return
  cache.known = version
  cache.entries.clear()
}

/** After this process changed a document: the next request reads again. */
export function forgetPolicies(db: Queryable): void {
  const cache = cacheOf(db)
  cache.generation += 1
  cache.entries.clear()
}

/**
 * A decision made from documents of `version` reached its commit after a change: nothing of it
 * was written or spent in that transaction. The caller decides again on a fresh read.
 */
export class PolicyChangedError extends Error {
  override name = 'PolicyChangedError'
  constructor(
    readonly version: number,
    readonly current: number,
  ) {
    super(`the policy changed (version ${version} → ${current}) before the decision was committed`)
  }
}

/**
 * A rate slot the group commit could not take: the request is refused (rule `rateLimit`);
 * `refused` names the dapps of its full counters.
 */
export class RateSlotRefusedError extends Error {
  override name = 'RateSlotRefusedError'
  constructor(readonly refused: readonly string[]) {
    super(`the rate counters of ${refused.join(', ')} were full at the commit`)
  }
}
