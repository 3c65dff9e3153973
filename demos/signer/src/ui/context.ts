/**
 * What every screen reads: the state, the actions, the configuration and `t` for the current
 * language, through one Preact context so screens take no props they would only pass on.
 */
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Actions } from '../actions.ts'
import type { AppConfig } from '../config.ts'
import type { MessageKey } from '../i18n.ts'
import type { AppState } from '../store.ts'

export type Translate = (
  key: MessageKey,
  values?: Readonly<Record<string, string | number>>,
) => string

export type AppContextValue = {
  readonly state: AppState
  readonly actions: Actions
  readonly config: AppConfig
  readonly t: Translate
}

export const AppContext = createContext<AppContextValue | undefined>(undefined)

export function useApp(): AppContextValue {
  const value = useContext(AppContext)
  if (value === undefined) throw new Error('useApp() outside <AppContext.Provider>')
  return value
}
