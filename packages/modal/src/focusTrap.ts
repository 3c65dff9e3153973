/**
 * `trapFocus(event, dialog, shadow)`: keeps Tab and Shift+Tab inside the dialog (WAI-ARIA APG,
 * "Dialog (Modal)" pattern): from the last focusable element Tab goes to the first, from the
 * first Shift+Tab goes to the last, and focus found outside the dialog is brought back in.
 * Must never move focus for any key but Tab.
 */

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), [tabindex="0"]'

/** The dialog's focusable elements that are rendered, in tab order (document order here). */
export function focusableIn(dialog: Element): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => element.closest('[hidden]') === null,
  )
}

export function trapFocus(event: KeyboardEvent, dialog: Element, shadow: ShadowRoot): void {
  if (event.key !== 'Tab') return
  const focusable = focusableIn(dialog)
  const first = focusable[0]
  const last = focusable[focusable.length - 1]
  if (first === undefined || last === undefined) {
    event.preventDefault()
    return
  }
  const active = shadow.activeElement
  const inside = active !== null && dialog.contains(active)
  if (!inside) {
    event.preventDefault()
    ;(event.shiftKey ? last : first).focus()
  } else if (event.shiftKey && (active === first || active === dialog)) {
    event.preventDefault()
    last.focus()
  } else if (!event.shiftKey && active === last) {
    event.preventDefault()
    first.focus()
  }
}
