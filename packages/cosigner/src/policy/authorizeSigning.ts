/**
 * The one entry point the MPC signing path calls before it signs anything: decode the request
 * from its bytes, apply the effective policy (static rules, then the token limits, then the rate
 * limit, then the daily value limit), and append the decision to the audit log — allowed or denied, with the rule and
 * the dapp origin the request named. The per-dapp document is the one of the request's origin
 * (docs/COSIGNER.md#whose-rules-apply), never chosen by the login's dapp id label.
 * Returns the decoded request whose digest is the only thing that may be signed.
 * `authorizeAtRelease` is the same decision for a run whose release commits it: documents from the
 * policy cache, rate slots left to that commit (docs/COSIGNER.md#policy-cache).
 */

import { bytesToHex } from '@noble/hashes/utils.js'
import { dappOriginProblem } from '@tessera/protocol/cosigner'
import { appendAudit } from '../audit/auditLog.ts'
import { CosignerError, PolicyDeniedError } from '../errors.ts'
import { consumeSoterGrant } from '../login/soter.ts'
import type { Database } from '../storage/database.ts'
import { type DecodedRequest, decodeSigningRequest, type SigningRequest } from './decodeRequest.ts'
import { evaluateStaticRules } from './evaluatePolicy.ts'
import type { Policy } from './policy.ts'
import { cachedPolicies } from './policyCache.ts'
import {
  effectivePolicies,
  type PolicyLayer,
  type RateSlot,
  rateSlot,
  returnDailyValue,
  takeDailyValue,
  takeRateSlot,
} from './policyStore.ts'
import { takeTokenLimits } from './tokenLimits.ts'

export interface AuthorizeArgs {
  identity: string
  /** The login's dapp id: a label for the audit row and legacy label-keyed documents. */
  dappId: string
  /** What is signed; its `origin` (checked here again) selects the per-dapp document. */
  request: SigningRequest
  /**
   * The key that would sign: its derivation path and the child's address (and public key), so
   * the decision names the account actually signing, not the root key.
   */
  signer?: { path: string; address: string; publicKey: string }
  fallback?: Policy
  /**
   * `request` as `decodeSigningRequest` decoded it, when the caller already did (a signing run
   * checks the device's digest against it first): decoded once per request, not twice.
   */
  decoded?: DecodedRequest
  /**
   * Where the decision is recorded; by default appended to the audit log under `identity` and
   * `dappId`. An MPC run passes its own `audit` (mpc/party/createParty.ts), so every record of
   * one signature leaves through one function.
   */
  audit?: (kind: 'policy-decision', data: unknown) => Promise<unknown>
}

export async function authorizeSigning(
  db: Database,
  args: AuthorizeArgs,
  now: number,
): Promise<DecodedRequest> {
  const origin = checkedOrigin(args.request)
  const decoded = args.decoded ?? decodeSigningRequest(args.request)
  const layers = await effectivePolicies(
    db,
    args.identity,
    { label: args.dappId, ...(origin === undefined ? {} : { origin }) },
    args.fallback,
  )
  const record = recorder(db, args, decoded, layers, now)
  try {
    // Every layer must allow: static rules of all first, so no counter is spent on a denial.
    for (const layer of layers) evaluateStaticRules(layer.policy, decoded, now)
    await checkSoter(db, args.identity, layers, decoded, now)
    // Token amounts first, all in one transaction; given back if a later limit denies.
    const giveBack = await takeTokenLimits(
      db,
      args.identity,
      layers,
      decoded,
      args.signer?.address,
      now,
    )
    try {
      for (const layer of layers) await takeLimits(db, args.identity, layer, decoded, now)
    } catch (error) {
      if (error instanceof PolicyDeniedError) await giveBack()
      throw error
    }
  } catch (error) {
    if (error instanceof PolicyDeniedError) await record(false, error.rule)
    throw error
  }
  await record(true)
  return decoded
}

/**
 * What a decision made by `authorizeAtRelease` still needs from the transaction that commits it
 * (audit/auditLog.ts `consumeAndAppend`): the policy version it was made at (the commit refuses
 * it after a change) and its rate slots (taken there, in the same transaction as the release).
 */
export interface ReleaseLimits {
  version: number
  rateSlots: RateSlot[]
  /** Gives back the token and daily amounts it took: the decision was not committed. */
  giveBack(): Promise<void>
  /** Audits the denial by the rate limit of the counters `refused` (dapps) and returns it. */
  refuseRate(refused: readonly string[]): Promise<PolicyDeniedError>
}

/**
 * `authorizeSigning` for a decision committed in the same transaction as the release it allows
 * (a presigned signature): the documents come from the cache (policyCache.ts) and the rate slots
 * are left to that transaction, which checks the version and takes them (no round trip of their
 * own). Everything else is as `authorizeSigning`: the static rules, then the token and daily
 * limits (taken now; `giveBack` returns them). A document asking for SOTER, or a custom fallback,
 * is decided by `authorizeSigning` itself (no `limits`: nothing is left to the commit).
 */
export async function authorizeAtRelease(
  db: Database,
  args: AuthorizeArgs,
  now: number,
  reread = false,
): Promise<{ decoded: DecodedRequest; limits?: ReleaseLimits }> {
  const origin = checkedOrigin(args.request)
  const decoded = args.decoded ?? decodeSigningRequest(args.request)
  const { version, layers, cached } = await cachedPolicies(
    db,
    args.identity,
    { label: args.dappId, ...(origin === undefined ? {} : { origin }) },
    reread,
  )
  if (args.fallback !== undefined || layers.some(({ policy }) => policy.requireSoter !== undefined))
    return { decoded: await authorizeSigning(db, args, now) }
  const record = recorder(db, args, decoded, layers, now)
  const givenBack: (() => Promise<void>)[] = []
  const giveBack = async () => {
    for (const back of givenBack.splice(0).reverse()) await back()
  }
  try {
    for (const layer of layers) evaluateStaticRules(layer.policy, decoded, now)
    givenBack.push(
      await takeTokenLimits(db, args.identity, layers, decoded, args.signer?.address, now),
    )
    for (const layer of layers) {
      const back = await takeDailyLimit(db, args.identity, layer, decoded, now)
      if (back !== undefined) givenBack.push(back)
    }
  } catch (error) {
    if (!(error instanceof PolicyDeniedError)) throw error
    await giveBack()
    // A denial stands only on documents read now: cached ones may predate a change that
    // allows the request (a stale cache must not refuse either).
    if (cached) return authorizeAtRelease(db, args, now, true)
    await record(false, error.rule)
    throw error
  }
  await record(true)
  const limited = layers.filter((layer) => layer.policy.rateLimit !== undefined)
  return {
    decoded,
    limits: {
      version,
      rateSlots: limited.map(({ policy, counterDapp }) =>
        rateSlot(args.identity, counterDapp, policy.rateLimit as RateLimit, now),
      ),
      giveBack,
      async refuseRate(refused) {
        await giveBack()
        const layer = limited.find((l) => refused.includes(l.counterDapp)) ?? limited[0]
        const error = rateDenied((layer?.policy.rateLimit ?? { max: 0, windowSec: 0 }) as RateLimit)
        await record(false, error.rule)
        return error
      },
    },
  }
}

type RateLimit = NonNullable<Policy['rateLimit']>
const rateDenied = (limit: RateLimit) =>
  new PolicyDeniedError('rateLimit', `more than ${limit.max} requests in ${limit.windowSec} s`)

/** The request's origin, checked again here (nothing reaches the policy with a bad one). */
function checkedOrigin(request: SigningRequest): string | undefined {
  const origin = request.origin
  if (origin !== undefined) {
    const problem = dappOriginProblem(origin)
    if (problem !== undefined)
      throw new CosignerError(
        'BadRequest',
        `signing request rejected: "origin" expected ${problem}`,
      )
  }
  return origin
}

/** Records a decision (allowed, or denied by `rule`) through the run's `audit` or the log. */
function recorder(
  db: Database,
  args: AuthorizeArgs,
  decoded: DecodedRequest,
  layers: PolicyLayer[],
  now: number,
) {
  const source = layers.map((layer) => layer.source).join('+')
  const origin = args.request.origin
  const audit =
    args.audit ??
    ((kind, data) =>
      appendAudit(db, { identity: args.identity, dappId: args.dappId, kind, data }, now))
  return (allowed: boolean, rule?: string) =>
    audit('policy-decision', {
      allowed,
      ...(rule === undefined ? {} : { rule }),
      policy: source,
      origin: origin ?? null,
      method: decoded.method,
      ...(args.signer === undefined ? {} : { signer: args.signer }),
      ...(decoded.digest === undefined ? {} : { digest: bytesToHex(decoded.digest) }),
      decoded: decoded.summary,
    })
}

/** The SOTER purpose a run of this request needs a verified result for. */
export function soterPurpose(decoded: DecodedRequest): string {
  return decoded.digest === undefined
    ? `action:${decoded.method}`
    : `digest:${bytesToHex(decoded.digest)}`
}

/**
 * docs/AUTH.md#soter-biometrics: when a layer asks for it, a fresh verified SOTER result for this
 * identity and this request's digest is spent; without one the run is refused (rule
 * `requireSoter`), which the signer answers by asking the user for a fingerprint or face.
 */
async function checkSoter(
  db: Database,
  identity: string,
  layers: PolicyLayer[],
  decoded: DecodedRequest,
  now: number,
): Promise<void> {
  const needed = layers.some(({ policy }) => {
    const rule = policy.requireSoter
    if (rule === undefined) return false
    return rule === true || decoded.value > BigInt(rule.valueAbove)
  })
  if (!needed) return
  const purpose = soterPurpose(decoded)
  if (!(await consumeSoterGrant(db, identity, purpose, now))) {
    throw new PolicyDeniedError(
      'requireSoter',
      `a fresh SOTER biometric verification of this request is required (purpose ${purpose})`,
    )
  }
}

/** Spends the layer's rate slot and daily value under its counters; throws the rule it breaks. */
async function takeLimits(
  db: Database,
  identity: string,
  layer: PolicyLayer,
  decoded: DecodedRequest,
  now: number,
): Promise<void> {
  const { policy, counterDapp } = layer
  if (
    policy.rateLimit !== undefined &&
    !(await takeRateSlot(db, identity, counterDapp, policy.rateLimit, now))
  )
    throw rateDenied(policy.rateLimit)
  await takeDailyLimit(db, identity, layer, decoded, now)
}

/**
 * Adds the request's native value to the layer's daily total; throws the `dailyLimits` denial,
 * or returns what gives it back (undefined when nothing was taken).
 */
async function takeDailyLimit(
  db: Database,
  identity: string,
  { policy, counterDapp }: PolicyLayer,
  decoded: DecodedRequest,
  now: number,
): Promise<(() => Promise<void>) | undefined> {
  const chainId = decoded.chainId
  const limit = chainId === undefined ? undefined : policy.dailyLimits?.[chainId]
  if (limit === undefined || decoded.value <= 0n || chainId === undefined) return undefined
  const taken = await takeDailyValue(
    db,
    identity,
    counterDapp,
    chainId,
    decoded.value,
    BigInt(limit),
    now,
  )
  if (!taken.ok) {
    const unit = chainId.startsWith('solana:') ? 'lamports' : 'wei'
    throw new PolicyDeniedError(
      'dailyLimits',
      `${decoded.value} ${unit} on ${chainId} would pass today's limit of ${limit} ${unit} (${taken.spent} ${unit} used)`,
    )
  }
  const day = Math.floor(now / 86_400_000)
  return () => returnDailyValue(db, identity, counterDapp, chainId, decoded.value, day)
}
