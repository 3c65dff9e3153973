/**
 * The co-signer's Prometheus metrics on the server kit's `prom-client` registry (default process
 * metrics included): counters with one label from fixed sets in the code (routes, providers,
 * outcomes, error codes), never from the network, so cardinality stays bounded; gauges for open
 * connections and streams. Every name passes the Prometheus naming rules (`metrics.test.ts`).
 */
import {
  type Counter,
  createMetricsRegistry,
  type Gauge,
  type MetricsRegistry,
} from '@tessera/server-kit'

export interface Metrics {
  count(name: CounterName, label?: string): void
  gauge(name: GaugeName, delta: number): void
  registry: MetricsRegistry
  render(): Promise<string>
}

const COUNTERS = {
  cosigner_http_requests_total: { help: 'HTTP requests by route.', label: 'route' },
  cosigner_logins_total: { help: 'Login attempts by provider and outcome.', label: 'result' },
  cosigner_mpc_frames_total: { help: 'MPC frames received, by outcome.', label: 'result' },
  cosigner_mpc_rejections_total: {
    help: 'MPC connections or streams refused, by reason.',
    label: 'reason',
  },
} as const
const GAUGES = {
  cosigner_mpc_connections: 'Open MPC WebSocket connections.',
  cosigner_mpc_streams: 'Open MPC sub-streams.',
} as const

export type CounterName = keyof typeof COUNTERS
export type GaugeName = keyof typeof GAUGES

export function createMetrics(): Metrics {
  const registry = createMetricsRegistry()
  const counters = new Map<string, Counter<string>>()
  for (const [name, { help, label }] of Object.entries(COUNTERS))
    counters.set(name, registry.counter({ name, help, labelNames: [label] }))
  const gauges = new Map<string, Gauge<string>>()
  for (const [name, help] of Object.entries(GAUGES))
    gauges.set(name, registry.gauge({ name, help }))
  return {
    count(name, label = '') {
      counters.get(name)?.inc({ [COUNTERS[name].label]: label })
    },
    gauge(name, delta) {
      gauges.get(name)?.inc(delta)
    },
    registry,
    render: () => registry.render(),
  }
}
