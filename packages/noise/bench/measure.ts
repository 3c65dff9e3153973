/** Bench helpers: repeated timing with medians and spread (the machine is shared and noisy). */

export interface Sample {
  /** Median milliseconds per operation. */
  readonly medianMs: number
  /** Inter-quartile range of the per-batch figures, milliseconds per operation. */
  readonly iqrMs: number
}

/** Runs `op` in `batches` batches of `perBatch` calls after a warm-up, timing each batch. */
export function measure(op: () => void, { batches = 15, perBatch = 10, warmup = 5 } = {}): Sample {
  for (let i = 0; i < warmup; i++) op()
  const perOp: number[] = []
  for (let b = 0; b < batches; b++) {
    const start = performance.now()
    for (let i = 0; i < perBatch; i++) op()
    perOp.push((performance.now() - start) / perBatch)
  }
  perOp.sort((x, y) => x - y)
  const at = (q: number) =>
    perOp[Math.min(perOp.length - 1, Math.floor(q * perOp.length))] ?? Number.NaN
  return { medianMs: at(0.5), iqrMs: at(0.75) - at(0.25) }
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits))
