/**
 * `openConnectModal({ uri, links, locale, theme, onClose, onRefresh })`: the dapp's connect
 * dialog — the pairing URI as a QR code, a copy button and the configured deep links into the
 * signer — with the states waiting, paired, expired (on its own when the URI's `exp` passes; "New
 * code" asks `onRefresh`) and error. An accessible modal dialog (WAI-ARIA APG "Dialog (Modal)":
 * `role="dialog"`, `aria-modal`, labelled, focus kept inside, Escape closes, focus returned on
 * close), in English or Simplified Chinese, light or dark, in a shadow root the page's CSS does
 * not reach. Returns the controller. Must never render caller text as HTML.
 */
import { PairingUriError, parsePairingUri } from '@tessera/protocol'
import { focusableIn, trapFocus } from './focusTrap.ts'
import { MESSAGES, resolveLocale } from './messages.ts'
import { qrCodeSvg } from './qrCodeSvg.ts'
import { type SignerLink, signerLinks } from './signerLinks.ts'
import { STYLES } from './styles.ts'
import type {
  ConnectModalCloser,
  ConnectModalController,
  ConnectModalParameters,
  ConnectModalState,
  ConnectModalTheme,
} from './types.ts'

/** The host element's tag: page styles written for ordinary elements never match it. */
export const CONNECT_MODAL_TAG = 'tessera-connect-modal'

const THEMES: readonly ConnectModalTheme[] = ['light', 'dark', 'auto']
const STATES: readonly ConnectModalState[] = ['waiting', 'paired', 'expired', 'error']
/** How long "Copied" replaces the copy button's label. */
const COPIED_MS = 2_000

export function openConnectModal(parameters: ConnectModalParameters): ConnectModalController {
  if (typeof parameters !== 'object' || parameters === null) {
    throw new TypeError('"parameters" expected an object')
  }
  const doc = globalThis.document
  if (doc === undefined) throw new Error('openConnectModal needs a browser document')
  const locale = resolveLocale(parameters.locale)
  const text = MESSAGES[locale]
  const theme = parameters.theme ?? 'auto'
  if (!THEMES.includes(theme)) {
    throw new TypeError(`"theme" expected 'light', 'dark' or 'auto', got ${JSON.stringify(theme)}`)
  }
  const { onClose, onRefresh } = parameters
  const links = parameters.links ?? {}
  let current = readUri(parameters.uri)
  let linkList = signerLinks(current.uri, links)

  const el = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Record<string, string> = {},
    content?: string,
  ): HTMLElementTagNameMap[K] => {
    const element = doc.createElement(tag)
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value)
    if (content !== undefined) element.textContent = content
    return element
  }

  const host = el(CONNECT_MODAL_TAG as 'div')
  if (theme !== 'auto') host.dataset.theme = theme
  const shadow = host.attachShadow({ mode: 'open' })
  const style = el('style', {}, STYLES)
  const backdrop = el('div', { class: 'backdrop', part: 'backdrop' })
  const dialog = el('div', {
    class: 'dialog',
    role: 'dialog',
    'aria-modal': 'true',
    'aria-labelledby': 'title',
    'aria-describedby': 'instructions',
    tabindex: '-1',
    lang: locale,
  })
  const header = el('header')
  const title = el('h2', { id: 'title' }, text.title)
  const closeButton = el('button', { type: 'button', class: 'close', 'aria-label': text.close })
  closeButton.append(el('span', { 'aria-hidden': 'true' }, '×'))
  header.append(title, closeButton)
  const instructions = el('p', { id: 'instructions', class: 'instructions' }, text.instructions)
  const qr = el('div', { class: 'qr' })
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' })
  const detail = el('p', { class: 'detail' })
  const copyRow = el('div', { class: 'copy' })
  const uriInput = el('input', { type: 'text', readonly: '', 'aria-label': text.uriLabel })
  const copyButton = el('button', { type: 'button', class: 'copy-button' }, text.copy)
  copyRow.append(uriInput, copyButton)
  const nav = el('nav', { class: 'links', 'aria-labelledby': 'links-title' })
  const refreshButton = el('button', { type: 'button', class: 'primary refresh' })
  dialog.append(header, instructions, qr, status, detail, copyRow, nav, refreshButton)
  backdrop.append(dialog)
  shadow.append(style, backdrop)

  let state: ConnectModalState = current.expired ? 'expired' : 'waiting'
  let message: string | undefined
  let open = true
  let expiryTimer: ReturnType<typeof setTimeout> | undefined
  let copyTimer: ReturnType<typeof setTimeout> | undefined

  const showUri = (): void => {
    qr.replaceChildren(qrCodeSvg(doc, current.uri, text.qrLabel))
    uriInput.value = current.uri
    nav.replaceChildren(
      el('h3', { id: 'links-title' }, text.linksLabel),
      ...linkList.map((link) => linkElement(link)),
    )
    nav.hidden = linkList.length === 0
    clearTimeout(expiryTimer)
    expiryTimer = undefined
    if (current.exp !== undefined) {
      // setTimeout holds at most 2^31 - 1 ms; a pairing URI lives at most a day.
      const delay = Math.min(current.exp * 1000 - Date.now(), 2 ** 31 - 1)
      expiryTimer = setTimeout(
        () => {
          if (state === 'waiting') controller.setState('expired')
        },
        Math.max(delay, 0),
      )
    }
  }

  const linkElement = (link: SignerLink): HTMLAnchorElement => {
    const a = el('a', { href: link.href, 'data-kind': link.kind }, text[link.kind])
    if (link.kind === 'signer' || link.kind === 'telegram') {
      a.target = '_blank'
      a.rel = 'noopener noreferrer'
    }
    return a
  }

  const render = (): void => {
    host.dataset.state = state
    status.textContent = text[state]
    detail.textContent = state === 'error' ? (message ?? '') : ''
    detail.hidden = detail.textContent === ''
    const waiting = state === 'waiting'
    instructions.hidden = !waiting
    qr.hidden = state === 'paired'
    qr.setAttribute('aria-hidden', String(!waiting))
    copyRow.hidden = !waiting
    nav.hidden = !waiting || linkList.length === 0
    refreshButton.hidden = onRefresh === undefined || (state !== 'expired' && state !== 'error')
    refreshButton.textContent = state === 'expired' ? text.newCode : text.retry
    // The way on gets the focus; otherwise focus leaves elements that were just hidden.
    const active = shadow.activeElement
    if (!refreshButton.hidden) refreshButton.focus()
    else if (active === null || (active instanceof HTMLElement && active.closest('[hidden]'))) {
      ;(focusableIn(dialog)[0] ?? dialog).focus()
    }
  }

  const finish = (by: ConnectModalCloser): void => {
    if (!open) return
    open = false
    clearTimeout(expiryTimer)
    clearTimeout(copyTimer)
    doc.removeEventListener('keydown', onKeydown, true)
    host.remove()
    if (previousFocus instanceof HTMLElement && previousFocus.isConnected) previousFocus.focus()
    onClose?.(by)
  }

  const onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      finish('user')
    } else trapFocus(event, dialog, shadow)
  }

  closeButton.addEventListener('click', () => finish('user'))
  backdrop.addEventListener('click', (event) => {
    if (event.target === backdrop) finish('user')
  })
  refreshButton.addEventListener('click', () => onRefresh?.())
  copyButton.addEventListener('click', () => {
    const done = (label: string) => {
      copyButton.textContent = label
      clearTimeout(copyTimer)
      copyTimer = setTimeout(() => {
        copyButton.textContent = text.copy
      }, COPIED_MS)
    }
    const copied = globalThis.navigator?.clipboard?.writeText(current.uri)
    ;(copied ?? Promise.reject(new Error('no clipboard'))).then(
      () => done(text.copied),
      () => {
        done(text.copyFailed)
        uriInput.select()
      },
    )
  })

  const controller: ConnectModalController = {
    get state() {
      return state
    },
    get open() {
      return open
    },
    setState(next, options) {
      if (!STATES.includes(next)) {
        throw new TypeError(
          `"state" expected one of ${STATES.join(', ')}, got ${JSON.stringify(next)}`,
        )
      }
      if (!open) return
      state = next
      message = options?.message
      render()
    },
    refresh(uri) {
      const next = readUri(uri)
      if (!open) return
      current = next
      linkList = signerLinks(current.uri, links)
      showUri()
      controller.setState(current.expired ? 'expired' : 'waiting')
    },
    close: () => finish('controller'),
  }

  const previousFocus = doc.activeElement
  showUri()
  ;(parameters.container ?? doc.body).append(host)
  doc.addEventListener('keydown', onKeydown, true)
  render()
  ;(focusableIn(dialog)[0] ?? dialog).focus()
  return controller
}

/** The URI's form is checked; an expired URI is still shown, in the `expired` state. */
function readUri(uri: string): { uri: string; exp: number | undefined; expired: boolean } {
  try {
    const { exp } = parsePairingUri(uri, { now: Math.floor(Date.now() / 1000) })
    return { uri, exp, expired: false }
  } catch (error) {
    if (error instanceof PairingUriError && error.code === 'Expired') {
      return { uri, exp: undefined, expired: true }
    }
    throw error
  }
}
