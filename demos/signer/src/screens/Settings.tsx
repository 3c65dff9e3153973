/** Settings: language, the co-signer and relay this app uses, the platform's chains, logout. */
import { LOCALES, type Locale } from '../i18n.ts'
import { useApp } from '../ui/context.ts'

const NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' }

export function Settings() {
  const { state, actions, config, t } = useApp()
  const identity =
    state.wallet.status === 'ready' || state.wallet.status === 'needsOnboarding'
      ? state.wallet.identity
      : undefined
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
      <p class="muted small">{t('settings.logoutHint')}</p>
      <button type="button" class="danger" onClick={() => void actions.logout()}>
        {t('settings.logout')}
      </button>
    </section>
  )
}
