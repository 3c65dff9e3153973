/**
 * Turns any failure into the sentence a person reads (a message key of i18n.ts) and a detail,
 * by the error's `name` and `code` (errors cross the Worker boundary as plain objects, so no
 * `instanceof`). The raw message is only ever a detail under a human sentence, never the headline.
 */
import type { MessageKey } from '../i18n.ts'

export type Explained = { readonly key: MessageKey; readonly detail?: string }

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
      // The inbox's DappsError names the policy rule that denied the request: show that.
      const rule = field(error, 'rule')
      return { key: 'error.policy', detail: rule === undefined ? detail : `rule "${rule}"` }
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
