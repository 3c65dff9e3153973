/**
 * An append-only file of text lines with group commit: lines appended in one turn of the event
 * loop go out in one write(2) on the libuv thread pool (a slow disk never blocks the event loop);
 * each append resolves once its bytes are in the file (and fdatasync'ed, when syncing every
 * batch). Rewrites itself from a snapshot when the caller says most of it is dead; the rewrite
 * goes to a temporary file renamed over the log, so a crash leaves the old or the new, whole.
 */
import { closeSync, fdatasync, fsyncSync, openSync, renameSync, write, writeSync } from 'node:fs'

export interface AppendLogOptions {
  path: string
  /** fdatasync at most this often (ms); 0 syncs before every append resolves. */
  fsyncIntervalMs: number
  /** Lines written since the last rewrite; decides when a rewrite is worth it. */
  initialRecords: number
  compactAfterRecords: number
  /** The live state as lines, and how many there are. */
  snapshot: () => Iterable<string>
  liveCount: () => number
}

export interface AppendLog {
  append(line: string): Promise<void>
  close(): Promise<void>
}

export function openAppendLog(options: AppendLogOptions): AppendLog {
  let fd = openSync(options.path, 'a')
  let pending: string[] = []
  let waiters: { resolve: () => void; reject: (e: Error) => void }[] = []
  let scheduled = false
  let writing = false
  let dirty = false
  let syncing = false
  let closed = false
  let records = options.initialRecords
  let nextCompactionAt = options.compactAfterRecords
  let idle: (() => void) | undefined

  const writeAll = (buf: Buffer, offset: number, done: (error: Error | null) => void): void => {
    write(fd, buf, offset, buf.length - offset, null, (error, written) => {
      if (error) done(error)
      else if (offset + written < buf.length) writeAll(buf, offset + written, done)
      else done(null)
    })
  }

  const flush = (): void => {
    scheduled = false
    if (writing || pending.length === 0) {
      if (!writing) idle?.()
      return
    }
    const data = Buffer.from(pending.join(''))
    const batch = waiters
    pending = []
    waiters = []
    writing = true
    writeAll(data, 0, (error) => {
      const finish = (e: Error | null): void => {
        writing = false
        for (const w of batch) e ? w.reject(e) : w.resolve()
        maybeCompact()
        flush()
      }
      if (error) return finish(error)
      dirty = true
      if (options.fsyncIntervalMs > 0) return finish(null)
      fdatasync(fd, (e) => {
        dirty = false
        finish(e)
      })
    })
  }

  const maybeCompact = (): void => {
    // Lines still pending are already reflected in the snapshot and land after it; replaying a
    // line over state that includes it is harmless (every record sets a value or adds an ack).
    if (records <= nextCompactionAt) return
    // Counting live lines walks the state, so it runs only when the log has grown a lot.
    const live = options.liveCount()
    if (records > 4 * live) rewrite()
    nextCompactionAt = Math.max(options.compactAfterRecords, records * 2, live * 4)
  }

  const rewrite = (): void => {
    const tmp = `${options.path}.tmp`
    const out = openSync(tmp, 'w')
    let chunk: string[] = []
    let count = 0
    for (const line of options.snapshot()) {
      chunk.push(line)
      count++
      if (chunk.length >= 1000) {
        writeSync(out, chunk.join(''))
        chunk = []
      }
    }
    writeSync(out, chunk.join(''))
    fsyncSync(out)
    closeSync(out)
    closeSync(fd)
    renameSync(tmp, options.path)
    fd = openSync(options.path, 'a')
    dirty = false
    records = count
  }

  const timer =
    options.fsyncIntervalMs > 0
      ? setInterval(() => {
          if (closed || syncing || !dirty) return
          syncing = true
          dirty = false
          fdatasync(fd, () => {
            syncing = false
          })
        }, options.fsyncIntervalMs).unref()
      : undefined

  return {
    append(line) {
      if (closed) return Promise.reject(new Error('mailbox log is closed'))
      pending.push(line)
      records++
      if (!scheduled) {
        scheduled = true
        queueMicrotask(flush)
      }
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }))
    },
    async close() {
      if (closed) return
      closed = true
      if (timer !== undefined) clearInterval(timer)
      // Let queued and in-flight batches land, then make them durable.
      await new Promise<void>((resolve) => {
        idle = resolve
        if (!scheduled) flush()
      })
      fsyncSync(fd)
      closeSync(fd)
    },
  }
}
