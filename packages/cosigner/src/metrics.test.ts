/**
 * The co-signer's metrics pass the Prometheus naming rules (what `promtool check metrics`
 * flags), with every family populated, and counts and gauges reach the scrape.
 */
import { expositionProblems } from '@tessera/server-kit'
import { expect, test } from 'vitest'
import { createMetrics } from './metrics.ts'

test('every exposed name is valid for promtool, and counts reach the text', async () => {
  const metrics = createMetrics()
  metrics.count('cosigner_http_requests_total', 'status')
  metrics.count('cosigner_logins_total', 'oidc:ok')
  metrics.count('cosigner_mpc_frames_total', 'ok')
  metrics.count('cosigner_mpc_rejections_total', 'too_many_per_ip')
  metrics.gauge('cosigner_mpc_connections', 2)
  metrics.gauge('cosigner_mpc_connections', -1)
  expect(await metrics.registry.problems()).toEqual([])
  const text = await metrics.render()
  // The scrape itself, as promtool reads it: HELP and TYPE once per family, before its samples,
  // names and labels well formed, `_total` on counters only, no duplicate series.
  expect(expositionProblems(text)).toEqual([])
  for (const line of [
    'cosigner_http_requests_total{route="status"} 1',
    'cosigner_logins_total{result="oidc:ok"} 1',
    'cosigner_mpc_rejections_total{reason="too_many_per_ip"} 1',
    'cosigner_mpc_connections 1',
    'cosigner_mpc_streams 0',
    'process_resident_memory_bytes',
    'nodejs_eventloop_lag_seconds',
  ])
    expect(text).toContain(line)
})
