/**
 * The sentences for the failures this app's own flows add (platform adapters, recovery, refresh,
 * export, passcode), checked before `explain.ts` (which covers the engine, pairing and approvals):
 * `NotAvailableError` (an engine method this build lacks), the vault's passcode errors,
 * `PlatformError` by code. `Cancelled` and
 * `RoundTrip` are not failures: the person closed a scanner, or the mini-program shell continues.
 */
import { type Explained, explain } from './explain.ts'

export type AppExplained = Explained | { readonly key: 'quiet' } | { readonly key: 'roundTrip' }

const field = (error: unknown, name: string): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined
  const value = (error as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : undefined
}

export function explainApp(error: unknown): AppExplained {
  const name = field(error, 'name')
  const code = field(error, 'code')
  const detail = (field(error, 'shortMessage') ?? field(error, 'message') ?? '').slice(0, 300)
  if (name === 'WrongPasscodeError') return { key: 'error.wrongPasscode' }
  if (name === 'PasscodeRequiredError') return { key: 'error.passcodeRequired' }
  if (name === 'WeakPasscodeError') return { key: 'settings.passcodeWeak' }
  if (name === 'WalletError' && code === 'WrongBackup') return { key: 'error.wrongBackup' }
  if (name === 'WalletError' && code === 'BackupOutdated') return { key: 'error.backupOutdated' }
  if (name === 'NotAvailableError' || code === 'NotAvailable')
    return { key: 'error.notAvailable', detail }
  if (name === 'PlatformError') {
    switch (code) {
      case 'Cancelled':
        return { key: 'quiet' }
      case 'RoundTrip':
        return { key: 'roundTrip' }
      case 'Unsupported':
        return { key: 'error.platformUnsupported', detail }
      case 'NoLogin':
        return { key: 'error.noLogin' }
      case 'HostFailed':
        return { key: 'error.hostFailed', detail }
    }
  }
  return explain(error)
}
