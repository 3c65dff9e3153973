/**
 * `expositionProblems` against the rules of `promtool check metrics`: a kit registry's whole
 * `/metrics` text (default process metrics, a counter, a gauge, a histogram, escaped label
 * values) is clean; then each rule is broken once in a small made-up text and named.
 */
import { describe, expect, test } from 'vitest'
import { expositionProblems } from './expositionProblems.ts'
import { createMetricsRegistry } from './metrics.ts'

const clean = [
  '# HELP demo_requests_total Requests.',
  '# TYPE demo_requests_total counter',
  'demo_requests_total{route="a"} 1',
  'demo_requests_total{route="b\\"\\n\\\\"} 2 1700000000000',
  '# HELP demo_latency_seconds Latency.',
  '# TYPE demo_latency_seconds histogram',
  'demo_latency_seconds_bucket{le="0.1"} 1',
  'demo_latency_seconds_bucket{le="+Inf"} 2',
  'demo_latency_seconds_sum 0.3',
  'demo_latency_seconds_count 2',
  '# HELP demo_up Up.',
  '# TYPE demo_up gauge',
  'demo_up NaN',
  '',
].join('\n')

describe('expositionProblems', () => {
  test('a kit registry with every kind of metric is clean', async () => {
    const metrics = createMetricsRegistry()
    metrics
      .counter({ name: 'demo_requests_total', help: 'Requests.', labelNames: ['route'] })
      .inc({ route: 'a"\n\\' })
    metrics.gauge({ name: 'demo_connections', help: 'Open.' }).set(3)
    metrics
      .histogram({ name: 'demo_latency_seconds', help: 'Latency.', buckets: [0.1, 1] })
      .observe(0.5)
    const text = await metrics.render()
    expect(text).toContain('process_cpu_seconds_total')
    expect(text).toContain('nodejs_eventloop_lag_seconds')
    expect(expositionProblems(text)).toEqual([])
    expect(expositionProblems(clean)).toEqual([])
  })

  test.each([
    [
      'a counter without _total',
      clean.replaceAll('demo_requests_total', 'demo_requests'),
      'demo_requests: is a counter without _total',
    ],
    ['no help text', clean.replace('# HELP demo_up Up.\n', ''), 'demo_up: has no help text'],
    ['no TYPE line', clean.replace('# TYPE demo_up gauge\n', ''), 'demo_up: no TYPE line'],
    [
      'a second TYPE line',
      clean.replace('# TYPE demo_up gauge\n', '# TYPE demo_up gauge\n# TYPE demo_up gauge\n'),
      'line 13: second TYPE line for demo_up',
    ],
    [
      'a second HELP line',
      clean.replace('# HELP demo_up Up.\n', '# HELP demo_up Up.\n# HELP demo_up Up.\n'),
      'line 12: second HELP line for demo_up',
    ],
    [
      'a TYPE after the samples',
      clean.replace('# TYPE demo_up gauge\ndemo_up NaN', 'demo_up NaN\n# TYPE demo_up gauge'),
      'line 13: TYPE line for demo_up after its samples',
    ],
    [
      'a family in two groups',
      `${clean}demo_requests_total{route="c"} 1\n`,
      'line 14: demo_requests_total continues after another family began',
    ],
    [
      'a duplicate series',
      clean.replace('demo_up NaN', 'demo_up 1\ndemo_up 2'),
      'line 14: duplicate series demo_up{}',
    ],
    [
      'a bad metric name',
      clean.replaceAll('demo_up', 'demo-up'),
      'line 11: "demo-up" is not a metric name',
    ],
    ['a camelCase name', clean.replaceAll('demo_up', 'demoUp'), 'demoUp: is not snake_case'],
    [
      'a bad label name',
      clean.replace('route="a"', '__route="a"'),
      'line 3: demo_requests_total has the label name "__route"',
    ],
    [
      'an unclosed label value',
      clean.replace('route="a"} 1', 'route="a} 1'),
      'line 3: a label value is not closed',
    ],
    [
      'a value that is not a number',
      clean.replace('demo_up NaN', 'demo_up up'),
      'line 13: demo_up has no valid value',
    ],
    [
      'a histogram without +Inf',
      clean.replace('demo_latency_seconds_bucket{le="+Inf"} 2\n', ''),
      'demo_latency_seconds: a histogram without its le="+Inf" bucket',
    ],
    [
      'a unit that is not a base unit',
      clean.replaceAll('demo_latency_seconds', 'demo_latency_ms'),
      'demo_latency_ms: uses the unit "ms"; use the base unit seconds',
    ],
    ['no final newline', clean.trimEnd(), 'the text does not end with a newline'],
  ])('names %s', (_what, text, problem) => {
    expect(expositionProblems(text)).toContain(problem)
  })
})
