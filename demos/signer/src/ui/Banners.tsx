/**
 * The error panel (a human sentence, the detail below it, and the way forward) and the notice
 * line for things that went well. Both are live regions, so a screen reader hears them.
 */
import { useApp } from './context.ts'

export function ErrorPanel() {
  const { state, actions, t } = useApp()
  const error = state.error
  if (error === undefined) return null
  return (
    <div class="panel error" role="alert">
      <strong>{t('error.title')}</strong>
      <p>{t(error.key, { detail: error.detail ?? '' })}</p>
      {error.rule ? (
        <>
          <p class="rule" data-rule={error.rule.name}>
            {t(error.rule.reason)}
          </p>
          <p class="detail">{t('error.policyRuleName', { rule: error.rule.name })}</p>
        </>
      ) : null}
      {error.detail && error.key === 'error.unknown' ? null : error.detail ? (
        <p class="detail">{error.detail}</p>
      ) : null}
      <div class="row">
        {error.retry ? (
          <button
            type="button"
            class="primary"
            onClick={() => {
              actions.dismissError()
              error.retry?.()
            }}
          >
            {t(error.retryLabel ?? 'error.retry')}
          </button>
        ) : null}
        {error.retryLabel === 'error.dismiss' ? null : (
          <button type="button" onClick={actions.dismissError}>
            {t('error.dismiss')}
          </button>
        )}
      </div>
    </div>
  )
}

export function NoticeLine() {
  const { state, actions, t } = useApp()
  if (state.notice === undefined) return null
  return (
    <div class="panel notice" role="status">
      <span>{t(state.notice.key, state.notice.values)}</span>
      <button
        type="button"
        class="link"
        onClick={actions.dismissNotice}
        aria-label={t('error.dismiss')}
      >
        ×
      </button>
    </div>
  )
}
