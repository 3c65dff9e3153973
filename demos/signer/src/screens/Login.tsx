/** Login: the providers this platform offers (development OIDC in a browser, Telegram in a Mini App). */
import { useApp } from '../ui/context.ts'

export function Login() {
  const { state, actions, t } = useApp()
  const busy = state.loginBusy
  return (
    <section class="screen" aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      <p>{t('login.body')}</p>
      {state.pendingPair ? <p class="panel info">{t('pair.opened')}</p> : null}
      {busy ? (
        <p class="busy" role="status" aria-live="polite">
          <span class="spinner" aria-hidden="true" /> {t(busy)}
        </p>
      ) : null}
      <div class="stack">
        {actions.canLogin.telegram ? (
          <button
            type="button"
            class="primary"
            disabled={busy !== undefined}
            onClick={actions.loginTelegram}
          >
            {t('login.telegram')}
          </button>
        ) : null}
        {actions.canLogin.dev ? (
          <button
            type="button"
            class="primary"
            disabled={busy !== undefined}
            onClick={actions.loginDev}
          >
            {t('login.dev')}
          </button>
        ) : null}
        {!actions.canLogin.dev && !actions.canLogin.telegram ? (
          <p class="panel info">{t('login.none')}</p>
        ) : null}
      </div>
    </section>
  )
}
