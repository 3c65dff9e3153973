/** Home: the first account's address on each chain (copy, QR), the backup reminder and the sessions. */
import { useState } from 'preact/hooks'
import { useApp } from '../ui/context.ts'
import { Qr } from '../ui/Qr.tsx'

function AddressRowView({
  label,
  address,
  chainId,
}: {
  label: string
  address: string
  chainId: string
}) {
  const { t } = useApp()
  const [copied, setCopied] = useState(false)
  const [qr, setQr] = useState(false)
  return (
    <li class="address" data-chain={chainId}>
      <div class="label">{label}</div>
      <code class="value">{address}</code>
      <div class="row">
        <button
          type="button"
          aria-label={`${t('home.copy')} ${label}`}
          onClick={() =>
            void navigator.clipboard?.writeText(address).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('home.copied') : t('home.copy')}
        </button>
        <button
          type="button"
          aria-expanded={qr}
          aria-label={`${t('home.qr')} ${label}`}
          onClick={() => setQr(!qr)}
        >
          {t('home.qr')}
        </button>
      </div>
      {qr ? <Qr text={address} label={`${label}: ${address}`} /> : null}
    </li>
  )
}

export function Home() {
  const { state, actions, config, t } = useApp()
  if (state.wallet.status !== 'ready') return null
  return (
    <section class="screen" aria-labelledby="home-title">
      {state.wallet.backupDue ? (
        <div class="panel caution">
          <span>{t('home.backupDue')}</span>
          <button type="button" onClick={() => void actions.openBackup()}>
            {t('home.backupNow')}
          </button>
        </div>
      ) : null}
      <h1 id="home-title">{t('home.title')}</h1>
      {state.wallet.addresses.length === 0 ? (
        <p class="panel info">
          {t('home.noChains', { chains: config.chains[actions.platform].join(', ') })}
        </p>
      ) : null}
      <ul class="addresses">
        {state.wallet.addresses.map((row) => (
          <AddressRowView key={row.chainId} {...row} />
        ))}
      </ul>
      <button type="button" class="primary" onClick={() => actions.setTab('pair')}>
        {t('home.pair')}
      </button>
      <h2>{t('home.sessions')}</h2>
      {state.sessions.length === 0 ? (
        <p class="muted">{t('home.noSessions')}</p>
      ) : (
        <ul class="sessions">
          {state.sessions.map((session) => (
            <li key={session.id}>
              <strong>{session.name}</strong> <span class="muted">{session.origin}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
