/**
 * The app's state, in one small module: a plain object replaced on every change, subscribers
 * notified, and `useApp()` for components. Screens read it; `actions.ts` changes it. Nothing here
 * holds key material: shares live in the Worker's vault, the page sees public data only.
 */
import { useEffect, useState } from 'preact/hooks'
import type { Locale, MessageKey } from './i18n.ts'
import type { PolicyRule } from './services/explain.ts'
import type {
  BackupMaterial,
  InboxView,
  MaintenanceProgress,
  OnboardingProgress,
  SessionView,
  WalletView,
} from './services/types.ts'

export type Tab = 'home' | 'pair' | 'sessions' | 'settings'

/** A message a person understands and what they can do next. */
export type AppError = {
  readonly key: MessageKey
  readonly detail?: string
  /** For a co-signer policy denial: the rule that refused, told in words, its name below. */
  readonly rule?: PolicyRule
  /** The way forward: a button that retries, or goes back to login. */
  readonly retry?: () => void
  readonly retryLabel?: MessageKey
}

/** A screen over the tabs: recovery on a new device, or the export with its confirmation. */
export type Overlay = 'recover' | 'export'

/** A recovery or refresh under way, with its progress. */
export type Maintenance = {
  readonly kind: 'recover' | 'refresh'
  readonly progress: MaintenanceProgress
  readonly startedAt: number
}

export type Notice = { readonly key: MessageKey; readonly values?: Record<string, string> }

/**
 * The SOTER second factor of one inbox item (docs/AUTH.md#soter-biometrics): the co-signer
 * refused it for want of a fingerprint confirmation of `purpose`, and the approval screen shows
 * where the confirmation stands. `unavailable` outside WeChat; `handedOff` while WeChat asks for
 * the finger (the page is then replaced); `failed` and `expired` offer retry or reject.
 */
export type SoterStep = {
  readonly itemId: string
  readonly purpose: string
  readonly phase:
    | 'unavailable'
    | 'starting'
    | 'handedOff'
    | 'verifying'
    | 'signing'
    | 'failed'
    | 'expired'
  /** `failed`: the sentence saying what went wrong. */
  readonly reason?: MessageKey
  readonly detail?: string
}

export type AppState = {
  readonly locale: Locale
  readonly tab: Tab
  readonly wallet: WalletView
  /** Set while a login redirect or check runs. */
  readonly loginBusy: MessageKey | undefined
  readonly progress: OnboardingProgress | undefined
  readonly onboardingStartedAt: number | undefined
  readonly backup: BackupMaterial | undefined
  /** The backup screen is open (after onboarding, or from home). */
  readonly showBackup: boolean
  /** A pairing link waiting for the person's confirmation (opened from `/pair#…` or scanned). */
  readonly pendingPair: string | undefined
  readonly pairing: string | undefined
  readonly sessions: readonly SessionView[]
  readonly inbox: readonly InboxView[]
  readonly approving: string | undefined
  /** A fingerprint confirmation the co-signer asked for before signing an inbox item. */
  readonly soter: SoterStep | undefined
  readonly error: AppError | undefined
  readonly notice: Notice | undefined
  readonly overlay: Overlay | undefined
  readonly maintenance: Maintenance | undefined
  /** The biometrics gate was not passed: the wallet stays closed until it is. */
  readonly locked: boolean
  /** The vault has a passcode: the unlock screen asks for it before anything opens. */
  readonly passcodeNeeded: boolean
  /** An unlock with a typed passcode is running (argon2id takes a moment). */
  readonly unlocking: boolean
}

export function initialState(locale: Locale): AppState {
  return {
    locale,
    tab: 'home',
    wallet: { status: 'loading' },
    loginBusy: undefined,
    progress: undefined,
    onboardingStartedAt: undefined,
    backup: undefined,
    showBackup: false,
    pendingPair: undefined,
    pairing: undefined,
    sessions: [],
    inbox: [],
    approving: undefined,
    soter: undefined,
    error: undefined,
    notice: undefined,
    overlay: undefined,
    maintenance: undefined,
    locked: false,
    passcodeNeeded: false,
    unlocking: false,
  }
}

export type Store = {
  get(): AppState
  set(patch: Partial<AppState>): void
  subscribe(listener: (state: AppState) => void): () => void
}

export function createStore(initial: AppState): Store {
  let state = initial
  const listeners = new Set<(state: AppState) => void>()
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch }
      for (const listener of listeners) listener(state)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** The current state, re-rendering the component on every change. */
export function useStore(store: Store): AppState {
  const [state, setState] = useState(store.get())
  useEffect(() => {
    setState(store.get())
    return store.subscribe(setState)
  }, [store])
  return state
}
