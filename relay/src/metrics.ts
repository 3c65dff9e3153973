/**
 * Prometheus metrics in the text exposition format (version 0.0.4), without a dependency:
 * counters and gauges with at most one label, and one latency histogram. Label values come from
 * fixed sets in the code (reasons, methods), never from the network, so cardinality stays bounded.
 */

const LATENCY_BUCKETS_MS = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000]

export interface Metrics {
  connections: number
  subscriptions: number
  mailboxMessages: () => number | undefined
  messagesIn: number
  messagesOut: number
  acks: number
  rejections: Map<string, number>
  reject(reason: string): void
  observeDeliveryMs(ms: number): void
  render(): string
}

export function createMetrics(): Metrics {
  const buckets = new Array<number>(LATENCY_BUCKETS_MS.length).fill(0)
  let latencyCount = 0
  let latencySum = 0
  const metrics: Metrics = {
    connections: 0,
    subscriptions: 0,
    mailboxMessages: () => undefined,
    messagesIn: 0,
    messagesOut: 0,
    acks: 0,
    rejections: new Map(),
    reject(reason) {
      metrics.rejections.set(reason, (metrics.rejections.get(reason) ?? 0) + 1)
    },
    observeDeliveryMs(ms) {
      latencyCount++
      latencySum += ms
      for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
        if (ms <= (LATENCY_BUCKETS_MS[i] as number)) buckets[i] = (buckets[i] as number) + 1
      }
    },
    render() {
      const lines: string[] = []
      const one = (name: string, type: string, help: string, value: number): void => {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`)
      }
      one('relay_connections', 'gauge', 'Open WebSocket connections.', metrics.connections)
      one(
        'relay_subscriptions',
        'gauge',
        'Active subscriptions on this node.',
        metrics.subscriptions,
      )
      const depth = metrics.mailboxMessages()
      if (depth !== undefined) {
        one('relay_mailbox_messages', 'gauge', 'Messages held in the mailbox.', depth)
      }
      one(
        'relay_messages_in_total',
        'counter',
        'Messages accepted from publishers.',
        metrics.messagesIn,
      )
      one(
        'relay_messages_out_total',
        'counter',
        'Messages pushed to subscribers.',
        metrics.messagesOut,
      )
      one('relay_acks_total', 'counter', 'Pushes acknowledged by subscribers.', metrics.acks)
      lines.push(
        '# HELP relay_rejections_total Requests and connections refused, by reason.',
        '# TYPE relay_rejections_total counter',
      )
      for (const [reason, n] of [...metrics.rejections].sort()) {
        lines.push(`relay_rejections_total{reason="${reason}"} ${n}`)
      }
      lines.push(
        '# HELP relay_delivery_latency_ms Publish received to push written, live deliveries.',
        '# TYPE relay_delivery_latency_ms histogram',
      )
      LATENCY_BUCKETS_MS.forEach((le, i) => {
        lines.push(`relay_delivery_latency_ms_bucket{le="${le}"} ${buckets[i]}`)
      })
      lines.push(
        `relay_delivery_latency_ms_bucket{le="+Inf"} ${latencyCount}`,
        `relay_delivery_latency_ms_sum ${latencySum}`,
        `relay_delivery_latency_ms_count ${latencyCount}`,
      )
      return `${lines.join('\n')}\n`
    },
  }
  return metrics
}
