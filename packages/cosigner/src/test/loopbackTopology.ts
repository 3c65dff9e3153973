/**
 * Test utility: the deployment's topology (deploy/compose.yaml, docs/DEPLOYMENT.md#containers) as
 * the loopback topology test runs it — how many relay and co-signer processes, on which storage,
 * and the proxy sites in front of them. `topology.test.ts` starts exactly this, and
 * `scripts/deploy.test.ts` checks compose.yaml and the Caddyfile against it, so the two cannot
 * drift apart. Test-only.
 */
export const LOOPBACK_TOPOLOGY = {
  /** Relay processes, clustered on Redis. */
  relays: { count: 2, storage: 'redis' },
  /** Co-signer processes on one PostgreSQL schema, sharing their limits through Redis. */
  cosigners: { count: 2, storage: 'postgres', sharedLimits: 'redis' },
  /** One proxy with one round-robin site per cluster, in this order. */
  proxySites: ['relays', 'cosigners'],
} as const
