/**
 * A `prom-client` registry per server with the default process metrics (memory, CPU, event-loop
 * lag, handles) and helpers that refuse a metric name `promtool check metrics` would flag.
 * Label values must come from fixed sets in the code, never from the network, so cardinality
 * stays bounded. `render()` is the text the `/metrics` route serves.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import { expositionProblems } from './expositionProblems.ts'
import { type MetricType, metricNameProblems } from './metricNames.ts'

const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]

export interface MetricsRegistry {
  registry: Registry
  counter<L extends string = never>(config: MetricConfig<L>): Counter<L>
  gauge<L extends string = never>(
    config: MetricConfig<L> & { collect?: (this: Gauge<L>) => void },
  ): Gauge<L>
  histogram<L extends string = never>(config: MetricConfig<L> & { buckets: number[] }): Histogram<L>
  /**
   * Every exposed metric's naming problems, as `name: problem`, then what `promtool check
   * metrics` would flag in the rendered text (`expositionProblems`); empty when all are good.
   */
  problems(): Promise<string[]>
  render(): Promise<string>
  contentType: string
}

export interface MetricConfig<L extends string> {
  name: string
  help: string
  labelNames?: readonly L[]
}

function checked(name: string, type: MetricType, help: string): void {
  const problems = metricNameProblems(name, type, help)
  if (problems.length > 0) throw new TypeError(`metric "${name}" ${problems.join('; ')}`)
}

export function createMetricsRegistry(options: { defaultMetrics?: boolean } = {}): MetricsRegistry {
  const registry = new Registry()
  if (options.defaultMetrics !== false) {
    collectDefaultMetrics({ register: registry })
    // Gauges named `_total`, which promtool flags; `nodejs_active_handles` etc. carry the counts.
    for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name)
  }
  return {
    registry,
    counter(config) {
      checked(config.name, 'counter', config.help)
      return new Counter({ ...config, labelNames: config.labelNames ?? [], registers: [registry] })
    },
    gauge(config) {
      checked(config.name, 'gauge', config.help)
      return new Gauge({ ...config, labelNames: config.labelNames ?? [], registers: [registry] })
    },
    histogram(config) {
      checked(config.name, 'histogram', config.help)
      return new Histogram({
        ...config,
        labelNames: config.labelNames ?? [],
        registers: [registry],
      })
    },
    async problems() {
      const metrics = await registry.getMetricsAsJSON()
      const named = metrics.flatMap((m) =>
        metricNameProblems(m.name, String(m.type) as MetricType, m.help).map(
          (p) => `${m.name}: ${p}`,
        ),
      )
      return [...new Set([...named, ...expositionProblems(await registry.metrics())])]
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  }
}
