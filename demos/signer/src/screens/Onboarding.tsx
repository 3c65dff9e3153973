/**
 * Onboarding: the DKG with a progress bar. The bar shows the engine's reported percent and the
 * elapsed seconds tick at least once per second, so the screen never looks frozen between rounds.
 */
import { useEffect, useState } from 'preact/hooks'
import type { MessageKey } from '../i18n.ts'
import { useApp } from '../ui/context.ts'

const PHASES: readonly string[] = [
  'start',
  'connect',
  'nonce',
  'commit',
  'reveal',
  'confirm',
  'done',
]

export function Onboarding() {
  const { state, actions, t } = useApp()
  const [now, setNow] = useState(Date.now())
  const running = state.progress !== undefined
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(timer)
  }, [running])
  const percent = Math.max(0, Math.min(100, Math.round(state.progress?.percent ?? 0)))
  const seconds = state.onboardingStartedAt
    ? Math.max(0, Math.floor((now - state.onboardingStartedAt) / 1000))
    : 0
  const progress = state.progress
  const phase =
    progress === undefined
      ? ''
      : [
          progress.curve ? t(`onboard.curve.${progress.curve}`) : '',
          PHASES.includes(progress.phase)
            ? t(`onboard.phase.${progress.phase}` as MessageKey)
            : progress.phase,
        ]
          .filter(Boolean)
          .join(' · ')
  return (
    <section class="screen" aria-labelledby="onboard-title">
      <h1 id="onboard-title">{t('onboard.title')}</h1>
      <p>{t('onboard.body')}</p>
      {running ? (
        <div class="progress-block">
          <p id="onboard-status">{t('onboard.running')}</p>
          <div
            class="progress"
            role="progressbar"
            aria-labelledby="onboard-status"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={`${percent}%`}
          >
            <div class="bar" style={{ width: `${percent}%` }} />
          </div>
          <p class="row between small" aria-live="off">
            <span>{phase}</span>
            <span data-testid="onboard-percent">{percent}%</span>
            <span>{t('onboard.elapsed', { seconds })}</span>
          </p>
        </div>
      ) : (
        <>
          <button type="button" class="primary" onClick={() => void actions.onboard()}>
            {t('onboard.start')}
          </button>
          <p class="muted small">{t('onboard.recoverHint')}</p>
          <button type="button" onClick={() => actions.openOverlay('recover')}>
            {t('login.recover')}
          </button>
        </>
      )}
    </section>
  )
}
