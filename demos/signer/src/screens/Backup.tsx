/**
 * Backup: a passphrase-sealed file to download or a QR code to keep, or the words of each key to
 * write down the 24 words — proven by typing `MIN_CONFIRMED_WORDS` of them at random positions. Nothing shown here is
 * stored by the page; the material is wiped by the wallet once the backup is confirmed.
 */
import { MIN_BACKUP_PASSPHRASE, MIN_CONFIRMED_WORDS } from '@tessera/signer'
import { useMemo, useState } from 'preact/hooks'
import { backupPassphraseProblem } from '../services/backupPassphrase.ts'
import type { PhraseAnswers } from '../services/types.ts'
import { useApp } from '../ui/context.ts'
import { Qr } from '../ui/Qr.tsx'

function pickPositions(count: number, of: number): number[] {
  const picked = new Set<number>()
  for (const r of crypto.getRandomValues(new Uint32Array(count * 8))) {
    if (picked.size === count) break
    picked.add((r % of) + 1)
  }
  return [...picked].sort((a, b) => a - b)
}

function FilePart() {
  const { state, actions, t } = useApp()
  const [passphrase, setPassphrase] = useState('')
  const [qr, setQr] = useState<string | undefined>(undefined)
  const [saved, setSaved] = useState(false)
  const backup = state.backup
  // The engine's rule (checkBackupPassphrase), told before the wallet is asked for anything.
  const problem = backupPassphraseProblem(passphrase)
  const ok = problem === undefined
  if (backup === undefined) return null
  const download = async () => {
    const bytes = await backup.file(passphrase)
    const url = URL.createObjectURL(new Blob([bytes.slice()], { type: 'application/octet-stream' }))
    const link = document.createElement('a')
    link.href = url
    link.download = 'tessera-backup.tessera'
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    setSaved(true)
  }
  return (
    <form class="stack" onSubmit={(event) => event.preventDefault()}>
      <h2>{t('backup.fileTitle')}</h2>
      <label>
        {t('backup.passphrase', MIN_BACKUP_PASSPHRASE)}
        <input
          type="password"
          autocomplete="new-password"
          minLength={MIN_BACKUP_PASSPHRASE.length}
          aria-invalid={passphrase !== '' && !ok}
          aria-describedby="passphrase-hint passphrase-problem"
          value={passphrase}
          onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)}
        />
      </label>
      <p id="passphrase-hint" class="hint">
        {t('backup.passphraseHint')}
      </p>
      <p id="passphrase-problem" class="hint" aria-live="polite">
        {passphrase !== '' && problem !== undefined
          ? t(`backup.passphrase.${problem}`, MIN_BACKUP_PASSPHRASE)
          : null}
      </p>
      <div class="row">
        <button
          type="button"
          disabled={!ok}
          onClick={() => void download().catch(actions.showError)}
        >
          {t('backup.download')}
        </button>
        <button
          type="button"
          disabled={!ok}
          onClick={() =>
            void backup.qrText(passphrase).then((text) => {
              setQr(text)
              setSaved(true)
            }, actions.showError)
          }
        >
          {t('backup.showQr')}
        </button>
        {actions.cloudBackup ? (
          <button
            type="button"
            disabled={!ok}
            onClick={() =>
              void backup
                .file(passphrase)
                .then(actions.saveCloudBackup)
                .then((stored) => setSaved(stored || saved), actions.showError)
            }
          >
            {t('backup.cloud')}
          </button>
        ) : null}
      </div>
      {qr ? <Qr text={qr} label={t('backup.qr')} /> : null}
      {saved ? (
        <button type="button" class="primary" onClick={() => void actions.confirmBackup(undefined)}>
          {t('backup.savedFile')}
        </button>
      ) : null}
    </form>
  )
}

function PhrasePart() {
  const { state, actions, t } = useApp()
  const [phrase, setPhrase] = useState<readonly string[] | undefined>(undefined)
  const [answers, setAnswers] = useState<Record<number, string>>({})
  const [wrong, setWrong] = useState(false)
  const positions = useMemo(
    () => (phrase ? pickPositions(MIN_CONFIRMED_WORDS, phrase.length) : []),
    [phrase],
  )
  const backup = state.backup
  if (backup === undefined) return null
  if (phrase === undefined) {
    return (
      <div class="stack">
        <h2>{t('backup.phraseTitle')}</h2>
        <button
          type="button"
          onClick={() => void backup.phrase().then(setPhrase, actions.showError)}
        >
          {t('backup.showPhrase')}
        </button>
      </div>
    )
  }
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault()
        const typed: PhraseAnswers = answers
        void actions.confirmBackup(typed).then((ok) => setWrong(!ok))
      }}
    >
      <h2>{t('backup.phraseTitle')}</h2>
      <p id="phrase-hint">{t('backup.phrase')}</p>
      <ol class="phrase" aria-describedby="phrase-hint">
        {phrase.map((word, i) => (
          <li key={`${i}-${word}`}>{word}</li>
        ))}
      </ol>
      <h2>{t('backup.check')}</h2>
      {positions.map((n) => (
        <label key={n}>
          {t('backup.word', { n })}
          <input
            type="text"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            required
            data-position={n}
            value={answers[n] ?? ''}
            onInput={(e) => {
              const word = (e.target as HTMLInputElement).value.trim().toLowerCase()
              setAnswers((prev) => ({ ...prev, [n]: word }))
            }}
          />
        </label>
      ))}
      {wrong ? (
        <p class="panel error" role="alert">
          {t('backup.wrong')}
        </p>
      ) : null}
      <button type="submit" class="primary">
        {t('backup.confirm')}
      </button>
    </form>
  )
}

export function Backup() {
  const { state, actions, t } = useApp()
  return (
    <section class="screen" aria-labelledby="backup-title">
      <h1 id="backup-title">{t('backup.title')}</h1>
      {state.backup === undefined ? (
        <p class="panel info">{t('backup.unavailable')}</p>
      ) : (
        <>
          <p>{t('backup.body')}</p>
          <FilePart />
          <PhrasePart />
        </>
      )}
      <button type="button" onClick={actions.skipBackup}>
        {t('backup.later')}
      </button>
    </section>
  )
}
