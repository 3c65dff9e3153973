/**
 * A co-signer policy denial, recognised wherever it surfaces: a `rule` field on the error (or on
 * one of its causes) with code `PolicyDenied`, or the co-signer's sentence `policy rule "<rule>"
 * denied the request: …` that its MPC channel carries as the error message. The inbox turns it
 * into `DappsError('PolicyDenied')` with `rule` for the screen, and the dapp's answer carries the
 * rule too (4100, `data.reason = 'PolicyDenied'`).
 */
import { providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import { DappsError } from './dappsError.ts'

const SENTENCE = /policy rule "([A-Za-z0-9_.:-]{1,64})" denied/

/** The rule that denied `error`, when it is a co-signer policy denial. */
export function policyRuleOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 5; depth++) {
    if (typeof e !== 'object' || e === null) return undefined
    const record = e as { code?: unknown; rule?: unknown; message?: unknown; cause?: unknown }
    if (record.code === 'PolicyDenied') {
      if (typeof record.rule === 'string' && record.rule !== '') return record.rule
      const found = typeof record.message === 'string' ? SENTENCE.exec(record.message) : null
      return found?.[1] ?? 'unknown'
    }
    e = record.cause
  }
  return undefined
}

const PURPOSE_TEXT = 'digest:[0-9a-f]{64}|action:[a-z][A-Za-z0-9_-]{0,63}'
const PURPOSE = new RegExp(`^(${PURPOSE_TEXT})$`)
const PURPOSE_IN_SENTENCE = new RegExp(`\\(purpose (${PURPOSE_TEXT})\\)`)

/**
 * The SOTER purpose a `requireSoter` denial names (the co-signer's sentence ends with
 * `(purpose digest:<64 hex>)`), searched along the causes; undefined for any other error.
 */
export function soterPurposeOf(error: unknown): string | undefined {
  if (policyRuleOf(error) !== 'requireSoter') return undefined
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 5; depth++) {
    if (typeof e !== 'object' || e === null) return undefined
    const record = e as { purpose?: unknown; message?: unknown; cause?: unknown }
    if (typeof record.purpose === 'string' && PURPOSE.test(record.purpose)) return record.purpose
    const found =
      typeof record.message === 'string' ? PURPOSE_IN_SENTENCE.exec(record.message) : null
    if (found?.[1] !== undefined) return found[1]
    e = record.cause
  }
  return undefined
}

/** What `approve()` throws for a denial: typed, with the rule (and the SOTER purpose it names). */
export const policyDeniedError = (rule: string, cause: unknown): DappsError => {
  const purpose = rule === 'requireSoter' ? soterPurposeOf(cause) : undefined
  return new DappsError(
    'PolicyDenied',
    `The co-signer's policy rule "${rule}" refused this request.`,
    { cause, rule, ...(purpose === undefined ? {} : { purpose }) },
  )
}

/** What the dapp receives for a denial. */
export const policyDeniedAnswer = (rule: string): Error =>
  providerError(
    RPC_ERROR_CODES.unauthorized,
    'The wallet’s co-signer policy refused the request.',
    {
      data: { reason: 'PolicyDenied', rule },
    },
  )
