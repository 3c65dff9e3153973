/**
 * `createConnectModalUi({ options, cancel, retry })`: what the provider does with a pairing URI
 * when the dapp gives no `onPairingUri` — `@tessera/modal`'s connect modal, loaded with `import()`
 * the first time (a dapp that never pairs never loads it), showing each URI and following the
 * pairing: paired (then closed), expired (the URI's time ran out), error (the reason), closed when
 * the dapp cancels. The user closing it cancels the pairing (the request rejects with 4001);
 * "New code" / "Try again" start a new pairing once the one shown has ended: the modal marks a code
 * expired by its own clock, which may run a moment ahead of the provider giving that pairing up,
 * and a retry made before then would join the dead pairing instead of making a new code. A modal
 * that cannot open cancels the pairing too. Outside a browser it does nothing.
 * Must never open more than one modal at a time, nor keep one open after the provider closed it.
 */
import { PairingError } from '@tessera/core'
import type {
  ConnectModalController,
  ConnectModalLinks,
  ConnectModalLocale,
  ConnectModalTheme,
} from '@tessera/modal'

/** The parameters of the default connect modal (`modal` of `createTesseraProvider`). */
export interface ConnectModalOptions {
  /** Deep links into the signer (H5 universal link, Telegram, WeChat, Alipay). */
  readonly links?: ConnectModalLinks
  /** Default: the browser's languages (any `zh` → `zh-CN`), else English. */
  readonly locale?: ConnectModalLocale
  /** Default `auto` (`prefers-color-scheme`). */
  readonly theme?: ConnectModalTheme
}

export interface ConnectModalUi {
  /** Shows a pairing URI: opens the modal, or shows the new code in the open one. */
  show(uri: string): void
  /** Follows a pairing started with `show`'s URI to its end. */
  track(pairing: Promise<unknown>): void
}

/** How long "Connected." stays on screen before the modal closes itself. */
export const PAIRED_CLOSE_MS = 1_200

export function createConnectModalUi(parameters: {
  readonly options: ConnectModalOptions
  readonly cancel: () => Promise<void>
  readonly retry: () => void
}): ConnectModalUi {
  let modal: Promise<ConnectModalController | undefined> | undefined
  /** The pairing the modal follows (the last one `track` was given), settled or not. */
  let followed: Promise<unknown> = Promise.resolve()
  const retryWhenEnded = (): void => {
    const ending = followed
    void ending.then(
      () => parameters.retry(),
      () => parameters.retry(),
    )
  }

  const whenOpen = (action: (controller: ConnectModalController) => void): void => {
    void modal?.then((controller) => {
      if (controller?.open) action(controller)
    })
  }

  return {
    show(uri) {
      if (typeof document === 'undefined') return
      const previous = modal
      modal = (async () => {
        const open = await previous
        if (open?.open) {
          open.refresh(uri)
          return open
        }
        const { openConnectModal } = await import('@tessera/modal')
        return openConnectModal({
          uri,
          ...parameters.options,
          onClose(by) {
            if (by === 'user') void parameters.cancel().catch(() => {})
          },
          onRefresh: retryWhenEnded,
        })
      })().catch((error: unknown) => {
        // The modal could not load or open (offline, a bad `links` entry). Nobody can see the
        // code, so waiting for it would hang the request until the URI expires: cancel (4001)
        // and say why where the dapp's developer looks.
        console.error('Tessera: the connect modal could not open; pairing cancelled.', error)
        void parameters.cancel().catch(() => {})
        return undefined
      })
    },
    track(pairing) {
      followed = pairing
      pairing.then(
        () =>
          whenOpen((controller) => {
            controller.setState('paired')
            setTimeout(() => controller.close(), PAIRED_CLOSE_MS)
          }),
        (error: unknown) =>
          whenOpen((controller) => {
            const reason = pairingErrorReason(error)
            if (reason === 'Timeout') controller.setState('expired')
            else if (reason === 'Cancelled') controller.close()
            else controller.setState('error', { message: describe(error) })
          }),
      )
    },
  }
}

/** The `PairingError` code in an error's `cause` chain, if there is one. */
function pairingErrorReason(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof PairingError) return e.code
  }
  return undefined
}

function describe(error: unknown): string {
  const { details, shortMessage, message } = (error ?? {}) as Record<string, unknown>
  for (const text of [details, shortMessage, message]) {
    if (typeof text === 'string' && text !== '') return text
  }
  return String(error)
}
