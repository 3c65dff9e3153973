/**
 * Settings: language; the relay and co-signer (shown, and the person's own URLs saved for the
 * next start); the platform and its chains; keys and backup (back up now, refresh the shares,
 * recover, export a private key behind its confirmation); the passcode; biometrics inside
 * Telegram; logout.
 */
import { useEffect, useState } from 'preact/hooks'
import { LOCALES, type Locale } from '../i18n.ts'
import { useApp } from '../ui/context.ts'
import { ProgressBar } from '../ui/ProgressBar.tsx'

const NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' }

function Endpoints() {
  const { actions, t } = useApp()
  const saved = actions.savedEndpoints()
  const [relayUrl, setRelay] = useState(saved.relayUrl ?? '')
  const [cosignerUrl, setCosigner] = useState(saved.cosignerUrl ?? '')
  return (
    <form
      class="stack"
      aria-labelledby="endpoints-title"
      onSubmit={(event) => {
        event.preventDefault()
        if (actions.saveEndpoints({ relayUrl: relayUrl.trim(), cosignerUrl: cosignerUrl.trim() }))
          location.reload()
      }}
    >
      <h2 id="endpoints-title">{t('settings.endpoints')}</h2>
      <label>
        {t('settings.relayEdit')}
        <input
          type="url"
          inputMode="url"
          value={relayUrl}
          onInput={(e) => setRelay((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('settings.cosignerEdit')}
        <input
          type="url"
          inputMode="url"
          value={cosignerUrl}
          onInput={(e) => setCosigner((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">{t('settings.endpointsSave')}</button>
    </form>
  )
}

function Passcode() {
  const { actions, t } = useApp()
  const [isOn, setOn] = useState(actions.passcodeOn())
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  return (
    <form
      class="stack"
      aria-labelledby="passcode-title"
      onSubmit={(event) => {
        event.preventDefault()
        void actions.changePasscode(isOn ? current : '', next, repeat).then((ok) => {
          if (ok) {
            setCurrent('')
            setNext('')
            setRepeat('')
            setOn(true)
          }
        })
      }}
    >
      <h2 id="passcode-title">{t('settings.passcode')}</h2>
      <p class="hint">{t(isOn ? 'settings.passcodeOn' : 'settings.passcodeNone')}</p>
      {isOn ? (
        <label>
          {t('settings.passcodeCurrent')}
          <input
            type="password"
            name="current-passcode"
            autocomplete="current-password"
            value={current}
            onInput={(e) => setCurrent((e.target as HTMLInputElement).value)}
          />
        </label>
      ) : null}
      <label>
        {t('settings.passcodeNext')}
        <input
          type="password"
          name="new-passcode"
          autocomplete="new-password"
          value={next}
          onInput={(e) => setNext((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('settings.passcodeRepeat')}
        <input
          type="password"
          name="repeat-passcode"
          autocomplete="new-password"
          value={repeat}
          onInput={(e) => setRepeat((e.target as HTMLInputElement).value)}
        />
      </label>
      <button
        type="submit"
        disabled={next.length === 0 || repeat.length === 0 || (isOn && current.length === 0)}
      >
        {t(isOn ? 'settings.passcodeSave' : 'settings.passcodeSet')}
      </button>
    </form>
  )
}

function Biometrics() {
  const { actions, t } = useApp()
  const [available, setAvailable] = useState(false)
  const [on, setOn] = useState(actions.biometricsOn())
  useEffect(() => {
    void actions.hasBiometrics().then(setAvailable)
  }, [actions])
  if (!available) return null
  return (
    <label class="check">
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => {
          const value = (e.target as HTMLInputElement).checked
          actions.setBiometrics(value)
          setOn(value)
        }}
      />
      {t('settings.biometrics')}
    </label>
  )
}

export function Settings() {
  const { state, actions, config, t } = useApp()
  const identity =
    state.wallet.status === 'ready' || state.wallet.status === 'needsOnboarding'
      ? state.wallet.identity
      : undefined
  const refreshing = state.maintenance?.kind === 'refresh' ? state.maintenance : undefined
  return (
    <section class="screen" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <label>
        {t('settings.language')}
        <select
          value={state.locale}
          onChange={(e) => actions.setLocale((e.target as HTMLSelectElement).value as Locale)}
        >
          {LOCALES.map((locale) => (
            <option key={locale} value={locale}>
              {NAMES[locale]}
            </option>
          ))}
        </select>
      </label>
      <dl class="fields">
        <div class="field">
          <dt>{t('settings.cosigner')}</dt>
          <dd>
            <code>{config.cosignerPublicUrl}</code>
          </dd>
        </div>
        <div class="field">
          <dt>{t('settings.relay')}</dt>
          <dd>
            <code>{config.relayUrl}</code>
          </dd>
        </div>
        <div class="field">
          <dt>{t('settings.platform')}</dt>
          <dd>{actions.platform}</dd>
        </div>
        <div class="field">
          <dt>{t('settings.chains')}</dt>
          <dd>{config.chains[actions.platform].join(', ')}</dd>
        </div>
        {identity ? (
          <div class="field">
            <dt>{t('settings.account')}</dt>
            <dd>{identity}</dd>
          </div>
        ) : null}
      </dl>
      <section class="stack" aria-labelledby="keys-title">
        <h2 id="keys-title">{t('settings.keys')}</h2>
        <button type="button" onClick={() => void actions.openBackup()}>
          {t('settings.backup')}
        </button>
        <p class="muted small" id="refresh-hint">
          {t('refresh.body')}
        </p>
        {refreshing ? (
          <ProgressBar
            id="refresh-status"
            label={t('refresh.running')}
            progress={refreshing.progress}
            startedAt={refreshing.startedAt}
            elapsed={(seconds) => t('onboard.elapsed', { seconds })}
          />
        ) : (
          <button
            type="button"
            aria-describedby="refresh-hint"
            disabled={state.maintenance !== undefined}
            onClick={() => void actions.refresh()}
          >
            {t('refresh.start')}
          </button>
        )}
        <button type="button" onClick={() => actions.openOverlay('recover')}>
          {t('login.recover')}
        </button>
        <button type="button" class="danger" onClick={() => actions.openOverlay('export')}>
          {t('export.entry')}
        </button>
        <Biometrics />
      </section>
      <Passcode />
      <Endpoints />
      {config.dappUrl ? (
        <button
          type="button"
          class="link"
          onClick={() => void actions.openLink(config.dappUrl ?? '')}
        >
          {t('settings.links')}
        </button>
      ) : null}
      <p class="muted small">{t('settings.logoutHint')}</p>
      <button type="button" class="danger" onClick={() => void actions.logout()}>
        {t('settings.logout')}
      </button>
    </section>
  )
}
