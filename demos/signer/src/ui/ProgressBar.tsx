/**
 * A labelled progress bar with the elapsed seconds, ticking at least once per second so a long
 * step never looks frozen (recovery and refresh; onboarding has its own with the same shape).
 */
import { useEffect, useState } from 'preact/hooks'
import type { MaintenanceProgress } from '../services/types.ts'

export function ProgressBar({
  id,
  label,
  progress,
  startedAt,
  elapsed,
}: {
  id: string
  label: string
  progress: MaintenanceProgress
  startedAt: number
  elapsed: (seconds: number) => string
}) {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(timer)
  }, [])
  const percent = Math.max(0, Math.min(100, Math.round(progress.percent)))
  const seconds = Math.max(0, Math.floor((now - startedAt) / 1000))
  return (
    <div class="progress-block">
      <p id={id}>{label}</p>
      <div
        class="progress"
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
      >
        <div class="bar" style={{ width: `${percent}%` }} />
      </div>
      <p class="row between small" aria-live="off">
        <span>{progress.phase}</span>
        <span>{percent}%</span>
        <span>{elapsed(seconds)}</span>
      </p>
    </div>
  )
}
