/**
 * Prometheus metrics in the text exposition format (0.0.4), without a dependency: counters
 * with one label from fixed sets in the code (routes, providers, outcomes, error codes), never
 * from the network, so cardinality stays bounded; gauges for open connections and streams.
 */

export interface Metrics {
  count(name: CounterName, label?: string): void
  gauge(name: GaugeName, delta: number): void
  render(): string
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
  const counters = new Map<string, number>()
  const gauges = new Map<string, number>()
  return {
    count(name, label = '') {
      const key = `${name}\u0000${label}`
      counters.set(key, (counters.get(key) ?? 0) + 1)
    },
    gauge(name, delta) {
      gauges.set(name, (gauges.get(name) ?? 0) + delta)
    },
    render() {
      const lines: string[] = []
      for (const [name, { help, label }] of Object.entries(COUNTERS)) {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`)
        for (const [key, value] of counters) {
          const [n, l] = key.split('\u0000') as [string, string]
          if (n === name) lines.push(`${name}{${label}="${l.replace(/["\\\n]/g, '_')}"} ${value}`)
        }
      }
      for (const [name, help] of Object.entries(GAUGES)) {
        lines.push(
          `# HELP ${name} ${help}`,
          `# TYPE ${name} gauge`,
          `${name} ${gauges.get(name) ?? 0}`,
        )
      }
      return `${lines.join('\n')}\n`
    },
  }
}
