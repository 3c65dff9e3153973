/**
 * Pair: scan a dapp's QR code with the camera where there is one, paste its link, or confirm the
 * link the app was opened with (`/pair#tessera:…`, Telegram `startapp`). Shows who asks before
 * connecting.
 */
import { parsePairingUri } from '@tessera/protocol'
import { useState } from 'preact/hooks'
import { useApp } from '../ui/context.ts'
import { cameraAvailable, Scanner } from '../ui/Scanner.tsx'

function Who({ uri }: { uri: string }) {
  try {
    const parsed = parsePairingUri(uri, { now: Math.floor(Date.now() / 1000) })
    return (
      <p class="who">
        <strong>{parsed.name}</strong> <span class="muted">{parsed.origin}</span>
      </p>
    )
  } catch {
    return null
  }
}

export function Pair() {
  const { state, actions, t } = useApp()
  const [text, setText] = useState('')
  const [scanning, setScanning] = useState(false)
  const [noCamera, setNoCamera] = useState(!cameraAvailable())
  const busy = state.pairing !== undefined
  return (
    <section class="screen" aria-labelledby="pair-title">
      <h1 id="pair-title">{t('pair.title')}</h1>
      {state.pendingPair ? (
        <div class="panel info">
          <p>{t('pair.opened')}</p>
          <Who uri={state.pendingPair} />
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => void actions.pair(state.pendingPair ?? '')}
          >
            {t('pair.connect')}
          </button>
        </div>
      ) : null}
      {busy ? (
        <p class="busy" role="status">
          <span class="spinner" aria-hidden="true" />{' '}
          {t('pair.connecting', { name: state.pairing ?? '' })}
        </p>
      ) : null}
      {noCamera ? (
        <p class="muted">{t('pair.noCamera')}</p>
      ) : scanning ? (
        <>
          <Scanner
            label={t('pair.scan')}
            onText={(scanned) => {
              setScanning(false)
              void actions.pair(scanned)
            }}
            onError={() => {
              setScanning(false)
              setNoCamera(true)
            }}
          />
          <button type="button" onClick={() => setScanning(false)}>
            {t('pair.stopScan')}
          </button>
        </>
      ) : (
        <button type="button" disabled={busy} onClick={() => setScanning(true)}>
          {t('pair.scan')}
        </button>
      )}
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault()
          void actions.pair(text)
        }}
      >
        <label>
          {t('pair.paste')}
          <textarea
            rows={3}
            placeholder={t('pair.pastePlaceholder')}
            value={text}
            onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
          />
        </label>
        <button type="submit" class="primary" disabled={busy || text.trim() === ''}>
          {t('pair.connect')}
        </button>
      </form>
    </section>
  )
}
