/**
 * The Prometheus naming rules (https://prometheus.io/docs/practices/naming/) and the checks of
 * `promtool check metrics`, as a function: what is wrong with a metric's name for its type, or
 * nothing. Used by the servers' tests on every metric their registry exposes.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped'

/** Units that are not base units, with the base unit Prometheus wants instead. */
const NON_BASE_UNITS: Record<string, string> = {
  milliseconds: 'seconds',
  millis: 'seconds',
  ms: 'seconds',
  microseconds: 'seconds',
  us: 'seconds',
  nanoseconds: 'seconds',
  ns: 'seconds',
  minutes: 'seconds',
  hours: 'seconds',
  days: 'seconds',
  sec: 'seconds',
  secs: 'seconds',
  kilobytes: 'bytes',
  kb: 'bytes',
  kib: 'bytes',
  megabytes: 'bytes',
  mb: 'bytes',
  mib: 'bytes',
  gigabytes: 'bytes',
  gb: 'bytes',
  bits: 'bytes',
  percent: 'ratio',
}

const BASE_UNIT = /_(seconds|bytes|ratio|celsius|meters|volts|amperes|joules|grams)$/
const RESERVED_SUFFIX = /_(count|sum|bucket)$/

/** Problems of `name` as a metric of `type`, each a sentence; empty when the name is good. */
export function metricNameProblems(name: string, type: MetricType, help = 'x'): string[] {
  const problems: string[] = []
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) problems.push('is not a valid metric name')
  if (name.includes(':')) problems.push('uses a colon (reserved for recording rules)')
  if (name.startsWith('__')) problems.push('starts with "__" (reserved)')
  if (/[A-Z]/.test(name)) problems.push('is not snake_case')
  if (/__/.test(name.slice(1)) || name.endsWith('_')) problems.push('has an empty word')
  const words = name.split('_')
  for (const word of words) {
    const base = NON_BASE_UNITS[word.toLowerCase()]
    if (base !== undefined) problems.push(`uses the unit "${word}"; use the base unit ${base}`)
  }
  if (type === 'counter' && !name.endsWith('_total')) problems.push('is a counter without _total')
  if (type !== 'counter' && name.endsWith('_total'))
    problems.push(`ends in _total but is a ${type}`)
  if (RESERVED_SUFFIX.test(name)) problems.push('ends in a suffix reserved for histograms')
  if (words.includes(type)) problems.push(`names its type "${type}"`)
  if ((type === 'histogram' || type === 'summary') && !BASE_UNIT.test(name))
    problems.push('is a distribution without its unit as the suffix (_seconds, _bytes…)')
  if (help.trim() === '') problems.push('has no help text')
  return problems
}
