/** Sessions: every connected dapp, renamed in place or disconnected. */
import { useState } from 'preact/hooks'
import type { SessionView } from '../services/types.ts'
import { useApp } from '../ui/context.ts'

function SessionItem({ session }: { session: SessionView }) {
  const { actions, t } = useApp()
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(session.name)
  return (
    <li class="session">
      {editing ? (
        <form
          class="row"
          onSubmit={(event) => {
            event.preventDefault()
            setEditing(false)
            void actions.rename(session.id, name.trim() || session.name)
          }}
        >
          <label class="grow">
            <span class="visually-hidden">{t('sessions.name')}</span>
            <input
              type="text"
              maxLength={64}
              value={name}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" class="primary">
            {t('sessions.save')}
          </button>
        </form>
      ) : (
        <div>
          <strong>{session.name}</strong>
          <div class="muted small">{session.origin}</div>
          <div class="muted small">{session.chains.join(', ')}</div>
        </div>
      )}
      <div class="row">
        {editing ? null : (
          <button
            type="button"
            onClick={() => setEditing(true)}
            aria-label={`${t('sessions.rename')} ${session.name}`}
          >
            {t('sessions.rename')}
          </button>
        )}
        <button
          type="button"
          class="danger"
          onClick={() => void actions.end(session.id)}
          aria-label={`${t('sessions.end')} ${session.name}`}
        >
          {t('sessions.end')}
        </button>
      </div>
    </li>
  )
}

export function Sessions() {
  const { state, t } = useApp()
  return (
    <section class="screen" aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t('sessions.title')}</h1>
      {state.sessions.length === 0 ? (
        <p class="muted">{t('home.noSessions')}</p>
      ) : (
        <ul class="sessions">
          {state.sessions.map((session) => (
            <SessionItem key={session.id} session={session} />
          ))}
        </ul>
      )}
    </section>
  )
}
