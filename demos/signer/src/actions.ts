/**
 * The app's flows, each a function the screens call: boot (OIDC return, Telegram launch, a
 * pairing link in the URL), login, onboarding with progress, backup and its check, pairing,
 * approving and rejecting, sessions, language, logout. Each failure becomes an `AppError` with a
 * way forward (retry, or log in again); nothing is left spinning.
 */
import { parsePairingUri } from '@tessera/protocol'
import type { AppConfig, Platform } from './config.ts'
import type { Locale, MessageKey } from './i18n.ts'
import type { Backend } from './services/backend.ts'
import { explain } from './services/explain.ts'
import {
  pairingUriFrom,
  pairingUriFromLocation,
  pairingUriFromStartParam,
} from './services/links.ts'
import { finishOidcLogin, startOidcLogin, telegramLaunch } from './services/login.ts'
import type { PhraseAnswers } from './services/types.ts'
import type { AppError, Store, Tab } from './store.ts'

export type Host = {
  readonly location: { origin: string; pathname: string; hash: string; search: string }
  /** Leaves the page (the login redirect). */
  assign(url: string): void
  /** Replaces the URL without reloading (drops a consumed fragment). */
  replaceUrl(url: string): void
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>
  /** Per-tab storage (sessionStorage): the pending login's state and nonce. */
  readonly tabStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>
}

const LOCALE_KEY = 'tessera.locale'

export type Actions = ReturnType<typeof createActions>

export function createActions(store: Store, backend: Backend, config: AppConfig, host: Host) {
  const telegram = telegramLaunch(host.location.hash)
  const platform: Platform = telegram ? 'telegram' : 'browser'

  const sync = () => {
    store.set({ wallet: backend.wallet(), sessions: backend.sessions(), inbox: backend.inbox() })
  }

  const fail = (error: unknown, retry?: () => void, retryLabel?: MessageKey) => {
    const explained = explain(error)
    if (import.meta.env.DEV) console.warn('[signer]', error)
    const appError: AppError = {
      key: explained.key,
      ...(explained.detail ? { detail: explained.detail } : {}),
      ...(retry ? { retry, retryLabel: retryLabel ?? 'error.retry' } : {}),
    }
    store.set({ error: appError, loginBusy: undefined, pairing: undefined, approving: undefined })
  }

  async function login(proof: Parameters<Backend['login']>[0]) {
    store.set({ loginBusy: 'login.checking', error: undefined })
    try {
      await backend.login(proof)
      store.set({ loginBusy: undefined })
      sync()
    } catch (error) {
      fail(error, () => store.set({ error: undefined }), 'error.dismiss')
    }
  }

  function offerPair(uri: string) {
    store.set({ pendingPair: uri, tab: 'pair' })
  }

  return {
    platform,
    async boot() {
      backend.onChange(sync)
      const { location } = host
      const oidc = finishOidcLogin(host.tabStorage, location.hash)
      const linked = pairingUriFromLocation(location)
      const started = pairingUriFromStartParam(telegram?.startParam)
      if (oidc.kind !== 'none' || linked) host.replaceUrl(`${location.origin}/`)
      try {
        await backend.start()
      } catch (error) {
        fail(error, () => void this.boot())
        return
      }
      sync()
      if (oidc.kind === 'badState') store.set({ error: { key: 'error.loginState' } })
      if (oidc.kind === 'ok') {
        const resumed = oidc.resume ? pairingUriFrom(`${location.origin}${oidc.resume}`) : undefined
        if (resumed) offerPair(resumed)
        await login(oidc.proof)
      }
      if (linked ?? started) offerPair((linked ?? started) as string)
    },
    loginDev() {
      if (config.devLoginUrl === undefined) return
      store.set({ loginBusy: 'login.redirecting' })
      const pending = store.get().pendingPair
      host.assign(
        startOidcLogin(
          host.tabStorage,
          config.devLoginUrl,
          host.location.origin,
          pending ? `/pair#${pending}` : undefined,
        ),
      )
    },
    loginTelegram() {
      if (telegram) void login({ kind: 'telegram', initData: telegram.initData })
    },
    canLogin: { dev: config.devLoginUrl !== undefined, telegram: telegram !== undefined },
    async onboard() {
      store.set({
        progress: { phase: 'start', percent: 0 },
        onboardingStartedAt: Date.now(),
        error: undefined,
      })
      try {
        await backend.onboard((progress) => store.set({ progress }))
        store.set({ progress: undefined, onboardingStartedAt: undefined, showBackup: true })
        sync()
        await this.openBackup()
      } catch (error) {
        store.set({ progress: undefined, onboardingStartedAt: undefined })
        fail(error, () => void this.onboard())
      }
    },
    async openBackup() {
      store.set({ showBackup: true, backup: backend.backup() })
    },
    /** Checks the typed words (or, with `undefined`, records that the file or QR was saved). */
    async confirmBackup(answers: PhraseAnswers | undefined): Promise<boolean> {
      const backup = store.get().backup
      if (backup === undefined) return false
      try {
        if (answers === undefined) await backup.confirmFile()
        else if (!(await backup.confirmPhrase(answers))) return false
      } catch (error) {
        fail(error)
        return false
      }
      store.set({ showBackup: false, backup: undefined, notice: { key: 'backup.done' } })
      sync()
      return true
    },
    skipBackup() {
      store.set({ showBackup: false, backup: undefined })
    },
    offerPair,
    /** Pairs with a pasted, scanned or linked pairing text. */
    async pair(text: string) {
      const uri = pairingUriFrom(text)
      if (uri === undefined) {
        store.set({ error: { key: 'pair.invalid' } })
        return
      }
      let name = ''
      try {
        name = parsePairingUri(uri, { now: Math.floor(Date.now() / 1000) }).name
      } catch (error) {
        fail(error)
        return
      }
      store.set({ pairing: name, error: undefined, notice: undefined })
      try {
        const session = await backend.pair(uri)
        store.set({
          pairing: undefined,
          pendingPair: undefined,
          tab: 'home',
          notice: { key: 'pair.done', values: { name: session.name } },
        })
        sync()
      } catch (error) {
        store.set({ pendingPair: undefined })
        fail(error)
      }
    },
    async answer(id: string, approve: boolean) {
      const item = store.get().inbox.find((entry) => entry.id === id)
      if (item === undefined) return
      store.set({ approving: approve ? id : undefined, error: undefined })
      try {
        if (approve) await item.approve()
        else await item.reject()
        store.set({
          approving: undefined,
          notice: {
            key: approve ? 'approve.approved' : 'approve.rejected',
            values: { name: item.session.name },
          },
        })
      } catch (error) {
        fail(error)
      }
      sync()
    },
    async rename(id: string, name: string) {
      try {
        await backend.rename(id, name)
        sync()
      } catch (error) {
        fail(error)
      }
    },
    async end(id: string) {
      try {
        await backend.end(id)
        store.set({ notice: { key: 'sessions.ended' } })
        sync()
      } catch (error) {
        fail(error)
      }
    },
    async logout() {
      try {
        await backend.logout()
        store.set({ tab: 'home', showBackup: false, backup: undefined })
        sync()
      } catch (error) {
        fail(error)
      }
    },
    setLocale(locale: Locale) {
      host.storage.setItem(LOCALE_KEY, locale)
      store.set({ locale })
    },
    savedLocale: () => host.storage.getItem(LOCALE_KEY) ?? undefined,
    telegramLanguage: telegram?.language,
    /** Shows any failure of a screen's own call (backup phrase, file) with its sentence. */
    showError: (error: unknown) => fail(error),
    setTab: (tab: Tab) => store.set({ tab, notice: undefined }),
    dismissError: () => store.set({ error: undefined }),
    dismissNotice: () => store.set({ notice: undefined }),
  }
}
