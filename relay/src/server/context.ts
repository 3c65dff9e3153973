/**
 * What every request handler may use: configuration, storage, routing, limits, metrics and logs.
 * Built once per relay in `startRelay.ts`.
 */

import type { SharedRateLimiter, Slots } from '@tessera/server-kit'
import type { RelayConfig } from '../config.ts'
import type { RateLimiter } from '../limits/tokenBucket.ts'
import type { Logger } from '../log.ts'
import type { MailboxStore } from '../mailbox/types.ts'
import type { Metrics } from '../metrics.ts'
import type { Hub } from './hub.ts'

export interface RelayContext {
  config: RelayConfig
  store: MailboxStore
  hub: Hub
  metrics: Metrics
  log: Logger
  /** The relay's clock (ms); tests inject one. */
  now: () => number
  /** Per client (the JWT's did:key): shared by the cluster through Redis in Redis mode. */
  publishPerClient: RateLimiter | SharedRateLimiter
  /** Per IP: shared by the cluster through Redis in Redis mode (docs/DEPLOYMENT.md#limits-across-a-cluster). */
  publishPerIp: RateLimiter | SharedRateLimiter
  /**
   * Redis mode: one slot per (connection, topic) under the client id, `maxTopicsPerClient` at
   * most across the cluster. Absent: the node's own count (`hub.topicsOf`) is the limit.
   */
  topicSlots?: Slots
}
