/**
 * Assembles and starts one relay node: storage engine, cluster bus (Redis mode), HTTP routes,
 * the WebSocket upgrade gate, pings, the mailbox sweep and graceful shutdown (stop accepting,
 * close clients with 1001 so they reconnect elsewhere, flush storage). Returns `{ url, close }`.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { openRedisBus } from './cluster/redisBus.ts'
import { DEFAULTS, type RelayConfig } from './config.ts'
import { createRateLimiter } from './limits/tokenBucket.ts'
import { type LinkStore, memoryLinkStore, redisLinkStore } from './links/linkStore.ts'
import { linkRoutes } from './links/routes.ts'
import { createLogger } from './log.ts'
import { openFileStore } from './mailbox/fileStore.ts'
import { openRedisStore } from './mailbox/redisStore.ts'
import type { MailboxStore } from './mailbox/types.ts'
import { createMetrics, type Metrics } from './metrics.ts'
import { answerClientError } from './server/clientError.ts'
import { CLOSE_GOING_AWAY, type Connection } from './server/connection.ts'
import type { RelayContext } from './server/context.ts'
import { coreRoutes, send } from './server/httpRoutes.ts'
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
}

export async function startRelay(
  overrides: Partial<RelayConfig> = {},
  options: StartOptions = {},
): Promise<RunningRelay> {
  const config: RelayConfig = { ...DEFAULTS, ...overrides }
  if (config.nodeId === '') config.nodeId = `node-${randomBytes(4).toString('hex')}`
  const log = createLogger(config.logLevel, { node: config.nodeId }, options.logSink)
  const metrics = createMetrics()
  const store: MailboxStore =
    config.storage === 'redis'
      ? await openRedisStore({
          url: config.redisUrl,
          prefix: config.redisPrefix,
          maxSubscriptions: config.maxSubscriptions,
        })
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
        })
  const hub = new Hub(metrics)
  const ctx: RelayContext = {
    config,
    store,
    hub,
    metrics,
    log,
    publishPerClient: createRateLimiter(config.publishPerSecClient),
    publishPerIp: createRateLimiter(config.publishPerSecIp),
  }
  if (config.storage === 'redis') {
    hub.bus = await openRedisBus({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      nodeId: config.nodeId,
      onMessage: (m) => hub.deliverLocal(m, undefined),
      onError: (event, fields) => log.warn(event, fields),
    })
  }

  const connections = new Set<Connection>()
  const perIp = new Map<string, number>()
  let audiences: string[] = []
  const links: LinkStore =
    config.storage === 'redis'
      ? await redisLinkStore(config.redisUrl, config.redisPrefix)
      : memoryLinkStore()
  const routes = [coreRoutes(ctx, Date.now()), linkRoutes(ctx, links)]
  const server = createServer({ maxHeaderSize: config.maxHeaderBytes }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string
    for (const route of routes) if (route(req, res, path)) return
    send(res, 404, 'application/json', '{"error":"not_found"}')
  })
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    perMessageDeflate: false,
  })

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {})
    const decision = decideUpgrade(req, {
      audiences: () => audiences,
      skewSec: config.jwtSkewSec,
      maxConnectionsPerIp: config.maxConnectionsPerIp,
      connectionsFrom: (ip) => perIp.get(ip) ?? 0,
    })
    if (!decision.ok) {
      log.debug('upgrade_refused', { status: decision.status, reason: decision.reason })
      metrics.reject(decision.status === 401 ? `auth_${decision.reason}` : decision.reason)
      refuseUpgrade(socket, decision.status, decision.reason)
      return
    }
    const { ip, clientId } = decision
    // Counted from now, so concurrent upgrades cannot overshoot the limit; released exactly once,
    // by the session's close or by the socket dying before the handshake completes.
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1)
    let released = false
    const release = (): void => {
      if (released) return
      released = true
      const left = (perIp.get(ip) ?? 1) - 1
      if (left === 0) perIp.delete(ip)
      else perIp.set(ip, left)
    }
    let accepted = false
    socket.once('close', () => {
      if (!accepted) release()
    })
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted = true
      metrics.connections++
      log.debug('connection_opened', { clientId, ip })
      ws.once('close', (code) => log.debug('connection_closed', { clientId, ip, code }))
      const conn = runSession(ctx, ws, clientId, ip, (closed) => {
        connections.delete(closed)
        metrics.connections--
        release()
        for (const topic of closed.subscriptions.keys()) hub.remove(topic, closed)
      })
      connections.add(conn)
    })
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = answerClientError(error, socket)
    if (status === 431) metrics.reject('header_too_large')
    else if (status === 400) metrics.reject('bad_http_request')
  })

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(config.port, config.host, () => resolve())
    })
  } catch (error) {
    // Release what was opened (data-directory lock, Redis connections) before reporting.
    await hub.bus?.close()
    await links.close()
    await store.close()
    throw error
  }
  // After listen, server errors (e.g. EMFILE on accept when out of descriptors) are reported,
  // never fatal: the node keeps serving the connections it has.
  server.on('error', (error: NodeJS.ErrnoException) => {
    metrics.reject('accept_error')
    log.error('server_error', { code: error.code ?? 'unknown' })
  })
  const port = (server.address() as AddressInfo).port
  audiences =
    config.publicUrls.length > 0
      ? config.publicUrls
      : [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]
  const url = `ws://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`

  // docs/RELAY.md#5-pings: clients drop a socket after 35 s of silence; a peer that missed a whole
  // period's pong is gone.
  const pinger = setInterval(() => {
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
  const sweeper = setInterval(() => {
    store.sweep(Date.now()).catch((e: unknown) => log.error('sweep_failed', { error: String(e) }))
  }, SWEEP_INTERVAL_MS)
  sweeper.unref()

  log.info('relay_started', { url, storage: store.engine, audiences })

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(pinger)
      clearInterval(sweeper)
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
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
      server.closeAllConnections()
      await serverClosed
      await hub.bus?.close()
      await links.close()
      await store.close()
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
