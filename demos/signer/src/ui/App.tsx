/**
 * The app shell: header with the language switch, the error and notice lines, the one screen the
 * state calls for, and the tab bar once the wallet is ready. A waiting request always comes first.
 */
import type { JSX } from 'preact'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import { Approve } from '../screens/Approve.tsx'
import { Backup } from '../screens/Backup.tsx'
import { Export } from '../screens/Export.tsx'
import { Home } from '../screens/Home.tsx'
import { Login } from '../screens/Login.tsx'
import { Onboarding } from '../screens/Onboarding.tsx'
import { Pair } from '../screens/Pair.tsx'
import { Recover } from '../screens/Recover.tsx'
import { Sessions } from '../screens/Sessions.tsx'
import { Settings } from '../screens/Settings.tsx'
import type { Tab } from '../store.ts'
import { ErrorPanel, NoticeLine } from './Banners.tsx'
import { useApp } from './context.ts'

const TABS: readonly Tab[] = ['home', 'pair', 'sessions', 'settings']

function Locked() {
  const { actions, t } = useApp()
  return (
    <section class="screen" aria-labelledby="locked-title">
      <h1 id="locked-title">{t('locked.title')}</h1>
      <p>{t('locked.body')}</p>
      <button type="button" class="primary" onClick={() => void actions.boot()}>
        {t('locked.retry')}
      </button>
    </section>
  )
}

/** The vault has a passcode: typed here, then the app starts with it. */
function Unlock() {
  const { state, actions, t } = useApp()
  const [passcode, setPasscode] = useState('')
  const field = useRef<HTMLInputElement>(null)
  useLayoutEffect(() => field.current?.focus(), [])
  return (
    <section class="screen" aria-labelledby="unlock-title" aria-busy={state.unlocking}>
      <h1 id="unlock-title">{t('unlock.title')}</h1>
      <p>{t('unlock.body')}</p>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault()
          if (passcode !== '') void actions.boot(passcode)
        }}
      >
        <label>
          {t('unlock.field')}
          <input
            ref={field}
            type="password"
            autocomplete="current-password"
            value={passcode}
            onInput={(e) => setPasscode((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="primary" disabled={passcode === '' || state.unlocking}>
          {t('unlock.go')}
        </button>
        {state.unlocking ? (
          <p class="busy" role="status">
            <span class="spinner" aria-hidden="true" /> {t('unlock.busy')}
          </p>
        ) : null}
      </form>
      <p class="hint">{t('unlock.forgot')}</p>
    </section>
  )
}

function Screen(): JSX.Element | null {
  const { state, t } = useApp()
  if (state.locked) return <Locked />
  if (state.passcodeNeeded) return <Unlock />
  if (
    state.overlay === 'recover' &&
    (state.wallet.status === 'needsOnboarding' || state.wallet.status === 'ready')
  )
    return <Recover />
  switch (state.wallet.status) {
    case 'loading':
      return (
        <p class="busy screen" role="status">
          <span class="spinner" aria-hidden="true" /> {t('loading')}
        </p>
      )
    case 'signedOut':
      return <Login />
    case 'needsOnboarding':
      return <Onboarding />
    case 'ready':
      if (state.inbox.length > 0) return <Approve />
      if (state.showBackup) return <Backup />
      if (state.overlay === 'export') return <Export />
      if (state.tab === 'pair') return <Pair />
      if (state.tab === 'sessions') return <Sessions />
      if (state.tab === 'settings') return <Settings />
      return <Home />
  }
}

export function App() {
  const { state, actions, t } = useApp()
  const showNav =
    state.wallet.status === 'ready' &&
    state.inbox.length === 0 &&
    !state.showBackup &&
    state.overlay === undefined
  const other = state.locale === 'en' ? 'zh-CN' : 'en'
  return (
    <>
      <header class="top">
        <span class="brand">{t('appName')}</span>
        <button
          type="button"
          class="link"
          lang={other}
          aria-label={other === 'en' ? 'Switch to English' : '切换到简体中文'}
          onClick={() => actions.setLocale(other)}
        >
          {other === 'en' ? 'EN' : '中文'}
        </button>
      </header>
      <main id="main">
        <ErrorPanel />
        {state.inbox.length > 0 ? null : <NoticeLine />}
        <Screen />
      </main>
      {showNav ? (
        <nav class="tabs" aria-label={t('appName')}>
          {TABS.map((tab) => (
            <button
              type="button"
              key={tab}
              aria-current={state.tab === tab ? 'page' : undefined}
              onClick={() => actions.setTab(tab)}
            >
              {t(`nav.${tab}`)}
            </button>
          ))}
        </nav>
      ) : null}
    </>
  )
}
