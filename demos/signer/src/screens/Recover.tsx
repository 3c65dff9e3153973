/**
 * Recover on a new device: the person types the 24 words of their backup; the device and the
 * co-signer rebuild this device's share (progress shown), then the new backup is due and the
 * backup screen shows the new phrase with its check. Reached from onboarding (a login whose key
 * exists elsewhere) and from settings. Inside Telegram the sealed backup file can be loaded from
 * CloudStorage instead (where the backup screen saved it); then its passphrase opens it.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import { phraseWords } from '../actions.ts'
import { RECOVERY_WORDS } from '../services/types.ts'
import { useApp } from '../ui/context.ts'
import { ProgressBar } from '../ui/ProgressBar.tsx'

export function Recover() {
  const { state, actions, t } = useApp()
  const [text, setText] = useState('')
  const [file, setFile] = useState<Uint8Array | undefined>(undefined)
  const [passphrase, setPassphrase] = useState('')
  const [loading, setLoading] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)
  useLayoutEffect(() => heading.current?.focus(), [])
  const count = phraseWords(text).length
  const running = state.maintenance?.kind === 'recover' ? state.maintenance : undefined
  return (
    <section class="screen" aria-labelledby="recover-title" aria-busy={running !== undefined}>
      <h1 id="recover-title" tabIndex={-1} ref={heading}>
        {t('recover.title')}
      </h1>
      <p>{t('recover.body')}</p>
      {running ? (
        <ProgressBar
          id="recover-status"
          label={t('recover.running')}
          progress={running.progress}
          startedAt={running.startedAt}
          elapsed={(seconds) => t('onboard.elapsed', { seconds })}
        />
      ) : file ? (
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault()
            void actions.recoverFromFile(file, passphrase).then((ok) => {
              if (ok) {
                setFile(undefined)
                setPassphrase('')
              }
            })
          }}
        >
          <label>
            {t('recover.passphrase')}
            <input
              type="password"
              name="backup-passphrase"
              autocomplete="off"
              value={passphrase}
              onInput={(event) => setPassphrase((event.target as HTMLInputElement).value)}
            />
          </label>
          <div class="row">
            <button type="submit" class="primary" disabled={passphrase === ''}>
              {t('recover.fileStart')}
            </button>
            <button
              type="button"
              onClick={() => {
                setFile(undefined)
                setPassphrase('')
              }}
            >
              {t('recover.usePhrase')}
            </button>
          </div>
        </form>
      ) : (
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault()
            void actions.recover(text).then((ok) => {
              if (ok) setText('')
            })
          }}
        >
          {actions.cloudBackup ? (
            <button
              type="button"
              disabled={loading}
              aria-busy={loading}
              onClick={() => {
                setLoading(true)
                void actions.loadCloudBackup().then((loaded) => {
                  setLoading(false)
                  if (loaded) setFile(loaded)
                })
              }}
            >
              {t('recover.cloud')}
            </button>
          ) : null}
          <label>
            {t('recover.phrase')}
            <textarea
              rows={5}
              autocomplete="off"
              autocapitalize="none"
              spellcheck={false}
              aria-describedby="recover-count"
              value={text}
              onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
            />
          </label>
          <p id="recover-count" class="hint" aria-live="polite">
            {t('recover.count', { count })}
          </p>
          <div class="row">
            <button type="submit" class="primary" disabled={count !== RECOVERY_WORDS}>
              {t('recover.start')}
            </button>
            <button type="button" onClick={() => actions.openOverlay(undefined)}>
              {t('recover.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
