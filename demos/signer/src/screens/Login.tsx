/**
 * Login: the providers this platform offers (services/platform.ts) — Telegram's initData inside a
 * Mini App, the WeChat code or Alipay auth code inside their shells, the development OIDC login
 * where the deployment configures it — and recovery on a new device.
 */
import type { LoginProvider } from '../services/platform.ts'
import { useApp } from '../ui/context.ts'

const LABEL = {
  telegram: 'login.telegram',
  wechat: 'login.wechat',
  alipay: 'login.alipay',
  oidc: 'login.dev',
} as const satisfies Record<LoginProvider, string>

export function Login() {
  const { state, actions, t } = useApp()
  const busy = state.loginBusy
  return (
    <section class="screen" aria-labelledby="login-title" aria-busy={busy !== undefined}>
      <h1 id="login-title">{t('login.title')}</h1>
      <p>{t('login.body')}</p>
      {state.pendingPair ? <p class="panel info">{t('pair.opened')}</p> : null}
      {busy ? (
        <p class="busy" role="status" aria-live="polite">
          <span class="spinner" aria-hidden="true" /> {t(busy)}
        </p>
      ) : null}
      <div class="stack">
        {actions.providers.map((provider) => (
          <button
            type="button"
            key={provider}
            class="primary"
            data-provider={provider}
            disabled={busy !== undefined}
            onClick={() => void actions.loginWith(provider)}
          >
            {t(LABEL[provider])}
          </button>
        ))}
        {actions.providers.length === 0 ? <p class="panel info">{t('login.none')}</p> : null}
      </div>
    </section>
  )
}
