/**
 * Export a private key: the one place the full key may exist, after an explicit confirmation —
 * a warning, a checkbox and the typed word EXPORT. The key is shown once, held only by this
 * component, and wiped (bytes zeroed, text dropped) when the person hides it or leaves.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { ExportedKey } from '../services/types.ts'
import { useApp } from '../ui/context.ts'

const hex = (bytes: Uint8Array) =>
  `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`

export function Export() {
  const { state, actions, t } = useApp()
  const rows = state.wallet.status === 'ready' ? state.wallet.addresses : []
  const [chainId, setChainId] = useState(rows[0]?.chainId ?? '')
  const [understood, setUnderstood] = useState(false)
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [key, setKey] = useState<ExportedKey | undefined>(undefined)
  const heading = useRef<HTMLHeadingElement>(null)
  // The key on screen, wiped when it is hidden, replaced or the screen goes. Not in a useEffect
  // cleanup: that effect runs after paint, and a screen closed before then would never wipe.
  const shown = useRef<ExportedKey | undefined>(undefined)
  const wipe = () => {
    shown.current?.privateKey.fill(0)
    shown.current = undefined
  }
  const open = useRef(true)
  useLayoutEffect(() => {
    heading.current?.focus()
    return () => {
      open.current = false
      wipe()
    }
  }, [])
  const confirmed = understood && typed.trim() === t('export.word') && chainId !== ''
  const close = () => {
    wipe()
    setKey(undefined)
    actions.openOverlay(undefined)
  }
  return (
    <section class="screen" aria-labelledby="export-title">
      <h1 id="export-title" tabIndex={-1} ref={heading}>
        {t('export.title')}
      </h1>
      <div class="panel danger" role="note">
        {t('export.warning')}
      </div>
      {key ? (
        <div class="stack">
          <p>
            <strong>{key.address}</strong>
          </p>
          {key.curve ? <p class="muted small">{t('export.root', { curve: key.curve })}</p> : null}
          <label>
            {t('export.key')}
            <textarea readOnly rows={3} class="secret" value={hex(key.privateKey)} />
          </label>
          <button type="button" class="primary" onClick={close}>
            {t('export.hide')}
          </button>
        </div>
      ) : (
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault()
            if (!confirmed) return
            setBusy(true)
            void actions.exportKey(chainId).then((exported) => {
              if (!exported) {
                setBusy(false)
                return
              }
              if (!open.current) {
                // Closed while the key was being made: it is wiped unseen.
                exported.privateKey.fill(0)
                return
              }
              setBusy(false)
              wipe()
              shown.current = exported
              setKey(exported)
            })
          }}
        >
          <label>
            {t('export.chain')}
            <select
              value={chainId}
              onChange={(event) => setChainId((event.target as HTMLSelectElement).value)}
            >
              {rows.map((row) => (
                <option key={row.chainId} value={row.chainId}>
                  {row.label} — {row.address}
                </option>
              ))}
            </select>
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={understood}
              onChange={(event) => setUnderstood((event.target as HTMLInputElement).checked)}
            />
            {t('export.confirm')}
          </label>
          <label>
            {t('export.type')}
            <input
              type="text"
              autocomplete="off"
              value={typed}
              onInput={(event) => setTyped((event.target as HTMLInputElement).value)}
            />
          </label>
          <div class="row">
            <button type="submit" class="danger" disabled={!confirmed || busy} aria-busy={busy}>
              {t('export.go')}
            </button>
            <button type="button" onClick={close}>
              {t('recover.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
