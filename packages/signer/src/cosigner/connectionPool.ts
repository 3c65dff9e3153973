/**
 * The link's co-signer connections, reused across runs: one live `/v1/mpc` connection per session
 * token carries up to `maxStreams` runs at once (the co-signer's per-connection sub-stream limit;
 * more open a further connection), each run on its own sub-stream. A run that ends cleanly (the
 * co-signer answered its last round and ended its stream) leases the connection back; once no run
 * holds it, it closes after `idleMs`. A run that failed or was aborted may leave its stream open
 * on the co-signer (its run and key lock): the connection is retired — it takes no new run and is
 * closed as soon as the runs still on it finish (at once when none), which ends the co-signer's
 * side of the abandoned run as a per-run connection did. A new token (login again) retires the
 * connections of the old one; a connection that closed or failed is dropped, and the next run
 * opens a new one. `close()` closes every connection.
 */
import type { CosignerConnection } from '@tessera/cosigner-client'

export type Timer = (run: () => void, ms: number) => () => void

export interface Lease {
  readonly connection: CosignerConnection
  /** Gives the run's stream back; `clean` when the co-signer ended it (the run finished). */
  release(clean: boolean): void
}

interface Entry {
  readonly token: string
  readonly opening: Promise<CosignerConnection>
  live: CosignerConnection | undefined
  active: number
  retired: boolean
  gone: boolean
  cancelIdle: (() => void) | undefined
}

export const defaultTimer: Timer = (run, ms) => {
  const handle = setTimeout(run, ms)
  ;(handle as { unref?: () => void }).unref?.()
  return () => clearTimeout(handle)
}

export function createConnectionPool(options: {
  readonly open: (token: string) => Promise<CosignerConnection>
  readonly maxStreams: number
  readonly idleMs: number
  readonly timer: Timer
}) {
  const entries = new Set<Entry>()

  function shut(entry: Entry) {
    entry.gone = true
    entry.cancelIdle?.()
    entry.cancelIdle = undefined
    entries.delete(entry)
    entry.opening.then(
      (c) => c.close(),
      () => {},
    )
  }

  function retire(entry: Entry) {
    entry.retired = true
    if (entry.active === 0) shut(entry)
  }

  function lease(entry: Entry, connection: CosignerConnection): Lease {
    let released = false
    return {
      connection,
      release(clean) {
        if (released) return
        released = true
        entry.active -= 1
        if (entry.gone) return
        if (!clean) entry.retired = true
        if (entry.active > 0) return
        if (entry.retired) return shut(entry)
        entry.cancelIdle = options.timer(() => {
          entry.cancelIdle = undefined
          if (entry.active === 0) shut(entry)
        }, options.idleMs)
      },
    }
  }

  function pick(token: string): Entry {
    for (const entry of entries) {
      if (entry.token !== token) retire(entry)
      else if (!entry.retired && !entry.gone && entry.active < options.maxStreams) return entry
    }
    const entry: Entry = {
      token,
      opening: options.open(token),
      live: undefined,
      active: 0,
      retired: false,
      gone: false,
      cancelIdle: undefined,
    }
    entries.add(entry)
    entry.opening.then(
      (connection) => {
        entry.live = connection
        void connection.closed.then(() => {
          entry.gone = true
          entry.cancelIdle?.()
          entries.delete(entry)
        })
      },
      () => {
        entry.gone = true
        entries.delete(entry)
      },
    )
    return entry
  }

  return {
    /** A connection for one run of `token`'s session; `release` it when the run ends. */
    async acquire(token: string): Promise<Lease> {
      const entry = pick(token)
      entry.active += 1
      entry.cancelIdle?.()
      entry.cancelIdle = undefined
      let connection: CosignerConnection
      try {
        connection = await entry.opening
      } catch (error) {
        entry.active -= 1
        throw error
      }
      return lease(entry, connection)
    },
    /** Closes every connection (runs still on them fail with ConnectionLost). */
    close() {
      for (const entry of [...entries]) shut(entry)
    },
    /** How many connections are open or opening (for tests). */
    get size() {
      return entries.size
    },
  }
}
