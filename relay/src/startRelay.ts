/**
 * Assembles and starts one relay node: storage engine, cluster bus (Redis mode), HTTP routes,
 * the WebSocket upgrade gate, pings, the mailbox sweep and graceful shutdown (stop accepting,
 * close clients with 1001 so they reconnect elsewhere, flush storage). Returns `{ url, close }`.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  createLogger,
  hostPort,
  memorySlots,
  redisFailure,
  redisRateLimiter,
  redisSlots,
  type Slots,
  serve,
} from '@tessera/server-kit'
import { Redis } from 'ioredis'
import { WebSocketServer } from 'ws'
import { openRedisBus } from './cluster/redisBus.ts'
import { DEFAULTS, type RelayConfig } from './config.ts'
import { createRateLimiter } from './limits/tokenBucket.ts'
import { type LinkStore, memoryLinkStore, redisLinkStore } from './links/linkStore.ts'
import { linkRoutes } from './links/routes.ts'
import { openFileStore } from './mailbox/fileStore.ts'
import { openRedisStore } from './mailbox/redisStore.ts'
import type { MailboxStore } from './mailbox/types.ts'
import { createMetrics, type Metrics } from './metrics.ts'
import { CLOSE_GOING_AWAY, type Connection } from './server/connection.ts'
import type { RelayContext } from './server/context.ts'
import { Hub } from './server/hub.ts'
import { runSession } from './server/socketSession.ts'
import { decideUpgrade, refuseUpgrade } from './server/upgrade.ts'

export interface RunningRelay {
  /** ws://host:port of this node (the first accepted `aud` when no public URLs are configured). */
  url: string
  port: number
  metrics: Metrics
  close(): Promise<void>
}

/** How long shutdown waits for clients to complete the close handshake. */
const CLOSE_GRACE_MS = 2000
const SWEEP_INTERVAL_MS = 30_000

export interface StartOptions {
  /** Where JSON log lines go (default: stdout). */
  logSink?: (line: string) => void
  /** Clock in ms (default `Date.now`); every time the relay reads comes from it. */
  now?: () => number
}

/** Opens what lives in Redis, naming Redis (host:port, no credentials) when it cannot be reached. */
async function withRedis<T>(config: RelayConfig, open: () => Promise<T>): Promise<T> {
  try {
    return await open()
  } catch (error) {
    throw redisFailure(config.redisUrl, error)
  }
}

export async function startRelay(
  overrides: Partial<RelayConfig> = {},
  options: StartOptions = {},
): Promise<RunningRelay> {
  const config: RelayConfig = { ...DEFAULTS, ...overrides }
  if (config.nodeId === '') config.nodeId = `node-${randomBytes(4).toString('hex')}`
  const now = options.now ?? Date.now
  const log = createLogger({
    level: config.logLevel,
    base: { service: 'relay', node: config.nodeId },
    ...(options.logSink === undefined ? {} : { sink: options.logSink }),
  })
  const metrics = createMetrics()
  const store: MailboxStore =
    config.storage === 'redis'
      ? await withRedis(config, () =>
          openRedisStore({
            url: config.redisUrl,
            prefix: config.redisPrefix,
            maxSubscriptions: config.maxSubscriptions,
            now,
          }),
        )
      : openFileStore({
          dir: config.dataDir,
          fsyncIntervalMs: config.fsyncIntervalMs,
          quota: {
            maxTopicBytes: config.maxTopicBytes,
            maxClientBytes: config.maxClientBytes,
            maxTotalBytes: config.maxStoredBytes,
          },
          maxSubscriptions: config.maxSubscriptions,
          // JSON escaping at most sextuples a message (\u00XX); the rest of a record is mostly
          // its required/acked client lists, which a crowded topic makes long.
          maxRecordBytes: 6 * config.maxMessageBytes + 64 * 1024 * 1024,
          onWarning: (event, fields) => log.warn(event, fields),
          now,
        })
  const hub = new Hub(metrics, now)
  // Redis mode: per-IP and per-client (identity) limits are the cluster's, not this node's
  // (docs/DEPLOYMENT.md#limits-across-a-cluster).
  let limitsRedis: Redis | undefined
  if (config.storage === 'redis') {
    const client = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 })
    client.on('error', () => {})
    // This connection's state stands for Redis's: lost and regained are logged once each.
    let lost = false
    client.on('close', () => {
      if (lost || client.status === 'end') return
      lost = true
      log.info('redis_lost', { redis: hostPort(config.redisUrl, 6379) })
    })
    client.on('ready', () => {
      if (!lost) return
      lost = false
      log.info('redis_regained', { redis: hostPort(config.redisUrl, 6379) })
    })
    limitsRedis = client
    try {
      await withRedis(config, () => client.connect())
    } catch (error) {
      client.disconnect()
      await store.close()
      throw error
    }
  }
  const limitPrefix = `${config.redisPrefix}:limits`
  const ipSlots: Slots =
    limitsRedis === undefined
      ? memorySlots(config.maxConnectionsPerIp)
      : redisSlots(limitsRedis, {
          prefix: `${limitPrefix}:connections`,
          max: config.maxConnectionsPerIp,
          now,
          onError: (e) => log.warn('limit_renewal_failed', { error: String(e) }),
        })
  const topicSlots: Slots | undefined =
    limitsRedis === undefined
      ? undefined
      : redisSlots(limitsRedis, {
          prefix: `${limitPrefix}:topics`,
          max: config.maxTopicsPerClient,
          now,
          onError: (e) => log.warn('limit_renewal_failed', { error: String(e) }),
        })
  const ctx: RelayContext = {
    config,
    store,
    hub,
    metrics,
    log,
    now,
    publishPerClient:
      limitsRedis === undefined
        ? createRateLimiter(config.publishPerSecClient)
        : redisRateLimiter(limitsRedis, {
            prefix: `${limitPrefix}:publish-client`,
            ratePerSec: config.publishPerSecClient,
          }),
    publishPerIp:
      limitsRedis === undefined
        ? createRateLimiter(config.publishPerSecIp)
        : redisRateLimiter(limitsRedis, {
            prefix: `${limitPrefix}:publish`,
            ratePerSec: config.publishPerSecIp,
          }),
    ...(topicSlots === undefined ? {} : { topicSlots }),
  }
  const links: LinkStore[] = []
  /** Releases what was opened (data-directory lock, Redis connections). */
  const release = async (): Promise<void> => {
    ipSlots.close()
    topicSlots?.close()
    await limitsRedis?.quit().catch(() => limitsRedis?.disconnect())
    await hub.bus?.close()
    for (const l of links) await l.close()
    await store.close()
  }
  try {
    if (config.storage === 'redis') {
      hub.bus = await withRedis(config, () =>
        openRedisBus({
          url: config.redisUrl,
          prefix: config.redisPrefix,
          nodeId: config.nodeId,
          onMessage: (m) => hub.deliverLocal(m, undefined),
          onError: (event, fields) => log.warn(event, fields),
        }),
      )
    }
    links.push(
      config.storage === 'redis'
        ? await withRedis(config, () => redisLinkStore(config.redisUrl, config.redisPrefix))
        : memoryLinkStore(now),
    )
  } catch (error) {
    await release()
    throw error
  }

  const connections = new Set<Connection>()
  let audiences: string[] = []
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    perMessageDeflate: false,
  })

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, ip: string): void => {
    // Watched from the start: the JWT verdict and the IP slot are both awaited, and a socket that
    // dies meanwhile must not be answered or accepted.
    let gone = false
    socket.once('close', () => {
      gone = true
    })
    decideUpgrade(req, ip, {
      audiences: () => audiences,
      skewSec: config.jwtSkewSec,
      nowSec: () => Math.floor(now() / 1000),
    }).then(
      (decision) => {
        if (!decision.ok) {
          log.debug('upgrade_refused', { status: decision.status, reason: decision.reason })
          metrics.reject(decision.status === 401 ? `auth_${decision.reason}` : decision.reason)
          if (!gone) refuseUpgrade(socket, decision.status, decision.reason)
          return
        }
        if (gone) return
        claimSlot(req, socket, head, ip, decision.clientId, () => gone)
      },
      (error: unknown) => {
        log.warn('upgrade_failed', { error: String(error) })
        if (!gone) refuseUpgrade(socket, 503, 'upgrade_failed')
      },
    )
  }
  const claimSlot = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    ip: string,
    clientId: string,
    isGone: () => boolean,
  ): void => {
    // Claimed before the handshake, so concurrent upgrades cannot overshoot the limit; released
    // exactly once, by the session's close or by the socket dying before the handshake completes.
    ipSlots.claim(ip).then(
      (releaseIp) => {
        if (releaseIp === undefined) {
          metrics.reject('too_many_connections')
          refuseUpgrade(socket, 429, 'too_many_connections')
          return
        }
        if (isGone()) {
          releaseIp()
          return
        }
        accept(req, socket, head, ip, clientId, releaseIp)
      },
      (error: unknown) => {
        log.warn('limit_unavailable', { error: String(error) })
        metrics.reject('limit_unavailable')
        refuseUpgrade(socket, 503, 'limit_unavailable')
      },
    )
  }
  const accept = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    ip: string,
    clientId: string,
    releaseIp: () => void,
  ): void => {
    let accepted = false
    socket.once('close', () => {
      if (!accepted) releaseIp()
    })
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted = true
      metrics.connections++
      log.info('connection_opened', { connections: metrics.connections })
      const conn = runSession(ctx, ws, clientId, ip, (closed) => {
        connections.delete(closed)
        metrics.connections--
        releaseIp()
        for (const topic of closed.subscriptions.keys()) hub.remove(topic, closed)
      })
      ws.once('close', (closeCode) =>
        log.info('connection_closed', { closeCode, connections: metrics.connections }),
      )
      connections.add(conn)
    })
  }

  let pinger: NodeJS.Timeout | undefined
  let sweeper: NodeJS.Timeout | undefined
  /** Shutdown after the server stops accepting: close clients with 1001, then storage. */
  const shutdown = async (): Promise<void> => {
    clearInterval(pinger)
    clearInterval(sweeper)
    const open = [...connections]
    const closed = Promise.all(
      open.map((c) => new Promise<void>((resolve) => c.ws.once('close', () => resolve()))),
    )
    for (const c of open) c.ws.close(CLOSE_GOING_AWAY, 'relay shutting down')
    const grace = setTimeout(() => {
      for (const c of open) c.ws.terminate()
    }, CLOSE_GRACE_MS)
    await closed
    clearTimeout(grace)
  }

  let serving: Awaited<ReturnType<typeof serve>>
  try {
    serving = await serve({
      host: config.host,
      port: config.port,
      maxHeaderBytes: config.maxHeaderBytes,
      trustProxy: config.trustProxy,
      clock: now,
      log,
      metrics: metrics.registry,
      routes: linkRoutes(ctx, links[0] as LinkStore),
      health: {
        service: 'relay',
        node: config.nodeId,
        engine: store.engine,
        ping: () => store.ping(),
      },
      upgrade,
      close: shutdown,
      onClientError: (status) =>
        metrics.reject(status === 431 ? 'header_too_large' : 'bad_http_request'),
    })
  } catch (error) {
    await release()
    throw error
  }
  const { port } = serving
  audiences =
    config.publicUrls.length > 0
      ? config.publicUrls
      : [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]
  const url = serving.url.replace(/^http/, 'ws')

  // docs/RELAY.md#5-pings: clients drop a socket after 35 s of silence; a peer that missed a whole
  // period's pong is gone.
  pinger = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        conn.ws.terminate()
        continue
      }
      conn.alive = false
      conn.ws.ping()
    }
  }, config.pingIntervalMs)
  pinger.unref()
  sweeper = setInterval(() => {
    store.sweep(now()).catch((e: unknown) => log.error('sweep_failed', { error: String(e) }))
  }, SWEEP_INTERVAL_MS)
  sweeper.unref()

  log.info('relay_started', { url, storage: store.engine, audiences })

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await serving.close()
      await release()
      log.info('relay_stopped', {})
    })()
    return closing
  }
  metrics.mailboxUsage = () => store.usage?.()
  metrics.limits = {
    max_subscriptions_per_connection: config.maxSubscriptionsPerConnection,
    max_topics_per_client: config.maxTopicsPerClient,
    mailbox_depth: config.mailboxDepth,
    max_subscriptions: config.maxSubscriptions,
    ...(store.engine === 'file'
      ? {
          max_topic_bytes: config.maxTopicBytes,
          max_client_bytes: config.maxClientBytes,
          max_stored_bytes: config.maxStoredBytes,
        }
      : {}),
  }
  return { url, port, metrics, close }
}
