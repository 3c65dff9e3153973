/**
 * Where short links live: in memory for the embedded relay (bounded, expiring), in Redis in
 * cluster mode so any node can resolve a link another node registered. Values are pairing URIs:
 * never logged.
 */
import { Redis } from 'ioredis'

export interface LinkStore {
  put(id: string, uri: string, ttlMs: number): Promise<void>
  get(id: string): Promise<string | undefined>
  close(): Promise<void>
}

export function memoryLinkStore(now: () => number = Date.now, maxEntries = 100_000): LinkStore {
  const links = new Map<string, { uri: string; expiresAt: number }>()
  return {
    async put(id, uri, ttlMs) {
      const at = now()
      if (links.size >= maxEntries) {
        for (const [k, v] of links) if (v.expiresAt <= at) links.delete(k)
        // Still full: drop the oldest (Map order is insertion order).
        if (links.size >= maxEntries) links.delete(links.keys().next().value as string)
      }
      links.set(id, { uri, expiresAt: at + ttlMs })
    },
    async get(id) {
      const entry = links.get(id)
      if (entry === undefined) return undefined
      if (entry.expiresAt <= now()) {
        links.delete(id)
        return undefined
      }
      return entry.uri
    },
    async close() {
      links.clear()
    },
  }
}

export async function redisLinkStore(url: string, prefix: string): Promise<LinkStore> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  redis.on('error', () => {})
  await redis.connect()
  return {
    async put(id, uri, ttlMs) {
      await redis.set(`${prefix}:link:${id}`, uri, 'PX', ttlMs)
    },
    async get(id) {
      return (await redis.get(`${prefix}:link:${id}`)) ?? undefined
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}
