/**
 * The approval screen for the oldest waiting request: the intent first, warnings by severity
 * (danger first, as alerts), the decoded fields, the raw request one tap away, then Reject and
 * Approve — hold-to-approve when a warning is dangerous or the data could not be decoded.
 */
import { useEffect, useState } from 'preact/hooks'
import type { InboxView, Severity } from '../services/types.ts'
import type { SoterStep } from '../store.ts'
import { useApp } from '../ui/context.ts'
import { Fields } from '../ui/FieldView.tsx'
import { HoldButton } from '../ui/HoldButton.tsx'

const RANK: Record<Severity, number> = { danger: 0, caution: 1, info: 2 }

export function Approve() {
  const { state, actions, t } = useApp()
  const item = state.inbox[0]
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  if (item === undefined) return null
  // In the language shown now: the inbox keeps the request and describes it again on a switch.
  const description = item.describe?.(state.locale) ?? item.description
  const warnings = [...description.warnings].sort((a, b) => RANK[a.severity] - RANK[b.severity])
  const dangerous = description.blind || warnings.some((w) => w.severity === 'danger')
  const busy = state.approving !== undefined
  const soter = state.soter?.itemId === item.id ? state.soter : undefined
  const seconds = Math.max(0, Math.ceil((item.expiresAt - now) / 1000))
  return (
    <section class="screen approve" aria-labelledby="approve-intent">
      <p class="muted">
        {t('approve.title', { name: item.session.name })}
        {item.session.origin ? <span> · {item.session.origin}</span> : null}
      </p>
      <VerifyNote verify={item.session.verify} />
      <h1 id="approve-intent" class="intent">
        {description.intent}
      </h1>
      {description.blind ? (
        <p class="warning danger" role="alert">
          <strong>{t('severity.danger')}: </strong>
          {t('approve.blind')}
        </p>
      ) : null}
      {warnings.map((warning) => (
        <p
          key={warning.code}
          class={`warning ${warning.severity}`}
          role={warning.severity === 'info' ? 'note' : 'alert'}
          data-code={warning.code}
        >
          <strong>{t(`severity.${warning.severity}`)}: </strong>
          {warning.message}
        </p>
      ))}
      <dl class="fields meta">
        {description.chainId ? (
          <div class="field">
            <dt>{t('approve.chain')}</dt>
            <dd>{description.chainId}</dd>
          </div>
        ) : null}
      </dl>
      <Fields fields={description.fields} />
      <details class="raw">
        <summary>{t('approve.raw')}</summary>
        <dl class="fields">
          <div class="field">
            <dt>{t('approve.method')}</dt>
            <dd>
              <code>{item.method}</code>
            </dd>
          </div>
          <div class="field">
            <dt>{t('approve.chain')}</dt>
            <dd>
              <code>{item.chainId}</code>
            </dd>
          </div>
          <div class="field">
            <dt>{t('approve.account')}</dt>
            <dd>
              <code>{item.account.address}</code>
            </dd>
          </div>
        </dl>
        <pre>{JSON.stringify(item.params ?? description, null, 2)}</pre>
      </details>
      <p class="small muted">
        {t('approve.expires', { seconds })}
        {state.inbox.length > 1 ? ` · ${t('approve.more', { count: state.inbox.length - 1 })}` : ''}
      </p>
      {soter ? <SoterPanel step={soter} itemId={item.id} /> : null}
      {busy && soter === undefined ? (
        <p class="busy" role="status">
          <span class="spinner" aria-hidden="true" /> {t('approve.signing')}
        </p>
      ) : null}
      {soter ? null : (
        <div class="actions">
          <button type="button" disabled={busy} onClick={() => void actions.answer(item.id, false)}>
            {t('approve.reject')}
          </button>
          {dangerous ? (
            <HoldButton
              label={t('approve.hold')}
              hint={t('approve.holdHint')}
              disabled={busy}
              onConfirm={() => void actions.answer(item.id, true)}
            />
          ) : (
            <button
              type="button"
              class="primary"
              disabled={busy}
              onClick={() => void actions.answer(item.id, true)}
            >
              {t('approve.approve')}
            </button>
          )}
        </div>
      )}
    </section>
  )
}

/** WalletConnect Verify's verdict on the dapp's domain, shown above the intent when there is one. */
function VerifyNote({ verify }: { verify: InboxView['session']['verify'] }) {
  const { t } = useApp()
  if (verify === undefined) return null
  if (verify.isScam || verify.validation === 'INVALID')
    return (
      <p class="warning danger" role="alert" data-code="VerifyMismatch">
        <strong>{t('severity.danger')}: </strong>
        {t(verify.isScam ? 'approve.verify.scam' : 'approve.verify.invalid', {
          origin: verify.origin,
        })}
      </p>
    )
  return (
    <p class="muted" data-code={`Verify${verify.validation}`}>
      {t(verify.validation === 'VALID' ? 'approve.verify.valid' : 'approve.verify.unknown', {
        origin: verify.origin,
      })}
    </p>
  )
}

const SOTER_PROGRESS: Partial<
  Record<
    SoterStep['phase'],
    'soter.starting' | 'soter.handedOff' | 'soter.verifying' | 'soter.signing'
  >
> = {
  starting: 'soter.starting',
  handedOff: 'soter.handedOff',
  verifying: 'soter.verifying',
  signing: 'soter.signing',
}

/**
 * The co-signer asked for a fingerprint confirmation in WeChat (docs/AUTH.md#soter-biometrics):
 * why, where it stands (progress with a spinner), and on a failure or expiry the sentence with
 * "Try again" and "Reject the request"; outside WeChat, where it can be done instead.
 */
function SoterPanel({ step, itemId }: { step: SoterStep; itemId: string }) {
  const { actions, t } = useApp()
  const progress = SOTER_PROGRESS[step.phase]
  const problem =
    step.phase === 'unavailable'
      ? t(step.reason ?? 'soter.unavailable')
      : step.phase === 'expired'
        ? t('soter.expired')
        : step.phase === 'failed'
          ? t(step.reason ?? 'soter.shellFailed', { detail: step.detail ?? '' })
          : undefined
  const retry = step.phase === 'failed' || step.phase === 'expired'
  return (
    <section class="soter" aria-labelledby="soter-title" data-phase={step.phase}>
      <h2 id="soter-title">{t('soter.title')}</h2>
      <p class="muted">{t('soter.why')}</p>
      {progress ? (
        <p class="busy" role="status">
          <span class="spinner" aria-hidden="true" /> {t(progress)}
        </p>
      ) : null}
      {problem ? (
        <p class="warning caution" role="alert">
          {problem}
        </p>
      ) : null}
      {problem ? (
        <div class="actions">
          <button type="button" onClick={() => void actions.answer(itemId, false)}>
            {t('soter.reject')}
          </button>
          {retry ? (
            <button type="button" class="primary" onClick={() => void actions.retrySoter()}>
              {t('soter.retry')}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}
