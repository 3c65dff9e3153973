/**
 * The relay's metrics pass the Prometheus naming rules (what `promtool check metrics` flags), with
 * every family populated, and fields updated by call sites show in the scrape.
 */
import { expositionProblems } from '@tessera/server-kit'
import { expect, test } from 'vitest'
import { createMetrics } from './metrics.ts'

test('every exposed name is valid for promtool, and the fields reach the text', async () => {
  const metrics = createMetrics()
  metrics.connections = 2
  metrics.messagesIn++
  metrics.messagesIn++
  metrics.acks++
  metrics.reject('quota_topic')
  metrics.observeDeliveryMs(3)
  metrics.limits = { mailbox_depth: 1000 }
  metrics.mailboxUsage = () => ({ messages: 4, bytes: 400, subscriptions: 9 })
  expect(await metrics.registry.problems()).toEqual([])
  const text = await metrics.render()
  // The scrape itself, as promtool reads it: HELP and TYPE once per family, before its samples,
  // names and labels well formed, `_total` on counters only, no duplicate series.
  expect(expositionProblems(text)).toEqual([])
  for (const line of [
    'relay_connections 2',
    'relay_messages_in_total 2',
    'relay_acks_total 1',
    'relay_rejections_total{reason="quota_topic"} 1',
    'relay_delivery_latency_seconds_bucket{le="0.005"} 1',
    'relay_subscriptions 9',
    'relay_mailbox_bytes 400',
    'relay_limit{limit="mailbox_depth"} 1000',
    'process_resident_memory_bytes',
    'nodejs_eventloop_lag_seconds',
  ])
    expect(text).toContain(line)
})
