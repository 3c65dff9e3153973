/**
 * Telegram's Back and Main buttons follow the app's state: Back closes a sub-screen (recovery,
 * export) or returns to the home tab; Main carries the screen's one primary action where there is
 * one (log in with Telegram, connect to the dapp that opened the app). Outside Telegram: nothing.
 */
import { useEffect } from 'preact/hooks'
import type { Actions } from '../actions.ts'
import type { TelegramUi } from '../services/telegramUi.ts'
import type { AppState } from '../store.ts'
import type { Translate } from './context.ts'

export type TelegramControls = {
  readonly back: (() => void) | undefined
  readonly main: { readonly text: string; readonly onClick: () => void } | undefined
}

/** What the buttons do in `state` (pure, for tests). */
export function telegramControls(
  state: AppState,
  actions: Actions,
  t: Translate,
): TelegramControls {
  const busy =
    state.loginBusy !== undefined || state.pairing !== undefined || state.maintenance !== undefined
  const ready = state.wallet.status === 'ready'
  const inboxOpen = ready && state.inbox.length > 0
  const back =
    busy || inboxOpen
      ? undefined
      : state.overlay !== undefined
        ? () => actions.openOverlay(undefined)
        : ready && state.tab !== 'home' && !state.showBackup
          ? () => actions.setTab('home')
          : undefined
  let main: TelegramControls['main']
  if (!busy && state.wallet.status === 'signedOut' && state.overlay === undefined) {
    if (actions.providers.includes('telegram'))
      main = { text: t('login.telegram'), onClick: () => void actions.loginWith('telegram') }
  } else if (!busy && ready && !inboxOpen && state.tab === 'pair' && state.pendingPair) {
    const uri = state.pendingPair
    main = { text: t('pair.connect'), onClick: () => void actions.pair(uri) }
  }
  return { back, main }
}

export function useTelegramControls(
  ui: TelegramUi | undefined,
  state: AppState,
  actions: Actions,
  t: Translate,
): void {
  const controls = ui ? telegramControls(state, actions, t) : undefined
  const backKey = controls?.back ? `${state.overlay}:${state.tab}` : ''
  const mainKey = controls?.main ? `${controls.main.text}:${state.pendingPair}` : ''
  useEffect(() => {
    ui?.back(controls?.back)
  }, [ui, backKey])
  useEffect(() => {
    ui?.main(controls?.main)
  }, [ui, mainKey])
}
