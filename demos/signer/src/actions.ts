/**
 * The app's flows, each a function the screens call: boot (OIDC return, the platform's launch —
 * Telegram `startapp`, a WeChat code, a pairing link in the URL — and the optional biometrics
 * gate), login with the providers the platform offers, onboarding with progress, backup and its
 * check, pairing (`tessera:` and `wc:`), approving and rejecting (with haptics), sessions,
 * recovery, refresh, export, passcode, language, logout. Each failure becomes an `AppError` with
 * a way forward (retry, or log in again); nothing is left spinning.
 */
import { parsePairingUri } from '@tessera/protocol'
import {
  checkNewPasscode,
  loadCloudBackup,
  type ResumableRequest,
  type SoterAnswer,
  type SoterRequest,
  saveCloudBackup,
} from '@tessera/signer'
import {
  type AppConfig,
  checkEndpoints,
  type Endpoints,
  OVERRIDES_KEY,
  type Platform,
} from './config.ts'
import { type Locale, type MessageKey, translate } from './i18n.ts'
import { explainApp } from './services/appErrors.ts'
import type { Backend } from './services/backend.ts'
import {
  pairingUriFrom,
  pairingUriFromLocation,
  pairingUriFromStartParam,
} from './services/links.ts'
import { finishOidcLogin, startOidcLogin, telegramLaunch } from './services/login.ts'
import type { AppPlatform, LoginProvider } from './services/platform.ts'
import { clearSoterPending, saveSoterPending, takeSoterPending } from './services/soterPending.ts'
import type { TelegramUi } from './services/telegramUi.ts'
import {
  type ExportedKey,
  type InboxView,
  type MaintenanceProgress,
  NotAvailableError,
  type PhraseAnswers,
  RECOVERY_WORDS,
} from './services/types.ts'
import type { AppError, SoterStep, Store, Tab } from './store.ts'

export type Host = {
  readonly location: { origin: string; pathname: string; hash: string; search: string }
  /** Leaves the page (the login redirect). */
  assign(url: string): void
  /** Replaces the URL without reloading (drops a consumed fragment). */
  replaceUrl(url: string): void
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>
  /** Per-tab storage (sessionStorage): the pending login's state and nonce. */
  readonly tabStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>
  /** The detected platform (services/platform.ts); a browser without adapter when absent. */
  readonly platform?: AppPlatform
  /** The Mini App's buttons and biometrics, inside Telegram. */
  readonly telegramUi?: TelegramUi
}

const LOCALE_KEY = 'tessera.locale'
const BIOMETRICS_KEY = 'tessera.biometrics'
/** 'on' once the person set a passcode: the app asks for it before opening the vault. */
export const PASSCODE_KEY = 'tessera.passcode'
/** The name of the backup file's chunks in Telegram CloudStorage (`tessera_backup_0…`, `_meta`). */
export const CLOUD_BACKUP_NAME = 'tessera_backup'
const PASSCODE_ERRORS = new Set(['WrongPasscodeError', 'PasscodeRequiredError'])

/** The words of a typed backup phrase: lower case, any whitespace or commas between them. */
export function phraseWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,，、]+/)
    .filter((word) => word !== '')
}

/** The WeChat shell's SOTER round trip (`wechatWebViewPlatform`'s `soter`), where there is one. */
type SoterShell = {
  request(request: SoterRequest): Promise<never>
  take(): SoterAnswer | undefined
}

/** The co-signer's `requireSoter` denial as the inbox throws it: the purpose to confirm. */
function soterDenial(error: unknown): string | undefined {
  const e = error as { code?: unknown; rule?: unknown; purpose?: unknown } | null
  if (e === null || typeof e !== 'object') return undefined
  return e.code === 'PolicyDenied' && e.rule === 'requireSoter' && typeof e.purpose === 'string'
    ? e.purpose
    : undefined
}

/** WeChat's SOTER errCodes as the sentence the approval screen shows. */
const SOTER_ERRORS: Readonly<Record<number, MessageKey>> = {
  90001: 'soter.unsupported',
  90008: 'soter.cancelled',
  90009: 'soter.notRecognised',
  90011: 'soter.notEnrolled',
}

const sameRequest = (item: InboxView, kept: ResumableRequest): boolean =>
  item.resumable !== undefined &&
  item.resumable.sessionId === kept.sessionId &&
  item.resumable.request.id === kept.request.id

export type Actions = ReturnType<typeof createActions>

export function createActions(store: Store, backend: Backend, config: AppConfig, host: Host) {
  const telegram = host.platform ? undefined : telegramLaunch(host.location.hash)
  const platform: Platform = host.platform?.name ?? (telegram ? 'telegram' : 'browser')
  const providers: readonly LoginProvider[] = host.platform?.providers ?? [
    ...(telegram ? (['telegram'] as const) : []),
    ...(config.devLoginUrl !== undefined ? (['oidc'] as const) : []),
  ]
  const startParam = host.platform?.startParam ?? telegram?.startParam
  const haptic = (kind: 'success' | 'warning' | 'error') => host.platform?.adapter.haptic(kind)
  const soterShell = (host.platform?.adapter as { soter?: SoterShell } | undefined)?.soter
  const soterStep = (step: SoterStep | undefined) => store.set({ soter: step })

  const sync = () => {
    store.set({ wallet: backend.wallet(), sessions: backend.sessions(), inbox: backend.inbox() })
  }

  const fail = (error: unknown, retry?: () => void, retryLabel?: MessageKey) => {
    const explained = explainApp(error)
    if (import.meta.env?.DEV) console.warn('[signer]', error)
    if (explained.key === 'quiet' || explained.key === 'roundTrip') {
      store.set({
        loginBusy: undefined,
        pairing: undefined,
        approving: undefined,
        ...(explained.key === 'roundTrip' ? { notice: { key: 'login.roundTrip' } } : {}),
      })
      return
    }
    haptic('error')
    const appError: AppError = {
      key: explained.key,
      ...(explained.detail ? { detail: explained.detail } : {}),
      ...(explained.rule ? { rule: explained.rule } : {}),
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

  const notAvailable = (what: string) => () => Promise.reject(new NotAvailableError(what))
  const maintenance = {
    recover: backend.recover?.bind(backend) ?? notAvailable('Recovery'),
    refresh: backend.refresh?.bind(backend) ?? notAvailable('Refresh'),
    exportPrivateKey: backend.exportPrivateKey?.bind(backend) ?? notAvailable('Export'),
    changePasscode: backend.changePasscode?.bind(backend) ?? notAvailable('A passcode'),
  }

  /** Runs a recovery or refresh with its progress on screen; the new backup is due after it. */
  async function maintain(
    kind: 'recover' | 'refresh',
    run: (onProgress: (progress: MaintenanceProgress) => void) => Promise<void>,
  ): Promise<boolean> {
    const startedAt = Date.now()
    store.set({
      maintenance: { kind, progress: { phase: 'start', percent: 0 }, startedAt },
      error: undefined,
      notice: undefined,
    })
    try {
      await run((progress) => store.set({ maintenance: { kind, progress, startedAt } }))
    } catch (error) {
      store.set({ maintenance: undefined })
      fail(error)
      return false
    }
    store.set({
      maintenance: undefined,
      overlay: undefined,
      tab: 'home',
      notice: { key: kind === 'recover' ? 'recover.done' : 'refresh.done' },
    })
    sync()
    store.set({ showBackup: true, backup: backend.backup() })
    return true
  }

  /**
   * The co-signer wants a fingerprint confirmation of `purpose` before it signs `item`: inside
   * WeChat the screen asks for a challenge, keeps the request for the next load
   * (services/soterPending.ts) and hands off to the shell, which answers by reloading the page;
   * elsewhere it says where this can be done.
   */
  async function startSoter(item: InboxView, purpose: string): Promise<void> {
    const base = { itemId: item.id, purpose }
    const wallet = store.get().wallet
    if (soterShell === undefined || backend.soter === undefined || wallet.status !== 'ready') {
      soterStep({ ...base, phase: 'unavailable' })
      return
    }
    if (item.resumable === undefined) {
      // A WalletConnect request cannot wait across the reload WeChat's prompt brings.
      soterStep({ ...base, phase: 'unavailable', reason: 'soter.notResumable' })
      return
    }
    soterStep({ ...base, phase: 'starting' })
    try {
      const { challenge, expiresAt } = await backend.soter.challenge(purpose)
      saveSoterPending(
        host.storage,
        { identity: wallet.identity, purpose, expiresAt, resumable: item.resumable },
        Date.now(),
      )
      soterStep({ ...base, phase: 'handedOff' })
      await soterShell.request({
        challenge,
        purpose,
        authContent: translate(store.get().locale, 'soter.prompt'),
      })
    } catch (error) {
      // The shell has the challenge: the answer comes with the next load of this page.
      if ((error as { code?: unknown } | null)?.code === 'RoundTrip') return
      clearSoterPending(host.storage)
      const detail = error instanceof Error ? error.message : String(error)
      soterStep({ ...base, phase: 'failed', reason: 'soter.handOffFailed', detail })
    }
  }

  /** The inbox item of a kept request once the restored session queued it again. */
  function waitForItem(
    kept: ResumableRequest,
    done: Promise<unknown>,
  ): Promise<InboxView | undefined> {
    return new Promise((resolve) => {
      const found = () => store.get().inbox.find((item) => sameRequest(item, kept))
      const now = found()
      if (now !== undefined) return resolve(now)
      const off = store.subscribe(() => {
        const item = found()
        if (item === undefined) return
        off()
        resolve(item)
      })
      // Answered without being shown (its deadline passed, or the session refused it).
      void done.finally(() => {
        off()
        resolve(found())
      })
    })
  }

  /**
   * On load: a request kept before a SOTER hand-off comes back into the inbox through its restored
   * session; with WeChat's answer for it the co-signer verifies the fingerprint and the request is
   * signed, answered to the dapp under its own id. Anything else (cancelled, expired, refused)
   * stays on the approval screen with a retry and a reject.
   */
  async function resumeSoter(): Promise<void> {
    const answer = soterShell?.take()
    const read = takeSoterPending(host.storage, Date.now())
    if (read.kind === 'none' || read.kind === 'invalid') {
      if (answer !== undefined || read.kind === 'invalid')
        store.set({ error: { key: 'soter.lost' } })
      return
    }
    const { pending } = read
    const wallet = store.get().wallet
    if (
      backend.resume === undefined ||
      wallet.status !== 'ready' ||
      wallet.identity !== pending.identity
    ) {
      store.set({ error: { key: 'soter.lost' } })
      return
    }
    const answered = backend.resume(pending.resumable).catch((error: unknown) => fail(error))
    const item = await waitForItem(pending.resumable, answered)
    if (item === undefined) {
      store.set({ error: { key: 'soter.lost' } })
      return
    }
    const base = { itemId: item.id, purpose: pending.purpose }
    if (read.kind === 'expired') return soterStep({ ...base, phase: 'expired' })
    if (answer === undefined)
      return soterStep({ ...base, phase: 'failed', reason: 'soter.noAnswer' })
    if (answer.purpose !== pending.purpose)
      return soterStep({ ...base, phase: 'failed', reason: 'soter.mismatch' })
    if ('errCode' in answer) {
      return soterStep({
        ...base,
        phase: 'failed',
        reason: SOTER_ERRORS[answer.errCode] ?? 'soter.shellFailed',
        detail: `${answer.errCode}`,
      })
    }
    soterStep({ ...base, phase: 'verifying' })
    try {
      await backend.soter?.verify(answer)
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      return soterStep({ ...base, phase: 'failed', reason: 'soter.refused', detail })
    }
    soterStep({ ...base, phase: 'signing' })
    await answerItem(item.id, true)
  }

  async function answerItem(id: string, approve: boolean) {
    const item = store.get().inbox.find((entry) => entry.id === id)
    if (item === undefined) return
    const during = store.get().soter
    store.set({ approving: approve ? id : undefined, error: undefined })
    try {
      if (approve) await item.approve()
      else await item.reject()
      haptic(approve ? 'success' : 'warning')
      if (during?.itemId === id) clearSoterPending(host.storage)
      store.set({
        approving: undefined,
        ...(during?.itemId === id ? { soter: undefined } : {}),
        notice: {
          key: approve ? 'approve.approved' : 'approve.rejected',
          values: { name: item.session.name },
        },
      })
    } catch (error) {
      const purpose = approve ? soterDenial(error) : undefined
      if (purpose !== undefined) {
        // Not a refusal: the item waits again while the fingerprint is asked for.
        store.set({ approving: undefined })
        sync()
        await startSoter(store.get().inbox.find((entry) => entry.id === id) ?? item, purpose)
        return
      }
      if (during?.itemId === id) store.set({ soter: undefined })
      fail(error)
    }
    sync()
  }

  let booted = false
  let launch: { oidc: ReturnType<typeof finishOidcLogin>; linked: string | undefined } | undefined
  return {
    platform,
    providers,
    /**
     * Starts the app; `passcode` is the one typed on the unlock screen. The launch (OIDC return,
     * pairing link) is read once and kept, so an unlock after a wrong passcode still uses it.
     */
    async boot(passcode?: string) {
      if (!booted) backend.onChange(sync)
      booted = true
      const { location } = host
      // The unlock screen (a typed passcode) is reached only past the biometrics gate.
      if (
        passcode === undefined &&
        host.telegramUi &&
        host.storage.getItem(BIOMETRICS_KEY) === 'on'
      ) {
        const passed = await host.telegramUi.biometricGate('Open your Tessera wallet')
        if (!passed) {
          store.set({ locked: true, wallet: { status: 'loading' } })
          return
        }
        store.set({ locked: false })
      }
      if (launch === undefined) {
        launch = {
          oidc: finishOidcLogin(host.tabStorage, location.hash),
          linked: pairingUriFromLocation(location),
        }
        if (launch.oidc.kind !== 'none' || launch.linked) host.replaceUrl(`${location.origin}/`)
      }
      const { oidc, linked } = launch
      const started = pairingUriFromStartParam(startParam)
      if (passcode === undefined && host.storage.getItem(PASSCODE_KEY) === 'on') {
        store.set({ passcodeNeeded: true, wallet: { status: 'loading' } })
        return
      }
      store.set({ unlocking: passcode !== undefined, error: undefined })
      try {
        await backend.start(passcode)
      } catch (error) {
        store.set({ unlocking: false })
        const name = (error as { name?: unknown } | null)?.name
        if (typeof name === 'string' && PASSCODE_ERRORS.has(name)) {
          // A vault with a passcode this device did not record: ask for it.
          host.storage.setItem(PASSCODE_KEY, 'on')
          store.set({ passcodeNeeded: true, wallet: { status: 'loading' } })
          if (passcode !== undefined) fail(error)
          return
        }
        fail(error, () => void this.boot(passcode))
        return
      }
      store.set({ passcodeNeeded: false, unlocking: false })
      // The launch is used once: a later boot (retry) does not log in or pair with it again.
      launch = { oidc: { kind: 'none' }, linked: undefined }
      sync()
      if (host.platform?.codeWaiting && store.get().wallet.status === 'signedOut') {
        // A WeChat code is single-use and short-lived: exchange it at once.
        await this.loginWith('wechat')
      }
      if (oidc.kind === 'badState') store.set({ error: { key: 'error.loginState' } })
      if (oidc.kind === 'ok') {
        const resumed = oidc.resume ? pairingUriFrom(`${location.origin}${oidc.resume}`) : undefined
        if (resumed) offerPair(resumed)
        await login(oidc.proof)
      }
      if (linked ?? started) offerPair((linked ?? started) as string)
      if (store.get().wallet.status === 'ready') await resumeSoter()
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
      if (host.platform?.name === 'telegram') void this.loginWith('telegram')
      else if (telegram) void login({ kind: 'telegram', initData: telegram.initData })
    },
    /** Logs in with a provider the platform offers (its adapter fetches a fresh proof). */
    async loginWith(provider: LoginProvider) {
      if (provider === 'oidc') return this.loginDev()
      const adapter = host.platform?.adapter
      if (adapter === undefined) return this.loginTelegram()
      store.set({ loginBusy: 'login.checking', error: undefined })
      let proof: Parameters<Backend['login']>[0]
      try {
        proof = await adapter.loginProof()
      } catch (error) {
        fail(error, () => void this.loginWith(provider))
        return
      }
      await login(proof)
    },
    canLogin: {
      dev: providers.includes('oidc'),
      telegram: providers.includes('telegram'),
    },
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
    /** Pairs with a pasted, scanned or linked pairing text (`tessera:`, its link, or `wc:`). */
    async pair(text: string) {
      const uri = pairingUriFrom(text)
      if (uri === undefined) {
        store.set({ error: { key: 'pair.invalid' } })
        return
      }
      let name = 'WalletConnect'
      if (!uri.startsWith('wc:')) {
        try {
          name = parsePairingUri(uri, { now: Math.floor(Date.now() / 1000) }).name
        } catch (error) {
          fail(error)
          return
        }
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
    answer: answerItem,
    /** Asks for the fingerprint confirmation again (new challenge, new hand-off). */
    async retrySoter() {
      const step = store.get().soter
      const item = store.get().inbox.find((entry) => entry.id === step?.itemId)
      if (step === undefined || item === undefined) return soterStep(undefined)
      await startSoter(item, step.purpose)
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
    /** Opens the recovery screen (from login's or onboarding's "recover on a new device"). */
    openOverlay(overlay: 'recover' | 'export' | undefined) {
      store.set({ overlay, error: undefined, notice: undefined })
    },
    /** Recovery on a new device from the typed backup phrase. */
    async recover(text: string): Promise<boolean> {
      const phrase = phraseWords(text)
      if (phrase.length !== RECOVERY_WORDS) {
        store.set({ error: { key: 'error.phrase' } })
        return false
      }
      return maintain('recover', (onProgress) => maintenance.recover({ phrase, onProgress }))
    },
    /** Recovery from the backup file (loaded from Telegram Cloud) and its passphrase. */
    async recoverFromFile(file: Uint8Array, passphrase: string): Promise<boolean> {
      if (passphrase === '') {
        store.set({ error: { key: 'recover.passphrase' } })
        return false
      }
      return maintain('recover', (onProgress) =>
        maintenance.recover({ file, passphrase, onProgress }),
      )
    },
    /**
     * The sealed backup file from Telegram CloudStorage (saveCloudBackup's chunks, checked against
     * their checksum), or undefined with a sentence saying what to do instead.
     */
    async loadCloudBackup(): Promise<Uint8Array | undefined> {
      const adapter = host.platform?.adapter
      if (adapter === undefined || host.platform?.webApp === undefined) return undefined
      store.set({ error: undefined, notice: undefined })
      let file: Uint8Array | undefined
      try {
        file = await loadCloudBackup(adapter.storage, CLOUD_BACKUP_NAME)
      } catch (error) {
        fail(error, () => void this.loadCloudBackup())
        return undefined
      }
      if (file === undefined) {
        store.set({ error: { key: 'recover.cloudMissing' } })
        return undefined
      }
      store.set({ notice: { key: 'recover.cloudLoaded' } })
      return file
    },
    refresh: () => maintain('refresh', (onProgress) => maintenance.refresh(onProgress)),
    /** The export after its explicit confirmation; the caller wipes the key when it closes. */
    async exportKey(chainId: string): Promise<ExportedKey | undefined> {
      try {
        return await maintenance.exportPrivateKey({ chainId, confirmed: true })
      } catch (error) {
        fail(error)
        return undefined
      }
    },
    /** True once the person set a passcode on this device. */
    passcodeOn: () => host.storage.getItem(PASSCODE_KEY) === 'on',
    /** Sets (current '' when none is set) or changes the passcode; `repeat` must equal `next`. */
    async changePasscode(current: string, next: string, repeat = next): Promise<boolean> {
      try {
        checkNewPasscode(next)
      } catch {
        store.set({ error: { key: 'settings.passcodeWeak' }, notice: undefined })
        return false
      }
      if (repeat !== next) {
        store.set({ error: { key: 'settings.passcodeMismatch' }, notice: undefined })
        return false
      }
      try {
        await maintenance.changePasscode({ ...(current ? { current } : {}), next })
      } catch (error) {
        fail(error)
        return false
      }
      host.storage.setItem(PASSCODE_KEY, 'on')
      store.set({ notice: { key: 'settings.passcodeSaved' }, error: undefined })
      return true
    },
    /** Saves the relay and co-signer URLs for the next start; false when one is not a URL. */
    saveEndpoints(endpoints: Endpoints): boolean {
      const checked = checkEndpoints(endpoints)
      if (checked === undefined) {
        store.set({ error: { key: 'settings.endpointsInvalid' } })
        return false
      }
      if (Object.keys(checked).length === 0) host.storage.removeItem(OVERRIDES_KEY)
      else host.storage.setItem(OVERRIDES_KEY, JSON.stringify(checked))
      store.set({ error: undefined, notice: { key: 'settings.endpointsSaved' } })
      return true
    },
    savedEndpoints: (): Endpoints => {
      try {
        return (JSON.parse(host.storage.getItem(OVERRIDES_KEY) ?? '{}') as Endpoints) ?? {}
      } catch {
        return {}
      }
    },
    /** Telegram only: the encrypted backup file may also go to CloudStorage (chunked). */
    cloudBackup: host.platform?.name === 'telegram' && host.platform.webApp !== undefined,
    /** Stores the sealed backup file in CloudStorage; the plain share can never go there. */
    saveCloudBackup: async (file: Uint8Array): Promise<boolean> => {
      const adapter = host.platform?.adapter
      if (adapter === undefined || host.platform?.webApp === undefined) return false
      try {
        await saveCloudBackup(adapter.storage, adapter.limits, CLOUD_BACKUP_NAME, file)
      } catch (error) {
        fail(error)
        return false
      }
      store.set({ notice: { key: 'backup.cloudSaved' }, error: undefined })
      return true
    },
    biometricsOn: () => host.storage.getItem(BIOMETRICS_KEY) === 'on',
    setBiometrics(on: boolean) {
      if (on) host.storage.setItem(BIOMETRICS_KEY, 'on')
      else host.storage.removeItem(BIOMETRICS_KEY)
    },
    hasBiometrics: () => host.telegramUi?.biometricsAvailable() ?? Promise.resolve(false),
    /** Opens a link outside the signer the way the platform allows (Telegram: openLink). */
    async openLink(url: string) {
      try {
        if (host.platform) await host.platform.adapter.openLink(url)
        else window.open(url, '_blank', 'noopener,noreferrer')
      } catch (error) {
        fail(error)
      }
    },
    setLocale(locale: Locale) {
      host.storage.setItem(LOCALE_KEY, locale)
      store.set({ locale })
    },
    savedLocale: () => host.storage.getItem(LOCALE_KEY) ?? undefined,
    telegramLanguage: host.platform?.language ?? telegram?.language,
    /** Shows any failure of a screen's own call (backup phrase, file) with its sentence. */
    showError: (error: unknown) => fail(error),
    setTab: (tab: Tab) => store.set({ tab, notice: undefined, overlay: undefined }),
    dismissError: () => store.set({ error: undefined }),
    dismissNotice: () => store.set({ notice: undefined }),
  }
}
