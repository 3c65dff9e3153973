/**
 * The signer app's entry: reads the configuration, picks the language, builds the backend on the
 * real packages and renders the app. The page holds public data only; key math runs in the Worker.
 */
import { render } from 'preact'
import { createActions, type Host } from './actions.ts'
import { readConfig } from './config.ts'
import { pickLocale, translate } from './i18n.ts'
import { telegramLaunch } from './services/login.ts'
import { createBackend } from './services/real.ts'
import { createStore, initialState, useStore } from './store.ts'
import { App } from './ui/App.tsx'
import { AppContext } from './ui/context.ts'

const config = readConfig(import.meta.env as Record<string, string | undefined>, location.origin)
const host: Host = {
  location,
  assign: (url) => location.assign(url),
  replaceUrl: (url) => history.replaceState(null, '', url),
  storage: localStorage,
  tabStorage: sessionStorage,
}
const telegram = telegramLaunch(location.hash)
const asked = new URLSearchParams(location.search).get('lang')
const locale = pickLocale([
  asked,
  localStorage.getItem('tessera.locale'),
  telegram?.language,
  ...navigator.languages,
])
const store = createStore(initialState(locale))
const backend = await createBackend({
  config,
  platform: telegram ? 'telegram' : 'browser',
  ...(telegram ? { telegramInitData: telegram.initData } : {}),
  locale: () => store.get().locale,
  origin: location.origin,
})
const actions = createActions(store, backend, config, host)

function Root() {
  const state = useStore(store)
  document.documentElement.lang = state.locale
  const t = (
    key: Parameters<typeof translate>[1],
    values?: Readonly<Record<string, string | number>>,
  ) => translate(state.locale, key, values)
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
