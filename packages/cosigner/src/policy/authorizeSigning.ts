/**
 * The one entry point the MPC signing path calls before it signs anything: decode the request
 * from its bytes, apply the effective policy (static rules, then the token limits, then the rate
 * limit, then the daily value limit), and append the decision to the audit log — allowed or denied, with the rule and
 * the dapp origin the request named. The per-dapp document is the one of the request's origin
 * (docs/COSIGNER.md#whose-rules-apply), never chosen by the login's dapp id label.
 * Returns the decoded request whose digest is the only thing that may be signed.
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
import { effectivePolicies, type PolicyLayer, takeDailyValue, takeRateSlot } from './policyStore.ts'
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
  const origin = args.request.origin
  if (origin !== undefined) {
    const problem = dappOriginProblem(origin)
    if (problem !== undefined)
      throw new CosignerError(
        'BadRequest',
        `signing request rejected: "origin" expected ${problem}`,
      )
  }
  const decoded = decodeSigningRequest(args.request)
  const layers = await effectivePolicies(
    db,
    args.identity,
    { label: args.dappId, ...(origin === undefined ? {} : { origin }) },
    args.fallback,
  )
  const source = layers.map((layer) => layer.source).join('+')
  const audit =
    args.audit ??
    ((kind, data) =>
      appendAudit(db, { identity: args.identity, dappId: args.dappId, kind, data }, now))
  const record = (allowed: boolean, rule?: string) =>
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
  { policy, counterDapp }: PolicyLayer,
  decoded: DecodedRequest,
  now: number,
): Promise<void> {
  if (
    policy.rateLimit !== undefined &&
    !(await takeRateSlot(db, identity, counterDapp, policy.rateLimit, now))
  ) {
    throw new PolicyDeniedError(
      'rateLimit',
      `more than ${policy.rateLimit.max} requests in ${policy.rateLimit.windowSec} s`,
    )
  }
  const limit = decoded.chainId === undefined ? undefined : policy.dailyLimits?.[decoded.chainId]
  if (limit !== undefined && decoded.value > 0n && decoded.chainId !== undefined) {
    const taken = await takeDailyValue(
      db,
      identity,
      counterDapp,
      decoded.chainId,
      decoded.value,
      BigInt(limit),
      now,
    )
    if (!taken.ok) {
      const unit = decoded.chainId.startsWith('solana:') ? 'lamports' : 'wei'
      throw new PolicyDeniedError(
        'dailyLimits',
        `${decoded.value} ${unit} on ${decoded.chainId} would pass today's limit of ${limit} ${unit} (${taken.spent} ${unit} used)`,
      )
    }
  }
}
