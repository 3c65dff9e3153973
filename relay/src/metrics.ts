/**
 * The relay's Prometheus metrics on the server kit's `prom-client` registry (default process
 * metrics included). Call sites update plain fields (`metrics.connections++`, `reject(reason)`);
 * gauges read them at scrape time and counters advance with them. Label values come from fixed
 * sets in the code (reasons, limit names), never from the network, so cardinality stays bounded.
 */
import { createMetricsRegistry, type MetricsRegistry } from '@tessera/server-kit'
import type { MailboxUsage } from './mailbox/types.ts'

const LATENCY_BUCKETS_SECONDS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5]

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
  registry: MetricsRegistry
  render(): Promise<string>
}

/** A number field backed by a counter: `field++` advances the counter by the difference. */
function counted(
  target: object,
  field: string,
  registry: MetricsRegistry,
  name: string,
  help: string,
) {
  const counter = registry.counter({ name, help })
  let value = 0
  Object.defineProperty(target, field, {
    enumerable: true,
    get: () => value,
    set: (next: number) => {
      if (next > value) counter.inc(next - value)
      value = next
    },
  })
}

export function createMetrics(): Metrics {
  const registry = createMetricsRegistry()
  const rejections = registry.counter({
    name: 'relay_rejections_total',
    help: 'Requests and connections refused, by reason.',
    labelNames: ['reason'],
  })
  const latency = registry.histogram({
    name: 'relay_delivery_latency_seconds',
    help: 'Publish received to push written, live deliveries.',
    buckets: LATENCY_BUCKETS_SECONDS,
  })
  const metrics = {
    connections: 0,
    subscriptions: 0,
    mailboxUsage: () => undefined,
    limits: {},
    rejections: new Map(),
    reject(reason) {
      metrics.rejections.set(reason, (metrics.rejections.get(reason) ?? 0) + 1)
      rejections.inc({ reason })
    },
    observeDeliveryMs(ms) {
      latency.observe(ms / 1000)
    },
    registry,
    render: () => registry.render(),
  } as Omit<Metrics, 'messagesIn' | 'messagesOut' | 'acks'> as Metrics
  counted(
    metrics,
    'messagesIn',
    registry,
    'relay_messages_in_total',
    'Messages accepted from publishers.',
  )
  counted(
    metrics,
    'messagesOut',
    registry,
    'relay_messages_out_total',
    'Messages pushed to subscribers.',
  )
  counted(metrics, 'acks', registry, 'relay_acks_total', 'Pushes acknowledged by subscribers.')
  registry.gauge({
    name: 'relay_connections',
    help: 'Open WebSocket connections.',
    collect() {
      this.set(metrics.connections)
    },
  })
  registry.gauge({
    name: 'relay_subscriptions',
    help: 'Subscriptions held: stored ones, connected or not (file engine); this node’s live ones (Redis).',
    collect() {
      this.set(metrics.mailboxUsage()?.subscriptions ?? metrics.subscriptions)
    },
  })
  registry.gauge({
    name: 'relay_live_subscriptions',
    help: 'Subscriptions of connections open on this node.',
    collect() {
      this.set(metrics.subscriptions)
    },
  })
  registry.gauge({
    name: 'relay_mailbox_messages',
    help: 'Messages held in the mailbox (file engine).',
    collect() {
      const usage = metrics.mailboxUsage()
      if (usage !== undefined) this.set(usage.messages)
    },
  })
  registry.gauge({
    name: 'relay_mailbox_bytes',
    help: 'Message bytes held in the mailbox (file engine).',
    collect() {
      const usage = metrics.mailboxUsage()
      if (usage !== undefined) this.set(usage.bytes)
    },
  })
  registry.gauge({
    name: 'relay_limit',
    help: 'Configured caps.',
    labelNames: ['limit'],
    collect() {
      for (const [limit, value] of Object.entries(metrics.limits)) this.set({ limit }, value)
    },
  })
  return metrics
}
