/**
 * The signer app's entry: reads the configuration, detects the platform (Telegram Mini App,
 * WeChat/Alipay web-view, browser — services/platform.ts), picks the language, builds the backend
 * on the real packages and renders the app. The page holds public data only; key math runs in the
 * Worker. Inside Telegram the theme, Back/Main buttons and biometrics go through telegramUi.ts.
 */
import { render } from 'preact'
import { createActions, type Host } from './actions.ts'
import { OVERRIDES_KEY, readConfig, withOverrides } from './config.ts'
import { pickLocale, translate } from './i18n.ts'
import { telegramLaunch } from './services/login.ts'
import { loadTelegramSdk, startPlatform } from './services/platform.ts'
import { createBackend } from './services/real.ts'
import { type TelegramUiHost, telegramUi } from './services/telegramUi.ts'
import { createStore, initialState, useStore } from './store.ts'
import { App } from './ui/App.tsx'
import { AppContext } from './ui/context.ts'
import { useTelegramControls } from './ui/telegramControls.ts'

const config = readConfig(
  withOverrides(
    import.meta.env as Record<string, string | undefined>,
    localStorage.getItem(OVERRIDES_KEY),
  ),
  location.origin,
)
await loadTelegramSdk(
  globalThis as unknown as Parameters<typeof loadTelegramSdk>[0],
  config.telegramSdkUrl,
)
const launch = telegramLaunch(location.hash)
const platform = startPlatform({
  global: globalThis,
  oidc: config.devLoginUrl !== undefined,
  ...(launch ? { telegramLaunch: launch } : {}),
})
const ui = platform.webApp ? telegramUi(platform.webApp as TelegramUiHost) : undefined
const host: Host = {
  location,
  assign: (url) => location.assign(url),
  replaceUrl: (url) => history.replaceState(null, '', url),
  storage: localStorage,
  tabStorage: sessionStorage,
  platform,
  ...(ui ? { telegramUi: ui } : {}),
}
const asked = new URLSearchParams(location.search).get('lang')
const locale = pickLocale([
  asked,
  localStorage.getItem('tessera.locale'),
  platform.language,
  ...navigator.languages,
])
const store = createStore(initialState(locale))
const backend = await createBackend({
  config,
  platform,
  locale: () => store.get().locale,
  origin: location.origin,
})
const actions = createActions(store, backend, config, host)
document.documentElement.dataset.platform = platform.name

function Root() {
  const state = useStore(store)
  document.documentElement.lang = state.locale
  const t = (
    key: Parameters<typeof translate>[1],
    values?: Readonly<Record<string, string | number>>,
  ) => translate(state.locale, key, values)
  useTelegramControls(ui, state, actions, t)
  return (
    <AppContext.Provider value={{ state, actions, config, t }}>
      <App />
    </AppContext.Provider>
  )
}

const root = document.getElementById('app')
if (root !== null) {
  root.textContent = ''
  render(<Root />, root)
}
void actions.boot()
