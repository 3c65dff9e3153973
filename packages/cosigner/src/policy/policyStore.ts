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
  const { origin, label } = dapp
  const rows = await db.query<{ identity: string; dapp_id: string; policy: string }>(
    `SELECT identity, dapp_id, policy FROM policies
     WHERE identity IN ($1, '*') AND dapp_id IN ($2, $3, '*')`,
    [identity, label, origin ?? label],
  )
  const find = (who: string, key: string) =>
    rows.find((row) => row.identity === who && row.dapp_id === key)
  const layer = (
    row: (typeof rows)[number],
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

/** Takes one request slot in the current window; false when the window is full. */
export async function takeRateSlot(
  db: Queryable,
  identity: string,
  dappId: string,
  limit: { max: number; windowSec: number },
  now: number,
): Promise<boolean> {
  const windowStart = now - (now % (limit.windowSec * 1000))
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
