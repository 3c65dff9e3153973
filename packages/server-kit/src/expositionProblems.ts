/**
 * What `promtool check metrics` would say about a `/metrics` body, as a function over the text
 * the server serves (the Prometheus text format, version 0.0.4): lines that do not parse, a
 * family's HELP or TYPE given twice, a TYPE after the family's samples, a family split in two
 * groups, a sample with no family or a bad label, a duplicate series, a histogram without its
 * `+Inf` bucket, and each family's name checked by `metricNameProblems` (name pattern, `_total`
 * on counters and only there, base units, help text). Empty when the text is clean. Stricter than
 * promtool 2.42 in two places a scrape would still mis-read: a family split in two groups and a
 * duplicate series. Reads text only; never fetches.
 */
import { type MetricType, metricNameProblems } from './metricNames.ts'

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/
const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'summary', 'untyped'])
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
}

interface Family {
  help?: string
  type?: MetricType
  samples: number
  infBucket: boolean
  buckets: number
}

/** Reads `{a="x",b="y"}` at the start of `text`: the labels and the rest, or a problem. */
function readLabels(text: string): { labels: [string, string][]; rest: string } | string {
  const labels: [string, string][] = []
  let at = 1
  for (;;) {
    if (text[at] === '}') return { labels, rest: text.slice(at + 1) }
    const name = /^([^=\s]*)="/.exec(text.slice(at))
    if (name === null) return 'a label is not name="value"'
    at += name[0].length
    let value = ''
    for (;;) {
      const c = text[at]
      if (c === undefined) return 'a label value is not closed'
      if (c === '"') break
      if (c === '\\') {
        const next = text[at + 1]
        if (next === 'n') value += '\n'
        else if (next === '\\' || next === '"') value += next
        else return `a label value has the escape \\${next ?? ''}`
        at += 2
        continue
      }
      value += c
      at++
    }
    labels.push([name[1] as string, value])
    at++
    if (text[at] === ',') at++
    else if (text[at] !== '}') return 'labels are not separated by ","'
  }
}

/** A value as Prometheus reads it (Go's ParseFloat: `NaN`, `Inf` in any case, prom-client's `Nan`). */
const isValue = (text: string) =>
  /^([+-]?(inf|infinity)|nan)$/i.test(text) || (text !== '' && !Number.isNaN(Number(text)))

export function expositionProblems(text: string): string[] {
  const problems: string[] = []
  const families = new Map<string, Family>()
  const series = new Set<string>()
  let current: string | undefined
  const closed = new Set<string>()
  /** The family `name`, entered: a family met again after another began is split. */
  const enter = (name: string, where: string): Family => {
    if (current !== name) {
      if (current !== undefined) closed.add(current)
      if (closed.has(name)) problems.push(`${where}: ${name} continues after another family began`)
      current = name
    }
    let family = families.get(name)
    if (family === undefined) {
      family = { samples: 0, infBucket: false, buckets: 0 }
      families.set(name, family)
    }
    return family
  }
  if (text !== '' && !text.endsWith('\n')) problems.push('the text does not end with a newline')
  const lines = text.split('\n')
  for (const [i, line] of lines.entries()) {
    const where = `line ${i + 1}`
    if (line.trim() === '') continue
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line)
      if (m === null) continue // An ordinary comment.
      const [, kind, name = '', rest = ''] = m
      if (!METRIC_NAME.test(name)) {
        problems.push(`${where}: "${name}" is not a metric name`)
        continue
      }
      const family = enter(name, where)
      if (kind === 'HELP') {
        if (family.help !== undefined) problems.push(`${where}: second HELP line for ${name}`)
        family.help = rest
        continue
      }
      if (family.type !== undefined) problems.push(`${where}: second TYPE line for ${name}`)
      if (family.samples > 0) problems.push(`${where}: TYPE line for ${name} after its samples`)
      if (!TYPES.has(rest.trim())) problems.push(`${where}: unknown type "${rest.trim()}"`)
      else family.type = rest.trim() as MetricType
      continue
    }
    const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line)
    if (head === null) {
      problems.push(`${where}: a sample without a metric name`)
      continue
    }
    const name = head[1] as string
    let rest = line.slice(name.length)
    let labels: [string, string][] = []
    if (rest.startsWith('{')) {
      const read = readLabels(rest)
      if (typeof read === 'string') {
        problems.push(`${where}: ${read}`)
        continue
      }
      ;({ labels, rest } = read)
    }
    const fields = rest.trim().split(/\s+/)
    if (!/^\s/.test(rest) || fields.length > 2 || !isValue(fields[0] ?? '')) {
      problems.push(`${where}: ${name} has no valid value`)
      continue
    }
    if (fields[1] !== undefined && !/^-?\d+$/.test(fields[1]))
      problems.push(`${where}: ${name} has a timestamp that is not an integer`)
    // The family: the sample's own name, or a histogram's or summary's with its suffix cut.
    let familyName = name
    if (families.get(name)?.type === undefined) {
      for (const [type, suffixes] of Object.entries(SUFFIXES)) {
        const suffix = suffixes.find((s) => name.endsWith(s))
        const base = suffix === undefined ? undefined : name.slice(0, -suffix.length)
        if (base !== undefined && families.get(base)?.type === type) familyName = base
      }
    }
    const family = enter(familyName, where)
    family.samples++
    const names = labels.map(([label]) => label)
    for (const label of names) {
      if (!LABEL_NAME.test(label) || label.startsWith('__'))
        problems.push(`${where}: ${name} has the label name "${label}"`)
    }
    if (new Set(names).size !== names.length) problems.push(`${where}: ${name} repeats a label`)
    if (family.type === 'histogram' && name === `${familyName}_bucket`) {
      const le = labels.find(([label]) => label === 'le')?.[1]
      if (le === undefined) problems.push(`${where}: ${name} has no "le" label`)
      family.buckets++
      if (le === '+Inf') family.infBucket = true
    }
    const key = `${name}{${labels
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .sort()
      .join(',')}}`
    if (series.has(key)) problems.push(`${where}: duplicate series ${key}`)
    series.add(key)
  }
  for (const [name, family] of families) {
    if (family.type === undefined) problems.push(`${name}: no TYPE line`)
    if (family.type === 'histogram' && family.buckets > 0 && !family.infBucket)
      problems.push(`${name}: a histogram without its le="+Inf" bucket`)
    for (const problem of metricNameProblems(name, family.type ?? 'untyped', family.help ?? ''))
      problems.push(`${name}: ${problem}`)
  }
  return problems
}
