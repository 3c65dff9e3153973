/**
 * Where an e2e run's time goes: `phaseTimer(flow)` returns `mark(phase)`, which — when
 * `TESSERA_E2E_TIMINGS` names a file — appends one JSON line `{ flow, phase, ms, at }` to it (`ms`:
 * since the flow's previous mark, or since `phaseTimer` was called). Without the variable it does
 * nothing. Measuring only: no flow waits on it or reads it.
 */
import { appendFileSync } from 'node:fs'

export function phaseTimer(flow: string): (phase: string) => void {
  const file = process.env.TESSERA_E2E_TIMINGS
  let last = performance.now()
  return (phase) => {
    const now = performance.now()
    if (file !== undefined && file !== '') {
      const line = { flow, phase, ms: Math.round(now - last), at: new Date().toISOString() }
      appendFileSync(file, `${JSON.stringify(line)}\n`)
    }
    last = now
  }
}
