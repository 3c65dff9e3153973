/**
 * The one `/health` shape of both servers: 200 with `status: "ok"` when the storage answers,
 * 503 with `status: "unavailable"` when it does not. Never says why in detail (that goes to the
 * log); monitors read `status` and the HTTP code.
 */

export interface HealthSource {
  /** `relay`, `cosigner`. */
  service: string
  /** This process's name in logs and the cluster. */
  node: string
  /** Storage engine (`file`, `redis`, `pglite`, `postgres`). */
  engine: string
  /** Resolves when the storage answers; rejects (or times out) when it does not. */
  ping(): Promise<void>
}

export interface Health {
  status: 'ok' | 'unavailable'
  service: string
  node: string
  uptimeSec: number
  storage: { engine: string; reachable: boolean }
}

/** How long `/health` waits for the storage before answering 503. */
export const HEALTH_PING_TIMEOUT_MS = 5000

export async function checkHealth(source: HealthSource, uptimeMs: number): Promise<Health> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), HEALTH_PING_TIMEOUT_MS)
  })
  const reachable = await Promise.race([source.ping(), timeout]).then(
    () => true,
    () => false,
  )
  clearTimeout(timer)
  return {
    status: reachable ? 'ok' : 'unavailable',
    service: source.service,
    node: source.node,
    uptimeSec: Math.max(0, Math.round(uptimeMs / 1000)),
    storage: { engine: source.engine, reachable },
  }
}
