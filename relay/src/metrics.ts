/**
 * Prometheus metrics in the text exposition format (version 0.0.4), without a dependency:
 * counters and gauges with at most one label, and one latency histogram. Label values come from
 * fixed sets in the code (reasons, methods), never from the network, so cardinality stays bounded.
 */

import type { MailboxUsage } from './mailbox/types.ts'

const LATENCY_BUCKETS_MS = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000]

export interface Metrics {
  connections: number
  subscriptions: number
  /** What the mailbox holds, when the engine can tell (file engine). */
  mailboxUsage: () => MailboxUsage | undefined
  /** Configured caps, exposed as `relay_limit{limit="<name>"}`. */
  limits: Record<string, number>
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
    mailboxUsage: () => undefined,
    limits: {},
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
      const usage = metrics.mailboxUsage()
      one(
        'relay_subscriptions',
        'gauge',
        'Subscriptions held: stored ones, connected or not (file engine); this node’s live ones (Redis).',
        usage?.subscriptions ?? metrics.subscriptions,
      )
      one(
        'relay_live_subscriptions',
        'gauge',
        'Subscriptions of connections open on this node.',
        metrics.subscriptions,
      )
      if (usage !== undefined) {
        one('relay_mailbox_messages', 'gauge', 'Messages held in the mailbox.', usage.messages)
        one('relay_mailbox_bytes', 'gauge', 'Message bytes held in the mailbox.', usage.bytes)
      }
      const limits = Object.entries(metrics.limits)
      if (limits.length > 0) {
        lines.push('# HELP relay_limit Configured caps.', '# TYPE relay_limit gauge')
        for (const [name, value] of limits) lines.push(`relay_limit{limit="${name}"} ${value}`)
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
