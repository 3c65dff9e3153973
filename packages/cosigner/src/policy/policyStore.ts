/**
 * Policy documents in the database, and the counters that enforce them (requests per window,
 * native value per chain per UTC day, token amounts per token per UTC day: their rows in
 * `policy_spend` are keyed by the token's CAIP-19 asset id where native ones name the chain). Counters move with one atomic upsert each, so several
 * co-signer processes never together exceed a limit.
 */
import type { Queryable } from '../storage/database.ts'
import { DEFAULT_POLICY, type Policy, parsePolicy } from './policy.ts'

export async function putPolicy(
  db: Queryable,
  identity: string,
  dappId: string,
  policy: Policy,
  now: number,
) {
  await db.query(
    `INSERT INTO policies (identity, dapp_id, policy, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (identity, dapp_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at`,
    [identity, dappId, JSON.stringify(policy), now],
  )
}

export async function deletePolicy(
  db: Queryable,
  identity: string,
  dappId: string,
): Promise<boolean> {
  const rows = await db.query(
    'DELETE FROM policies WHERE identity = $1 AND dapp_id = $2 RETURNING identity',
    [identity, dappId],
  )
  return rows.length === 1
}

export async function getPolicy(
  db: Queryable,
  identity: string,
  dappId: string,
): Promise<Policy | undefined> {
  const rows = await db.query<{ policy: string }>(
    'SELECT policy FROM policies WHERE identity = $1 AND dapp_id = $2',
    [identity, dappId],
  )
  return rows[0] === undefined ? undefined : parsePolicy(JSON.parse(rows[0].policy))
}

/** One policy document that applies to a request, and the counters its limits are kept under. */
export interface PolicyLayer {
  policy: Policy
  /**
   * Which document: `identity/*`, `identity/origin`, `*\/origin`, `identity/dapp`, `*\/dapp`,
   * `*\/*` or `default` (`dapp`: a document keyed by the login's dapp id label).
   */
  source: string
  /** What its rate and daily-value counters are kept under (`*` = across every dapp). */
  counterDapp: string
}

/** Where a signing request comes from, as the policy selects documents by it. */
export interface RequestDapp {
  /**
   * The canonical origin of the dapp session the request came from, carried inside the signed
   * request over the Noise channel (@tessera/protocol `dappOrigin.ts`); absent for the wallet's
   * own actions. Selects the per-dapp document.
   */
  origin?: string
  /** The dapp id the login named: a label the client chose (audit, legacy documents). */
  label: string
}

/**
 * Every document that applies, each of which must allow the request (docs/COSIGNER.md#policy):
 * - the identity's own document (identity, *), on every request whatever its dapp, its limits
 *   counted across dapps;
 * - the dapp's document, found by the request's ORIGIN: (identity, origin), else (*, origin),
 *   whatever dapp id the login claimed;
 * - a legacy document keyed by the login's dapp id label: (identity, label), else (*, label). The
 *   client chooses that label, so such a document only ever adds restrictions for clients that
 *   present it; it binds nothing.
 * With none of these, (*, *) or the built-in default applies.
 */
export async function effectivePolicies(
  db: Queryable,
  identity: string,
  dapp: RequestDapp,
  fallback: Policy = DEFAULT_POLICY,
): Promise<PolicyLayer[]> {
  const rows = await db.query<PolicyRow>(
    `SELECT identity, dapp_id, policy FROM policies
     WHERE identity IN ($1, '*') AND dapp_id IN ($2, $3, '*')`,
    [identity, dapp.label, dapp.origin ?? dapp.label],
  )
  return policyLayers(rows, identity, dapp, fallback)
}

/** A stored document as `effectivePolicies` (and the cache, policyCache.ts) read it. */
export interface PolicyRow {
  identity: string
  dapp_id: string
  policy: string
  [column: string]: unknown
}

/** The layers that apply, from every row of (identity or `*`) × (label, origin or `*`). */
export function policyLayers(
  rows: readonly PolicyRow[],
  identity: string,
  dapp: RequestDapp,
  fallback: Policy = DEFAULT_POLICY,
): PolicyLayer[] {
  const { origin, label } = dapp
  const find = (who: string, key: string) =>
    rows.find((row) => row.identity === who && row.dapp_id === key)
  const layer = (
    row: PolicyRow,
    kind: 'origin' | 'dapp' | '*',
    counterDapp: string,
  ): PolicyLayer => ({
    policy: parsePolicy(JSON.parse(row.policy)),
    source: `${row.identity === '*' ? '*' : 'identity'}/${kind}`,
    counterDapp,
  })
  const layers: PolicyLayer[] = []
  const identityWide = identity === '*' ? undefined : find(identity, '*')
  if (identityWide !== undefined) layers.push(layer(identityWide, '*', '*'))
  const forOrigin = origin === undefined ? undefined : (find(identity, origin) ?? find('*', origin))
  if (forOrigin !== undefined) layers.push(layer(forOrigin, 'origin', origin as string))
  const forLabel = label === '*' ? undefined : (find(identity, label) ?? find('*', label))
  if (forLabel !== undefined) layers.push(layer(forLabel, 'dapp', label))
  if (layers.length === 0) {
    const global = find('*', '*')
    const counterDapp = origin ?? label
    layers.push(
      global === undefined
        ? { policy: fallback, source: 'default', counterDapp }
        : layer(global, '*', counterDapp),
    )
  }
  return layers
}

/** One request slot wanted in a window of a layer's rate counter (see `takeRateSlots`). */
export interface RateSlot {
  identity: string
  dappId: string
  windowStart: number
  max: number
}

/** The rate slot a request takes under `limit` at `now` (its window as `takeRateSlot` counts). */
export const rateSlot = (
  identity: string,
  dappId: string,
  limit: { max: number; windowSec: number },
  now: number,
): RateSlot => ({
  identity,
  dappId,
  windowStart: now - (now % (limit.windowSec * 1000)),
  max: limit.max,
})

/**
 * Takes every slot of `slots` whose `version` is the current policy version, in one statement,
 * all or nothing per counter: a counter whose slots do not all fit takes none of them. Returns
 * the current version and the dapps of the counters refused (the caller, finding any, runs each
 * member alone, so they are then one identity's). Run inside the
 * group commit's transaction (audit/auditLog.ts): a caller that finds a counter refused rolls
 * the transaction back and takes each member's slots alone, so the limit is exact and a refused
 * request takes nothing. Slots of another version are not taken (their decision is stale).
 */
export async function takeRateSlots(
  tx: Queryable,
  slots: readonly (RateSlot & { version: number })[],
): Promise<{ version: number; refused: string[] }> {
  const rate = rateSlotsSql(slots, 1)
  const rows = await tx.query<{ version: number; refused: string[] | null }>(
    `WITH ${rate.ctes}
     SELECT ${rate.version} AS version, ${rate.refused} AS refused`,
    rate.params,
  )
  const row = rows[0]
  if (row === undefined) throw new Error('policy_version row is missing: the schema is damaged')
  return { version: Number(row.version), refused: row.refused ?? [] }
}

/**
 * `takeRateSlots` as parts of a statement that does more in the same snapshot (the group
 * commit's consumption, storage/presignatures.ts): its CTEs (`rate_v`, `rate_want`,
 * `rate_taken`; parameters from `$first`, five of them), and the current policy version and the
 * refused counters' dapps as expressions.
 */
export function rateSlotsSql(slots: readonly (RateSlot & { version: number })[], first: number) {
  const p = (k: number) => `$${first + k}`
  return {
    ctes: `rate_v AS (SELECT version FROM policy_version WHERE id = 1),
     rate_want AS (
       SELECT w.identity, w.dapp_id, w.window_start, count(*)::int AS n, min(w.max) AS max
       FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::int8[], ${p(3)}::int[], ${p(4)}::int8[])
         AS w(identity, dapp_id, window_start, max, version)
       WHERE w.version = (SELECT version FROM rate_v)
       GROUP BY w.identity, w.dapp_id, w.window_start
     ), rate_taken AS (
       INSERT INTO policy_rate AS r (identity, dapp_id, window_start, count)
       SELECT identity, dapp_id, window_start, n FROM rate_want WHERE n <= max
       ON CONFLICT (identity, dapp_id, window_start) DO UPDATE SET count = r.count + EXCLUDED.count
         WHERE r.count + EXCLUDED.count <= (SELECT w.max FROM rate_want w WHERE w.identity = r.identity
           AND w.dapp_id = r.dapp_id AND w.window_start = r.window_start)
       RETURNING r.identity, r.dapp_id, r.window_start
     )`,
    version: '(SELECT version FROM rate_v)',
    refused: `(SELECT array_agg(w.dapp_id) FROM rate_want w WHERE NOT EXISTS (SELECT 1 FROM rate_taken t
               WHERE t.identity = w.identity AND t.dapp_id = w.dapp_id AND t.window_start = w.window_start))`,
    params: [
      slots.map((s) => s.identity),
      slots.map((s) => s.dappId),
      slots.map((s) => s.windowStart),
      slots.map((s) => s.max),
      slots.map((s) => s.version),
    ],
  }
}

/** Takes one request slot in the current window; false when the window is full. */
export async function takeRateSlot(
  db: Queryable,
  identity: string,
  dappId: string,
  limit: { max: number; windowSec: number },
  now: number,
): Promise<boolean> {
  const { windowStart } = rateSlot(identity, dappId, limit, now)
  const rows = await db.query(
    `INSERT INTO policy_rate (identity, dapp_id, window_start, count) VALUES ($1, $2, $3, 1)
     ON CONFLICT (identity, dapp_id, window_start) DO UPDATE SET count = policy_rate.count + 1
       WHERE policy_rate.count < $4
     RETURNING count`,
    [identity, dappId, windowStart, limit.max],
  )
  return rows.length === 1
}

/** Adds `value` wei to today's total for the chain unless that would pass `limit`. */
export async function takeDailyValue(
  db: Queryable,
  identity: string,
  dappId: string,
  chainId: string,
  value: bigint,
  limit: bigint,
  now: number,
): Promise<{ ok: boolean; spent: bigint }> {
  const day = Math.floor(now / 86_400_000)
  if (value > limit)
    return { ok: false, spent: await spentToday(db, identity, dappId, chainId, day) }
  const rows = await db.query<{ spent: string }>(
    `INSERT INTO policy_spend (identity, dapp_id, chain_id, day, spent) VALUES ($1, $2, $3, $4, $5::numeric)
     ON CONFLICT (identity, dapp_id, chain_id, day) DO UPDATE SET spent = policy_spend.spent + EXCLUDED.spent
       WHERE policy_spend.spent + EXCLUDED.spent <= $6::numeric
     RETURNING spent::text AS spent`,
    [identity, dappId, chainId, day, value.toString(), limit.toString()],
  )
  if (rows[0] !== undefined) return { ok: true, spent: BigInt(rows[0].spent) }
  return { ok: false, spent: await spentToday(db, identity, dappId, chainId, day) }
}

async function spentToday(
  db: Queryable,
  identity: string,
  dappId: string,
  chainId: string,
  day: number,
) {
  const rows = await db.query<{ spent: string }>(
    'SELECT spent::text AS spent FROM policy_spend WHERE identity = $1 AND dapp_id = $2 AND chain_id = $3 AND day = $4',
    [identity, dappId, chainId, day],
  )
  return BigInt(rows[0]?.spent ?? '0')
}

/**
 * Gives back `value` taken from today's total by `takeDailyValue` (`day` as it was then) for a
 * request another rule denied afterwards; never below zero.
 */
export async function returnDailyValue(
  db: Queryable,
  identity: string,
  dappId: string,
  key: string,
  value: bigint,
  day: number,
): Promise<void> {
  await db.query(
    `UPDATE policy_spend SET spent = GREATEST(spent - $5::numeric, 0)
     WHERE identity = $1 AND dapp_id = $2 AND chain_id = $3 AND day = $4`,
    [identity, dappId, key, day, value.toString()],
  )
}
