/**
 * The Prometheus naming rules (what `promtool check metrics` flags), and that a kit registry —
 * default process metrics included — exposes only names that pass them.
 */
import { describe, expect, test } from 'vitest'
import { metricNameProblems } from './metricNames.ts'
import { createMetricsRegistry } from './metrics.ts'

describe('metricNameProblems', () => {
  test.each([
    ['relay_messages_in_total', 'counter'],
    ['relay_connections', 'gauge'],
    ['relay_delivery_latency_seconds', 'histogram'],
    ['process_resident_memory_bytes', 'gauge'],
  ] as const)('%s (%s) is good', (name, type) => {
    expect(metricNameProblems(name, type, 'help')).toEqual([])
  })

  test.each([
    ['relay_messages', 'counter', 'is a counter without _total'],
    ['relay_connections_total', 'gauge', 'ends in _total but is a gauge'],
    ['relayConnections', 'gauge', 'is not snake_case'],
    ['relay_delivery_latency_ms', 'histogram', 'uses the unit "ms"; use the base unit seconds'],
    ['relay_size_kilobytes', 'gauge', 'uses the unit "kilobytes"; use the base unit bytes'],
    [
      'relay_delivery_latency',
      'histogram',
      'is a distribution without its unit as the suffix (_seconds, _bytes…)',
    ],
    ['relay:rate', 'gauge', 'uses a colon (reserved for recording rules)'],
    ['relay-connections', 'gauge', 'is not a valid metric name'],
    ['relay_requests_count', 'gauge', 'ends in a suffix reserved for histograms'],
    ['relay_errors_counter_total', 'counter', 'names its type "counter"'],
    ['relay__x', 'gauge', 'has an empty word'],
  ] as const)('%s (%s) %s', (name, type, problem) => {
    expect(metricNameProblems(name, type, 'help')).toContain(problem)
  })

  test('help text is required', () => {
    expect(metricNameProblems('relay_connections', 'gauge', ' ')).toEqual(['has no help text'])
  })
})

describe('createMetricsRegistry', () => {
  test('exposes default process metrics (memory, CPU, event-loop lag), all well named', async () => {
    const metrics = createMetricsRegistry()
    metrics
      .counter({ name: 'demo_requests_total', help: 'Requests.', labelNames: ['route'] })
      .inc({ route: 'x' })
    const text = await metrics.render()
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'demo_requests_total{route="x"} 1',
    ])
      expect(text).toContain(name)
    expect(await metrics.problems()).toEqual([])
  })

  test('refuses to create a metric with a bad name', () => {
    const metrics = createMetricsRegistry({ defaultMetrics: false })
    expect(() => metrics.counter({ name: 'demo_requests', help: 'x' })).toThrow(/without _total/)
    expect(() => metrics.histogram({ name: 'demo_ms', help: 'x', buckets: [1] })).toThrow(/"ms"/)
  })
})
