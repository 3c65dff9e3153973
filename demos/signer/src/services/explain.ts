/**
 * Turns any failure into the sentence a person reads (a message key of i18n.ts) and a detail,
 * by the error's `name` and `code` (errors cross the Worker boundary as plain objects, so no
 * `instanceof`). The raw message is only ever a detail under a human sentence, never the headline.
 */
import type { MessageKey } from '../i18n.ts'

/** A co-signer policy rule that refused a request: its sentence and its name (`recipients.deny`). */
export type PolicyRule = { readonly reason: MessageKey; readonly name: string }

export type Explained = {
  readonly key: MessageKey
  readonly detail?: string
  readonly rule?: PolicyRule
}

/**
 * The sentence for each rule the co-signer's policy names in a denial (packages/cosigner
 * `evaluatePolicy.ts`, `authorizeSigning.ts`); a rule this app does not know yet gets a general
 * sentence, its name still shown.
 */
const POLICY_REASONS: Readonly<Record<string, MessageKey>> = {
  methods: 'policy.methods',
  chains: 'policy.chains',
  'recipients.deny': 'policy.recipients.deny',
  'recipients.allow': 'policy.recipients.allow',
  'contracts.deny': 'policy.contracts.deny',
  'contracts.allow': 'policy.contracts.allow',
  allowContractCreation: 'policy.allowContractCreation',
  rateLimit: 'policy.rateLimit',
  dailyLimits: 'policy.dailyLimits',
  tokenLimits: 'policy.tokenLimits',
  exportWindow: 'policy.exportWindow',
  requireSoter: 'soter.why',
}

export const policyRule = (name: string): PolicyRule => ({
  reason: Object.hasOwn(POLICY_REASONS, name)
    ? (POLICY_REASONS[name] as MessageKey)
    : 'policy.other',
  name,
})

/** The co-signer's own sentence, `policy rule "<rule>" denied the request: …`, where no field names it. */
const SENTENCE = /policy rule "([A-Za-z0-9_.:-]{1,64})" denied/

const field = (error: unknown, name: string): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined
  const value = (error as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : undefined
}

export function explain(error: unknown): Explained {
  const name = field(error, 'name')
  const code = field(error, 'code')
  const detail = (field(error, 'shortMessage') ?? field(error, 'message') ?? String(error)).slice(
    0,
    300,
  )
  if (name === 'PairingUriError')
    return { key: code === 'Expired' ? 'pair.expired' : 'pair.invalid' }
  if (name === 'PairingError') {
    if (code === 'Refused') return { key: 'pair.refused' }
    if (code === 'Timeout') return { key: 'pair.timeout' }
    return { key: 'error.unknown', detail }
  }
  if (name === 'VaultLockedError') return { key: 'error.locked' }
  if (name === 'CosignerKeyError') return { key: 'error.cosignerKey' }
  switch (code) {
    case 'PolicyDenied': {
      // The inbox's DappsError names the policy rule that denied the request: say what it means.
      const rule = field(error, 'rule') ?? SENTENCE.exec(detail)?.[1]
      if (rule === undefined || rule === 'unknown') return { key: 'error.policy', detail }
      return { key: 'error.policyRule', rule: policyRule(rule) }
    }
    case 'Unsupported':
      return { key: 'error.unsupported', detail }
    case 'LoginFailed':
    case 'Unauthorized':
    case 'SessionExpired':
      return { key: 'error.login' }
    case 'ConnectionLost':
    case 'ReplyTimeout':
    case 'HandshakeFailed':
      return { key: 'error.network' }
  }
  if (name === 'TypeError' && /fetch|network/i.test(detail)) return { key: 'error.network' }
  return { key: 'error.unknown', detail }
}
